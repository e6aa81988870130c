"""minsheng demo: the month's cycle on the embedded 2024 data, in a fresh folder."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from minsheng.cli import OK, UNUSABLE
from minsheng.jobs.closing import under

MARKER = ".minsheng-demo"


def add_arguments(p) -> None:
    p.add_argument("--out", type=Path, default=Path("out/demo"), help="演示输出目录（每次清空重建）")
    p.add_argument("--month", type=int, default=3, help="演示的月份，缺省 3 月")


def fresh_folder(out: Path) -> Path:
    """Empty ``out`` if an earlier demo made it; refuse to touch any other folder."""
    if out.exists():
        if not (out / MARKER).exists():
            raise FileExistsError(f"{out} 已存在且不是演示目录，请换一个 --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("minsheng demo output; safe to delete\n", encoding="utf-8")
    return out


def run(args) -> int:
    from minsheng.demo import story as demo

    try:
        out = fresh_folder(args.out)
    except FileExistsError as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    code = demo.run(out, args.month) or OK
    closing = under(out)
    if closing:
        print(closing)
    return code
