"""Backups within bounds: the last N and the newest of each of the last D days are kept.

Backups are ``备份/<stem>.<YYYYmmdd-HHMMSS>[-n].<suffix>`` (``disk.backup``). Settings
备份保留份数 (N) and 备份保留天数 (D) come from 配置. The backup just written is never pruned,
nor any file that is not one of ours.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path


def _stamp(name: str, stem: str, suffix: str) -> tuple[datetime, int] | None:
    """When a backup was made, and its -n within that second (0 for none): the order they were made."""
    found = re.fullmatch(re.escape(stem) + r"\.(\d{8}-\d{6})(?:-(\d+))?" + re.escape(suffix), name)
    if not found:
        return None
    try:
        return datetime.strptime(found.group(1), "%Y%m%d-%H%M%S"), int(found.group(2) or 0)
    except ValueError:
        return None


def to_keep(names: list[str], stem: str, suffix: str, last: int, days: int, now: datetime) -> set[str]:
    """Which backup names the policy keeps (names that are not backups are not considered)."""
    dated = sorted(((s, n) for n in names if (s := _stamp(n, stem, suffix)) is not None), reverse=True)
    keep = {n for _, n in dated[:max(last, 0)]}
    seen_days: set = set()
    since = (now - timedelta(days=max(days, 0))).date()
    for (when, _), name in dated:
        if when.date() > since and when.date() not in seen_days:
            seen_days.add(when.date())
            keep.add(name)
    return keep


def prune(folder: Path, master: Path, last: int, days: int, *, keep: Path | None = None,
          now: datetime | None = None) -> list[Path]:
    """Delete the master's backups the policy does not keep; the deleted paths."""
    names = [p.name for p in folder.iterdir() if p.is_file()]
    kept = to_keep(names, master.stem, master.suffix, last, days, now or datetime.now())
    if keep is not None:
        kept.add(keep.name)
    gone = []
    for name in names:
        if name not in kept and _stamp(name, master.stem, master.suffix) is not None:
            try:
                (folder / name).unlink()
                gone.append(folder / name)
            except OSError:
                continue  # a backup we cannot delete stays; the next run tries again
    return gone
