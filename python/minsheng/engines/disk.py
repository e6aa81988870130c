"""Safe writes: one writer at a time, a bounded set of backups, a temporary file, an atomic rename.

A clerk's master is never half-written: either the old file or the new one is there. A workbook
open in Excel (its ``~$`` lock file exists) is not touched; nor is one another run of ours is
writing (``master_lock``). A master reached through a symbolic link is written at its target, with
its mode kept; a read-only master, too little free space or a folder we may not write is refused
with a message naming the path (``CannotWrite``), never half-done.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from minsheng.engines.backups import prune  # noqa: F401  (re-exported: the backup policy)
from minsheng.engines.lock import MasterBusy, WorkbookBusy, master_lock  # noqa: F401

BACKUP_FOLDER = "备份"
SPACE_MARGIN = 1 << 20  # bytes kept free beyond the new master and its backup


class CannotWrite(OSError):
    """The file system refuses the write (read-only file, no space, no permission); said in Chinese."""

    def __str__(self) -> str:
        return self.args[0] if self.args else ""


_REASONS = {errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "所在磁盘为只读",
            errno.ENOSPC: "磁盘空间已满", errno.EDQUOT: "超出磁盘配额", errno.ENOTDIR: "路径中有同名的文件而不是文件夹",
            errno.EEXIST: "已有同名的文件"}


def explain(e: OSError, where: Path, doing: str) -> CannotWrite:
    """An ``OSError`` as a Chinese sentence naming the path and what to do."""
    if isinstance(e, CannotWrite):
        return e
    reason = _REASONS.get(e.errno, e.strerror or type(e).__name__)
    place = e.filename or where
    return CannotWrite(f"{doing}失败：{place}（{reason}）。主台账未改动；"
                       "请检查该文件夹的写入权限和磁盘空间，或把主台账复制到可写的文件夹后再运行。")


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


def ensure_writable(path: Path) -> None:
    """Refuse a master whose read-only attribute is set (checked on the mode: root ignores it)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise CannotWrite(f"{path} 是只读文件，未做任何改动。如确需写入，请先在文件属性中取消“只读”后再运行。")


def ensure_space(path: Path, need: int) -> None:
    free = shutil.disk_usage(path.parent).free
    if free < need + SPACE_MARGIN:
        raise CannotWrite(f"{path.parent} 所在磁盘剩余空间不足（剩余 {free / 2**20:.1f} MB，"
                          f"写入主台账和备份约需 {(need + SPACE_MARGIN) / 2**20:.1f} MB），未做任何改动；"
                          "请清理磁盘（例如删除“备份”文件夹中过旧的备份）后再运行。")


def _within_second(name: str, stem: str, suffix: str) -> int | None:
    """A backup's -n among those made in one second (0 for the first, unnumbered); None for another file."""
    if name == stem + suffix:
        return 0
    rest = name[len(stem):-len(suffix)] if name.startswith(stem + "-") and name.endswith(suffix) else ""
    return int(rest[1:]) if rest[1:].isdigit() else None


def backup(path: Path, now: datetime | None = None) -> Path:
    """Copy ``path`` to ``备份/<stem>.<YYYYmmdd-HHMMSS>.<suffix>`` beside it and return the copy.

    The copy is made under a temporary name and renamed when whole: a full disk leaves no
    truncated backup behind.
    """
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = path.parent / BACKUP_FOLDER
    try:
        folder.mkdir(exist_ok=True)
    except OSError as e:
        raise explain(e, folder, "创建备份文件夹") from None
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    taken = [n for p in folder.iterdir() if (n := _within_second(p.name, f"{path.stem}.{stamp}", path.suffix)) is not None]
    if taken:  # after the last one made in this second, even when pruning freed an earlier name
        target = folder / f"{path.stem}.{stamp}-{max(taken) + 1}{path.suffix}"
    partial = folder / f".~partial-{os.getpid()}-{target.name}"
    try:
        shutil.copy2(path, partial)
        os.replace(partial, target)
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise explain(e, folder, "备份主台账") from None
    return target


def atomic_write(path: Path, write: Callable[[Path], None], *, keep_backup: bool = True,
                 retain: tuple[int, int] | None = None, now: datetime | None = None) -> Path | None:
    """Call ``write(tmp)`` for a temporary file beside ``path``, then rename it over ``path``.

    Returns the backup of the previous file, if there was one. Nothing is changed when
    ``write`` raises, or when the result is byte-identical to what is already there. A symbolic
    link is written through to its target; the target's mode is kept. ``retain`` = (last N,
    days D) prunes older backups after the write (``backups.prune``), never the one just made.
    ``now`` (default the time of the call) stamps the backup's name and dates the pruning.
    """
    link = Path(path)
    ensure_not_open(link)
    path = Path(os.path.realpath(link))
    ensure_writable(path)
    old = path.stat() if path.exists() else None
    if old is not None:
        ensure_space(path, old.st_size * (2 if keep_backup else 1))
    try:
        fd, name = tempfile.mkstemp(prefix=".~tmp-", suffix=path.suffix, dir=path.parent)
    except OSError as e:
        raise explain(e, path.parent, "在文件夹中写入") from None
    os.close(fd)
    tmp = Path(name)
    try:
        try:
            write(tmp)
        except OSError as e:
            raise explain(e, path.parent, "写入") from None
        if old is not None and sha256(path) == sha256(tmp):
            return None
        saved = backup(path, now) if keep_backup and old is not None else None
        try:
            if old is None:  # a new file gets the mode any program would give it
                mask = os.umask(0)
                os.umask(mask)
                os.chmod(tmp, 0o666 & ~mask)
            else:
                os.chmod(tmp, stat.S_IMODE(old.st_mode))
                if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                    try:
                        os.chown(tmp, old.st_uid, old.st_gid)
                    except OSError:
                        pass  # not ours to give away: the mode is kept, the owner is ours
            os.replace(tmp, path)
        except OSError as e:
            raise explain(e, path, "替换主台账") from None
        if saved is not None and retain is not None:
            prune(saved.parent, path, *retain, keep=saved, now=now)
        return saved
    finally:
        tmp.unlink(missing_ok=True)
