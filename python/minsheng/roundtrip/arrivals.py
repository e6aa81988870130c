"""Which of the returns that arrived count: one per unit, and none older than what was merged.

``newest`` keeps a unit's return saved last when it sent twice in one run (the older ones are
reported with their differences as ``sent-twice``); ``not_older`` does the same across runs,
against the saved time 报送记录 holds for the return already merged (``older-than-merged``). Both
add their findings to the run's ``ConsolidationResult.duplicates`` (``result``).
"""

from __future__ import annotations

from minsheng.check.findings import make
from minsheng.check.rowcheck import shown
from minsheng.model import layout as L
from minsheng.model.book import Book
from minsheng.model.text import cell_time
from minsheng.roundtrip import roster
from minsheng.roundtrip.returns import Return
from minsheng.roundtrip.seal import norm


def not_older(master: Book, month: int, kept: list[tuple[Return, str]], result,
              recorded: dict[str, tuple[int, dict[str, object]]] | None = None) -> list[tuple[Return, str]]:
    """Across runs as within one: a return saved before the one already merged for its unit (报送记录's
    时间 is the saved time of what was merged) is reported, not merged. ``recorded``: the month's
    rows of 报送记录 (``roster.current``) when the caller has read them already."""
    recorded = roster.current(master, month) if recorded is None else recorded
    out = []
    for ret, unit in kept:
        record = recorded.get(unit, (0, {}))[1]
        when = cell_time(record.get("时间"))
        if (str(record.get("状态") or "").strip() == roster.SENT and when is not None and ret.saved < when
                and str(record.get("sha256") or "") != ret.sha256):
            result.duplicates.append(make("older-than-merged", unit=unit, file=ret.name, saved=f"{ret.saved:%Y-%m-%d %H:%M:%S}",
                                          merged=record.get("文件") or "", merged_saved=f"{when:%Y-%m-%d %H:%M:%S}"))
            continue
        out.append((ret, unit))
    return out


def newest(sealed: list[tuple[Return, str]], result) -> list[tuple[Return, str]]:
    """One return per unit: the one saved last; older ones are reported with their differences."""
    by_unit: dict[str, list[Return]] = {}
    for ret, unit in sealed:
        by_unit.setdefault(unit, []).append(ret)
    kept = []
    for unit, rets in by_unit.items():
        rets.sort(key=lambda r: (r.saved, r.mtime, r.name))
        newest = rets[-1]
        kept.append((newest, unit))
        for older in rets[:-1]:
            result.duplicates.append(make(
                "sent-twice", unit=unit, file=older.name, kept=newest.name, dropped=older.name,
                kept_saved=f"{newest.saved:%Y-%m-%d %H:%M}", dropped_saved=f"{older.saved:%Y-%m-%d %H:%M}",
                details={"kept": newest.name, "dropped": older.name, "differences": differences(newest, older)}))
    return kept


def differences(kept: Return, dropped: Return) -> list[dict]:
    a, b = kept.sheet.by_key(), dropped.sheet.by_key()
    out = []
    for key in dict.fromkeys([*a, *b]):
        for header in L.INPUT_COLUMNS:
            x, y = a.get(key, (0, {}))[1].get(header), b.get(key, (0, {}))[1].get(header)
            if norm(x) != norm(y):
                out.append({"item": key[0], "indicator": key[1], "column": header, "kept": shown(x), "dropped": shown(y)})
    return out
