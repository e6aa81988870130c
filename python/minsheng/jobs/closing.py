"""The closing line of a job that wrote files, as both faces end with it: ``共写入 N 个文件：…``.

The command line (``minsheng.commands.closing.finish``, the demo) prints it; the ribbon's buttons
(``minsheng.xl.closing``) end their message with it. It is counted from the paths the job returns;
a path that is not on disk (a PDF that LibreOffice could not make) is not counted."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def written(paths: Iterable[object]) -> str | None:
    """``"共写入 3 个文件：/a（2 个）、/b（1 个）"``, folders in the order first met; ``None`` when
    none of ``paths`` (``Path``, ``str`` or ``None``) is a file on disk."""
    files = list(dict.fromkeys(Path(p).resolve() for p in paths if p and Path(p).is_file()))
    if not files:
        return None
    folders: dict[Path, int] = {}
    for f in files:
        folders[f.parent] = folders.get(f.parent, 0) + 1
    where = "、".join(f"{folder}（{n} 个）" for folder, n in folders.items())
    return f"共写入 {len(files)} 个文件：{where}"


def under(folder: Path) -> str | None:
    """``"共写入 75 个文件，都在 /out（及其下 12 个文件夹）"``: the closing line of a run that fills
    one folder (the demo); hidden files (a marker) are not counted; ``None`` when it holds none."""
    files = [p for p in Path(folder).rglob("*") if p.is_file() and not p.name.startswith(".")]
    if not files:
        return None
    subfolders = {p.parent for p in files} - {Path(folder)}
    inside = f"（及其下 {len(subfolders)} 个文件夹）" if subfolders else ""
    return f"共写入 {len(files)} 个文件，都在 {Path(folder).resolve()}{inside}"
