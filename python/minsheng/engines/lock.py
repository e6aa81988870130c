"""One writer at a time: a lock file beside the master, taken before reading, held until the rename.

``.~minsheng.<name>.lock`` holds who took it (user, host, pid, when). A second run is refused with
``MasterBusy`` naming them; a lock left by a run that died (its pid gone on this host) or older
than ``STALE_AFTER`` is taken over. Nested use in one process is counted, not refused.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

STALE_AFTER = 2 * 3600  # seconds: no run of ours takes this long
_held: dict[Path, int] = {}


class WorkbookBusy(RuntimeError):
    """The workbook is open in Excel or WPS, or being written: writing behind its back would lose work."""


class MasterBusy(WorkbookBusy):
    """Another run of ours is writing this master."""


def lock_path(master: Path) -> Path:
    real = Path(os.path.realpath(master))
    return real.with_name(f".~minsheng.{real.name}.lock")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "未知用户"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _stale(owner: dict, age: float) -> bool:
    if age > STALE_AFTER:
        return True
    if owner.get("host") == socket.gethostname() and isinstance(owner.get("pid"), int):
        return not _alive(owner["pid"])
    return False


def _read(path: Path) -> tuple[dict, float] | None:
    try:
        text, age = path.read_text(encoding="utf-8"), time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return None
    try:
        owner = json.loads(text)
    except ValueError:
        owner = {}
    return (owner if isinstance(owner, dict) else {}), age


def _try_create(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"user": _user(), "host": socket.gethostname(), "pid": os.getpid(),
                   "started": datetime.now().isoformat(timespec="seconds")}, f, ensure_ascii=False)
    return True


def busy_message(owner: dict) -> str:
    who = owner.get("user") or "另一位用户"
    if owner.get("host") and owner.get("host") != socket.gethostname():
        who += f"@{owner['host']}"
    started = str(owner.get("started") or "刚才").replace("T", " ")
    return f"另一个汇总正在进行（{who}，开始于 {started}），请稍后再试"


def acquire(master: Path, wait: float = 0.0) -> Path:
    """Take the lock (waiting up to ``wait`` seconds) or raise ``MasterBusy``."""
    path = lock_path(master)
    deadline = time.monotonic() + wait
    while True:
        try:
            if _try_create(path):
                return path
        except OSError:
            return path  # a folder we may not write: the write itself will say so by path
        found = _read(path)
        if found is not None and _stale(*found):
            aside = path.with_name(f"{path.name}.stale-{os.getpid()}")
            try:
                os.replace(path, aside)  # only one taker wins the rename
                aside.unlink(missing_ok=True)
            except OSError:
                pass
            continue
        if found is None:
            continue  # released between our two looks
        if time.monotonic() >= deadline:
            raise MasterBusy(busy_message(found[0]))
        time.sleep(0.1)


def release(path: Path) -> None:
    found = _read(path)
    if found is not None and found[0].get("pid") == os.getpid() and found[0].get("host") == socket.gethostname():
        path.unlink(missing_ok=True)


@contextmanager
def master_lock(master: Path, wait: float = 0.0):
    """Hold the master's lock for the block; nested holds in one process share it."""
    key = lock_path(master)
    if _held.get(key):
        _held[key] += 1
        try:
            yield key
        finally:
            _held[key] -= 1
        return
    path = acquire(master, wait)
    _held[key] = 1
    try:
        yield path
    finally:
        _held.pop(key, None)
        release(path)
