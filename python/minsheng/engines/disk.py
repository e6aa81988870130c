"""Safe writes: a timestamped backup, a temporary file, an atomic rename.

A clerk's master is never half-written: either the old file or the new one is
there. A workbook open in Excel (its ``~$`` lock file exists) is not touched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path


class WorkbookBusy(RuntimeError):
    """The workbook is open in Excel or WPS; writing behind its back would lose work."""


def lock_files(path: Path) -> list[Path]:
    """Owner files that say a workbook is open: Excel/WPS write ``~$`` + the name (for a long
    name, the name less its first two characters), LibreOffice ``.~lock.<name>#``."""
    return [path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:]),
            path.with_name(f".~lock.{path.name}#")]


def ensure_not_open(path: Path) -> None:
    for candidate in lock_files(path):
        if candidate.exists():
            raise WorkbookBusy(f"{path.name} 正在被 Excel/WPS/LibreOffice 打开（发现 {candidate.name}），"
                               "请先保存并关闭该工作簿再运行。")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(path: Path, now: datetime | None = None) -> Path:
    """Copy ``path`` to ``备份/<stem>.<YYYYmmdd-HHMMSS>.<suffix>`` beside it and return the copy."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = path.parent / "备份"
    folder.mkdir(exist_ok=True)
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    n = 1
    while target.exists():
        target = folder / f"{path.stem}.{stamp}-{n}{path.suffix}"
        n += 1
    shutil.copy2(path, target)
    return target


def atomic_write(path: Path, write: Callable[[Path], None], *, keep_backup: bool = True) -> Path | None:
    """Call ``write(tmp)`` for a temporary file beside ``path``, then rename it over ``path``.

    Returns the backup of the previous file, if there was one. Nothing is changed when
    ``write`` raises, or when the result is byte-identical to what is already there.
    """
    path = Path(path)
    ensure_not_open(path)
    fd, name = tempfile.mkstemp(prefix=".~tmp-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        if path.exists() and sha256(path) == sha256(tmp):
            return None
        saved = backup(path) if keep_backup and path.exists() else None
        os.replace(tmp, path)
        return saved
    finally:
        tmp.unlink(missing_ok=True)
