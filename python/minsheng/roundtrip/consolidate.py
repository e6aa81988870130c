"""汇总回收表: merge units' returns into the master — the core decides, adapters apply.

``plan_consolidation`` reads the returns (``minsheng.roundtrip.returns``), checks each one
against the master (seal, month, unit, locked cells), keeps the newest return of
a unit that sent twice, reads each row by 项目编号 + 指标 and its input cells by
header, and says which master cells change (``CellChange``), what goes into 日志
and 报送记录, and what was refused and why. It never writes: the CLI applies the
result with ``fileio.apply_changes``, the Excel adapter through xlwings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from minsheng.model import layout as L
from minsheng.model.cadence import last_reported
from minsheng.roundtrip import roster
from minsheng.roundtrip.arrivals import newest, not_older
from minsheng.roundtrip.cached import month_cached
from minsheng.engines.disk import sha256
from minsheng.check.findings import ERROR, Finding, make
from minsheng.roundtrip.returns import Rejected, Return, display_name, failed, read_return
from minsheng.check.rowcheck import Value, same, shown
from minsheng.roundtrip.seal import master_id, norm
from minsheng.model.settings import Settings, load as load_settings
from minsheng.roundtrip.intake import RANK_OTHER, Context, Source, Update
from minsheng.model.directory import from_book
from minsheng.model.units import UnitDirectory
from minsheng.model.book import Book, CellChange, row_key

# what an untouched return still holds as sent: 填报人 and 联系电话 come from 单位通讯录 as often as from last month
COMPARED = tuple(h for h in L.INPUT_COLUMNS if h not in ("填报人", "联系电话"))

ACTION = "汇总回收表"
LOG_LIMIT = 30000  # an Excel cell holds 32767 characters


@dataclass
class Accepted:
    file: str
    unit: str
    rows: int
    changed_cells: int
    kind: str  # "return" | "master-copy"

    def to_dict(self) -> dict:
        return {"file": self.file, "unit": self.unit, "rows": self.rows, "changed_cells": self.changed_cells,
                "kind": self.kind}


@dataclass
class ConsolidationResult:
    month: int
    changes: list[CellChange] = field(default_factory=list)
    log: list[list] = field(default_factory=list)
    accepted: list[Accepted] = field(default_factory=list)
    rejected: list[Finding] = field(default_factory=list)  # files refused whole
    row_findings: list[Finding] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)
    duplicates: list[Finding] = field(default_factory=list)  # returns that overlap, with their files in details
    untouched: list[Finding] = field(default_factory=list)  # returns sent back as they went out: 原样退回
    results: dict[str, dict[str, object]] = field(default_factory=dict)  # formula cells' cached results after the changes

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.row_findings if f.severity == ERROR]

    @property
    def all_merged(self) -> bool:
        """Nothing refused: no rejected file, no row left out for an error."""
        return not self.rejected and not self.errors

    def flat(self, *fields: str) -> list[tuple]:
        return [tuple(getattr(f, name) for name in fields) for f in self.row_findings]

    def to_dict(self) -> dict:
        return {"month": self.month, "accepted": [a.to_dict() for a in self.accepted], "rejected": [f.to_dict() for f in self.rejected],
                "row_findings": [f.to_dict() for f in self.row_findings], "missing_units": self.missing_units,
                "duplicates": [f.to_dict() for f in self.duplicates], "untouched": [f.to_dict() for f in self.untouched],
                "changed_cells": len(self.changes)}


def plan_consolidation(master: Book, returns: list[Path], month: int, *, settings: Settings | None = None,
                       units: UnitDirectory | None = None, now: datetime | None = None,
                       progress: Callable[[int, int, str], None] | None = None) -> ConsolidationResult:
    settings = settings or load_settings(master)
    ctx = Context(master, month, settings, units or from_book(master), master_id(master, settings.year))
    result = ConsolidationResult(month)
    sealed: list[tuple[Return, str]] = []
    copies: list[Return] = []
    refused: dict[str, roster.Entry] = {}
    for i, path in enumerate(returns, start=1):
        if progress:
            progress(i, len(returns), display_name(Path(path)))
        try:
            ret = read_return(path, month)
            if ret.seal is not None:
                sealed.append((ret, ctx.check_sealed(ret)))
            else:
                ctx.check_copy(ret)
                copies.append(ret)
        except Rejected as r:
            result.rejected.append(r.finding)
            if r.finding.unit:
                refused.setdefault(r.finding.unit, roster.Entry(roster.RETURNED, display_name(Path(path)), "",
                                                                sha256(Path(path)), r.finding.message))
        except OSError as e:
            result.rejected.append(make("unreadable", file=display_name(Path(path)), reason=e.strerror or e))
        except Exception as e:  # no single file takes the run down: a bug on one file refuses that file
            result.rejected.append(failed(path, e))
    recorded = roster.current(master, month)  # 报送记录's rows of the month: read once, for both uses
    kept = not_older(master, month, newest(sealed, result), result, recorded)
    prefill = _prefill(master, month, ctx) if kept else {}
    untouched: set[int] = set()  # returns sent back as they went out: only their contact rows count
    for ret, unit in kept:
        if _untouched(ret, prefill.get(unit, {})):
            untouched.add(id(ret))
            finding = make("returned-untouched", file=ret.name, unit=unit, rows=len(ret.seal.rows))
            result.untouched.append(finding)
            refused[unit] = roster.Entry(roster.UNTOUCHED, ret.name, ret.saved.isoformat(sep=" "), ret.sha256,
                                         finding.message)
    sources = _isolated([(ctx.read_sealed, ret, unit) for ret, unit in kept]
                        + [(ctx.read_copy, c) for c in copies], result)
    for source in sources:
        if id(source.ret) in untouched:  # nothing of the report is taken; a changed contact row still is
            source.updates.clear()
            source.findings = [f for f in source.findings if f.code.startswith("contact")]
        result.row_findings += source.findings
    applied = _resolve(ctx, sources, result)
    for source in sources:
        if source.contact:
            applied.setdefault(id(source), []).extend(source.contact)
    outcomes = dict(refused)
    for source in sorted(sources, key=lambda s: s.kind == "return"):  # a unit's own return over a copy
        if id(source.ret) in untouched:
            continue
        for unit in source.reported_units():
            outcomes[unit] = roster.Entry(roster.SENT, source.ret.name, source.ret.saved.isoformat(sep=" "),
                                          source.ret.sha256, source.note())
    changes, statuses, changed_units = roster.plan(master, month, ctx.expected, outcomes, recorded)
    result.missing_units = [u for u in ctx.expected if statuses.get(u) != roster.SENT]
    result.changes = [c for s in sources for c, _ in applied.get(id(s), [])] + changes
    result.results = month_cached(master, month, result.changes, settings, kinds=ctx.kinds, plan=ctx.plan_records)
    for source in sources:
        done = applied.get(id(source), [])
        if id(source.ret) in untouched:
            entry = outcomes[source.unit]
            if source.unit in changed_units and entry is refused.get(source.unit):
                result.log.append([_stamp(now), ACTION, entry.file, entry.sha256, source.unit, f"原样退回：{entry.note}"])
            if done:  # its contact row: the file is taken for that, and it stays 原样退回
                result.accepted.append(Accepted(source.ret.name, source.unit_label(), source.rows, len(done), source.kind))
                result.log.append(_log_row(now, source, month, done))
            continue
        result.accepted.append(Accepted(source.ret.name, source.unit_label(), source.rows, len(done), source.kind))
        if done or changed_units & set(source.reported_units()):
            result.log.append(_log_row(now, source, month, done))
    for unit, entry in refused.items():
        if unit in changed_units and outcomes[unit] is entry and entry.status != roster.UNTOUCHED:
            result.log.append([_stamp(now), ACTION, entry.file, entry.sha256, unit, f"退回：{entry.note}"])
    return result


def _prefill(master: Book, month: int, ctx: Context) -> dict[str, dict[tuple[str, str], dict[str, object]]]:
    """Unit → row key → the input cells as 下发填报表 prefills them: each row's last report's figures and
    texts (``model.cadence.last_reported``; 填报日期 blank), whatever this month's sheet holds by now."""
    before = last_reported(master, month, keys=ctx.owners, read=ctx.read)
    out: dict[str, dict[tuple[str, str], dict[str, object]]] = {}
    for key, owners in ctx.owners.items():
        record = before.get(key, {})
        for unit in owners:
            out.setdefault(unit, {})[key] = {h: record.get(h) for h in L.CARRIED}
    return out


def _untouched(ret: Return, sent: dict[tuple[str, str], dict[str, object]]) -> bool:
    """Every sealed row back with its input cells as they were sent: nothing typed, not a report. A
    row missing or changed, or a file whose rows are not all known, is a report and read as one."""
    if not ret.seal.rows or not any(norm(v) for key in ret.seal.rows for v in sent.get(key, {}).values()):
        return False  # nothing was prefilled: a blank file back is rows not reported, said row by row
    seen = set()
    for _, record in ret.records():
        key = row_key(record)
        if key in ret.seal.rows:
            if key not in sent or any(norm(record.get(h)) != norm(sent[key].get(h)) for h in COMPARED):
                return False
            seen.add(key)
    return seen == set(ret.seal.rows)


def _isolated(reads: list[tuple], result: ConsolidationResult) -> list[Source]:
    """Each return read row by row; one that raises is refused by name, the others go on."""
    sources = []
    for read, ret, *unit in reads:
        try:
            sources.append(read(ret, *unit))
        except Exception as e:
            result.rejected.append(failed(ret.path, e))
    return sources


def _resolve(ctx: Context, sources: list[Source], result: ConsolidationResult) -> dict[int, list[tuple[CellChange, Value]]]:
    """Per row, the update that wins: the lead unit's return (the first listed in 责任单位), then a
    copy of the master; another responsible unit's figure is reported, never merged. Updates of equal rank that disagree are reported and not merged."""
    candidates: dict[tuple[str, str], list[tuple[Update, Source]]] = {}
    for source in sources:
        for key, update in source.updates.items():
            candidates.setdefault(key, []).append((update, source))
    applied: dict[int, list[tuple[CellChange, Value]]] = {}
    for key, found in candidates.items():
        found.sort(key=lambda c: c[0].rank)
        top = [c for c in found if c[0].rank == found[0][0].rank]
        if len(top) > 1 and len({c[0].signature() for c in top}) > 1:
            result.duplicates.append(_clash("copies-disagree" if top[0][1].kind == "master-copy" else "units-disagree",
                                            key, top))
            continue
        update, source = top[0]
        if update.rank == RANK_OTHER:  # a partner of a shared item: only the lead's figure is merged
            result.duplicates.append(_clash("partner-not-merged", key, found, lead=ctx.owners[key][0],
                                            unit=source.unit_label()))
            continue
        losers = [c for c in found[len(top):] if c[0].signature() != update.signature()]
        if losers:
            result.duplicates.append(_clash("overridden", key, [top[0], *losers], kept=source.ret.name,
                                            kept_unit=source.unit_label()))
        row = ctx.rows[key][0]
        source.merged(ctx.owners[key])
        for header, value in update.values.items():
            old = ctx.rows[key][1].get(header)
            applied.setdefault(id(source), []).append(
                (CellChange(ctx.sheet.name, ctx.address(row, header), old, value.new), value))
    return applied


def _clash(code: str, key: tuple[str, str], found: list[tuple[Update, Source]], **fields) -> Finding:
    return make(code, item=key[0], indicator=key[1], file=found[0][1].ret.name, **fields,
                details={"files": [s.ret.name for _, s in found],
                         "values": {s.ret.name: {h: shown(v.raw) for h, v in u.values.items()} for u, s in found}})


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now()).strftime("%Y-%m-%d %H:%M:%S")


def _log_row(now: datetime | None, source: Source, month: int, done: list[tuple[CellChange, Value]]) -> list:
    note = source.note()
    note = f"（{note}）" if note else ""
    if not done:
        text = f"{month}月：已报送，没有需要改动的单元格{note}"
    else:
        parts, sheet = [], L.month_sheet(month)
        for change, value in done:
            where = change.cell if change.sheet == sheet else f"{change.sheet}!{change.cell}"
            part = f"{where} {shown(change.old)} → {shown(change.new)}"
            if not same(value.raw, value.new):
                part += f"（填写为“{shown(value.raw)}”{'，' + value.note if value.note else ''}）"
            parts.append(part)
        text = f"{month}月 {len(done)} 处{note}：" + "；".join(parts)
        if len(text) > LOG_LIMIT:
            text = text[:LOG_LIMIT] + f"…（共 {len(done)} 处，其余略）"
    return [_stamp(now), ACTION, source.ret.name, source.ret.sha256, source.unit_label(), text]
