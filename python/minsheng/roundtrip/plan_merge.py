"""汇总计划表 (年初建账): the units' returned plan forms into 计划 — the core decides, an engine applies.

``plan_merge`` reads each return as the monthly returns are read (``minsheng.roundtrip.returns``:
caps, no XML parser, the seal), takes only a form ``plan_split`` made for this master and year
(format ``layout.PLAN_FORMAT``, seal intact, locked cells as sent) and from it only the unit's own
rows, found by 项目编号 + 指标, the months by header. A row's twelve cells are read as 计划 reads
them (``minsheng.model.plan.read_cell``) and checked: a number (a share within 0 %–100 % for a
形象进度 row), not below zero, not falling month to month, at the target by its 完成时限 (December
without one). A row with an error is left out and said (a ``Finding`` naming file, sheet and cell,
with a hint); the rest of the file still merges. A row that changes sets 计划类型 自定义,
计划来源 单位报送 and 确定日期, and is written to 日志 with its old and new values; a change to a plan
already set by a unit or the office is logged as 调整计划 (the bulletin lists those). A unit that
sent twice: the file saved last wins. A row already as returned changes nothing: a second run is
a no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from minsheng.check.findings import ERROR, Finding, make
from minsheng.check.rowcheck import shown
from minsheng.model import layout as L
from minsheng.model import plan as plans
from minsheng.model.book import Book, CellChange, is_blank, row_key
from minsheng.model.directory import from_book
from minsheng.model.settings import Settings, load as load_settings
from minsheng.model.units import UnitDirectory, responsible
from minsheng.roundtrip.plan_split import MONTH_COLUMNS, SEAL_MONTH
from minsheng.roundtrip.returns import Rejected, Return, display_name, failed, read_return
from minsheng.roundtrip.seal import master_id, norm, row_hash

ACTION = "汇总计划表"
ADJUSTED = "调整计划"  # 日志's 操作 for a change to a plan a unit or the office had already set
SOURCE = "单位报送"
REFILL = "请使用年初下发的计划表重新填报后发送。"


@dataclass
class PlanAccepted:
    file: str
    unit: str
    rows: int
    changed_rows: int


@dataclass
class PlanMerge:
    changes: list[CellChange] = field(default_factory=list)
    log: list[list] = field(default_factory=list)
    accepted: list[PlanAccepted] = field(default_factory=list)
    rejected: list[Finding] = field(default_factory=list)  # files refused whole
    row_findings: list[Finding] = field(default_factory=list)
    adjusted: list[tuple[str, str]] = field(default_factory=list)  # rows whose accepted plan changed

    @property
    def all_merged(self) -> bool:
        return not self.rejected and not any(f.severity == ERROR for f in self.row_findings)

    def flat(self, *fields: str) -> list[tuple]:
        return [tuple(getattr(f, name) for name in fields) for f in self.row_findings]

    def to_dict(self) -> dict:
        return {"accepted": [vars(a) for a in self.accepted], "rejected": [f.to_dict() for f in self.rejected],
                "row_findings": [f.to_dict() for f in self.row_findings], "changed_cells": len(self.changes),
                "adjusted": [list(k) for k in self.adjusted]}


def plan_merge(master: Book, files: list[Path], *, settings: Settings | None = None,
               units: UnitDirectory | None = None, now: datetime | None = None,
               progress: Callable[[int, int, str], None] | None = None) -> PlanMerge:
    """What the returned plan forms change in 计划 (``CellChange``s) and 日志; nothing is written here."""
    settings = settings or load_settings(master)
    units = units or from_book(master)
    now = (now or datetime.now()).replace(microsecond=0)
    result = PlanMerge()
    ident = master_id(master, settings.year)
    leads = {row_key(p): (responsible(p, units) or ("",))[0] for _, p in master[L.PROJECTS_SHEET].records()}
    newest: dict[str, Return] = {}
    for i, path in enumerate(files, start=1):
        if progress:
            progress(i, len(files), display_name(Path(path)))
        try:
            ret = read_return(path, 1)
            unit = _check(ret, settings, ident, units, set(leads.values()))
        except Rejected as r:
            result.rejected.append(r.finding)
            continue
        except OSError as e:
            result.rejected.append(make("unreadable", file=display_name(Path(path)), reason=e.strerror or e))
            continue
        except Exception as e:  # no single file takes the run down
            result.rejected.append(failed(path, e))
            continue
        if unit in newest:
            kept, dropped = sorted((newest[unit], ret), key=lambda r: r.saved, reverse=True)
            result.row_findings.append(make("sent-twice", unit=unit, kept=kept.name, kept_saved=kept.saved,
                                            dropped=dropped.name, dropped_saved=dropped.saved))
            ret = kept
        newest[unit] = ret
    plan_sheet = master[L.PLAN_SHEET]
    rows = plan_sheet.by_key()
    deadlines = {row_key(p): plans.deadline_month(p.get("完成时限"), settings.year)
                 for _, p in master[L.PROJECTS_SHEET].records()}
    for unit, ret in newest.items():
        try:
            _merge(ret, unit, rows, plan_sheet, leads, deadlines, now, result, settings.place.office)
        except Exception as e:
            result.rejected.append(failed(ret.path, e))
    return result


def _check(ret: Return, settings: Settings, ident: str, units: UnitDirectory, leads: set[str]) -> str:
    """The unit a returned plan form is from, or ``Rejected`` with the reason."""
    seal = ret.seal
    if seal is None:
        raise Rejected.of("not-a-return", ret.name)
    f = seal.fields
    unit = units.canonical(f.get("单位", "")) or f.get("单位", "")

    def reject(code: str, **fields):
        raise Rejected.of(code, ret.name, unit=unit if unit in leads else "", **fields)

    if f.get("格式") != L.PLAN_FORMAT:
        reject("wrong-format", found=f.get("格式"), expected=L.PLAN_FORMAT)
    if not seal.intact:
        reject("metadata-edited")
    if f.get("年度") != str(settings.year) or f.get("月份") != SEAL_MONTH:
        reject("wrong-year", detail=f"这是 {f.get('年度')} 年的计划表，主台账是 {settings.year} 年", hint=REFILL)
    if f.get("模板版本") != settings.template:
        reject("wrong-template", hint=REFILL, detail=f"计划表模板版本 {f.get('模板版本')} 与主台账的 {settings.template} 不一致")
    if f.get("主台账") != ident:
        reject("wrong-master", detail="这份计划表不是从本主台账下发的（项目清单不同）", hint=REFILL)
    if unit not in leads:
        raise Rejected.of("unknown-unit", ret.name, named=unit)
    lost = [h for h in L.PLAN_FORM_HEADERS if h not in ret.columns]
    if lost:
        reject("missing-column", sheet=ret.sheet.name, header="、".join(lost))
    edited = [f"第{row + ret.header_row - 1}行（{row_key(rec)[0]} {row_key(rec)[1]}）" for row, rec in ret.records()
              if row_key(rec) in seal.rows and row_hash(rec, L.PLAN_FORM_LOCKED) != seal.rows[row_key(rec)]]
    if edited:
        reject("locked-cells-edited", cells="；".join(edited[:8]) + ("…" if len(edited) > 8 else ""),
               office=settings.place.office)
    return unit


def _merge(ret: Return, unit: str, rows, plan_sheet, leads, deadlines, now: datetime, result: PlanMerge,
           office: str) -> None:
    changed = taken = 0
    seen = set()
    for row, record in ret.records():
        key = row_key(record)
        if key not in ret.seal.rows:
            if key in leads:
                result.row_findings.append(make("foreign-row", item=key[0], indicator=key[1], file=ret.name,
                                                owners=leads[key], mine=unit))
            else:
                result.row_findings.append(make("unknown-row", file=ret.name, row=row + ret.header_row - 1,
                                                shown_item=key[0], indicator=key[1]))
            continue
        seen.add(key)
        if key not in rows:
            result.row_findings.append(make("plan-missing", sheet=L.PLAN_SHEET, item=key[0], indicator=key[1]))
            continue
        values, findings = read_row(ret, row, record, deadlines.get(key), office)
        result.row_findings += findings
        if any(f.severity == ERROR for f in findings):
            continue
        taken += 1
        cells = _changes(plan_sheet, *rows[key], values, now.strftime("%Y-%m-%d"))
        if cells:
            changed += 1
            result.changes += cells
            result.log.append(_log(ret, unit, key, rows[key][1], plan_sheet, cells, now, result))
    for key in ret.seal.rows:
        if key not in seen:
            result.row_findings.append(make("row-missing", item=key[0], indicator=key[1], file=ret.name))
    result.accepted.append(PlanAccepted(ret.name, unit, taken, changed))


def read_row(ret: Return, row: int, record: dict[str, object], deadline: int | None, office: str = "督查室"
             ) -> tuple[list[float], list[Finding]]:
    """The twelve planned cumulatives of a returned row, and what is wrong with them."""
    key = row_key(record)
    target = record.get("目标值")
    share = is_blank(target)
    where = {"sheet": ret.sheet.name, "item": key[0], "indicator": key[1], "file": ret.name}
    values, findings = [], []
    for header in MONTH_COLUMNS:
        raw = record.get(header)
        cell = ret.cell(row, header)
        value, problem = plans.read_cell(raw, share=share)
        if problem == "number-as-text":
            findings.append(make("number-as-text", cell=cell, header=header, raw=raw, value=shown(value),
                                 note="", **where))
        elif problem == "progress-out-of-range":
            findings.append(make("plan-share-out-of-range", cell=cell, header=header, raw=shown(raw), **where))
        elif problem:
            findings.append(make("plan-not-a-number", cell=cell, header=header, raw=shown(raw), **where))
        elif value < 0:
            findings.append(make("plan-negative", cell=cell, header=header, raw=shown(raw), **where))
            value = None
        values.append(value)
    if any(v is None for v in values):
        return values, findings
    for m in range(1, 12):
        if values[m] < values[m - 1] - 1e-9:
            header = MONTH_COLUMNS[m]
            findings.append(make("plan-falls", cell=ret.cell(row, header), header=header, value=shown(values[m]),
                                 before=shown(values[m - 1]), previous=MONTH_COLUMNS[m - 1], **where))
    end = deadline or 12
    full = 1.0 if share else float(target) if isinstance(target, (int, float)) else None
    if full is not None and values[end - 1] < full - 1e-9:
        header = MONTH_COLUMNS[end - 1]
        findings.append(make("plan-short", cell=ret.cell(row, header), header=header, value=shown(values[end - 1]),
                             target="100%" if share else shown(full), measure="" if share else norm(record.get("计量单位")),
                             deadline=norm(record.get("完成时限")) or "年底", office=office, **where))
    return values, findings


def _changes(plan_sheet, row: int, record: dict[str, object], values: list[float], day: str) -> list[CellChange]:
    """The 计划 cells that change for a row now planned as ``values``; [] when it already is."""
    out = [CellChange(L.PLAN_SHEET, plan_sheet.address(row, h), record.get(h), v)
           for h, v in zip(MONTH_COLUMNS, values)
           if not isinstance(record.get(h), (int, float)) or abs(float(record[h]) - v) > 1e-9]
    if not out:
        return out
    columns = plan_sheet.columns()
    for header, new in (("计划类型", "自定义"), ("计划来源", SOURCE), ("确定日期", day)):
        if header in columns and (header == "确定日期" or norm(record.get(header)) != new):
            out.append(CellChange(L.PLAN_SHEET, plan_sheet.address(row, header), record.get(header), new))
    return out


def _log(ret: Return, unit: str, key, record, plan_sheet, cells: list[CellChange], now: datetime, result: PlanMerge) -> list:
    before = norm(record.get("计划来源")) or "默认"
    header = {L.column_letter(i): h for h, i in plan_sheet.columns().items()}
    text = f"{key[0]} {key[1]}：" + "；".join(f"{header[c.cell.rstrip('0123456789')]} {shown(c.old)} → {shown(c.new)}"
                                             for c in cells if not isinstance(c.new, str))
    text += f"（原计划来源：{before}" + (f"，{norm(record.get('确定日期'))}" if norm(record.get("确定日期")) else "") + "）"
    action = ACTION
    if before in ("单位报送", "督查室调整"):
        action = ADJUSTED
        result.adjusted.append(key)
    return [now.strftime("%Y-%m-%d %H:%M:%S"), action, ret.name, ret.sha256, unit, text]
