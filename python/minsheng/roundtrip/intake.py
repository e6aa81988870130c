"""What one return offers the master: checked against the master, read row by row.

A *sealed* return (a file ``split`` made) must match the month, year, template
version and master it was made for, and its locked cells must be as sent; it
offers only the rows of its own unit. A *copy of the master* offers the rows
that differ from the master, each attributed to its responsible units. Rows are
found by 项目编号 + 指标 and cells by header, wherever a clerk moved them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from minsheng.model import layout as L
from minsheng.check.row import Row
from minsheng.roundtrip.contact_updates import MasterContacts
from minsheng.check.findings import RESEND, Finding, make
from minsheng.roundtrip.returns import Rejected, Return
from minsheng.check.rowcheck import Value, merged, same
from minsheng.roundtrip.seal import master_id, norm, row_hash
from minsheng.model.settings import Settings, load as load_settings
from minsheng.model.units import UnitDirectory, responsible
from minsheng.check.validate import plan_values, planned
from minsheng.model.book import Book, CellChange, is_blank, keyed, row_key
from minsheng.model import cadence
from minsheng.model.kinds import NONE, of_book

RANK_LEAD, RANK_OTHER, RANK_COPY = 0, 1, 2
_A1 = re.compile(r"([A-Z]+)([0-9]+)")
REFILL = "请使用本月下发的填报表重新填报后发送。"


@dataclass
class Update:
    """The input cells of one master row that a source would change."""
    rank: int
    values: dict[str, Value]

    def signature(self) -> tuple:
        return tuple(sorted((h, norm(v.new)) for h, v in self.values.items()))


@dataclass
class Source:
    ret: Return
    kind: str  # "return" | "master-copy"
    unit: str = ""  # the unit of a return; "" for a copy
    rows: int = 0
    updates: dict[tuple[str, str], Update] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # a copy: the units of its rows that were merged
    contact: list[tuple[CellChange, Value]] = field(default_factory=list)  # to the unit's 单位通讯录 row

    def merged(self, owners: tuple[str, ...]) -> None:
        """Called for each row of this source that went into the master."""
        self.units += [u for u in owners if u not in self.units and self.kind == "master-copy"]

    def reported_units(self) -> list[str]:
        return [self.unit] if self.unit else self.units

    def unit_label(self) -> str:
        return self.unit or "、".join(self.units) or "（无改动）"

    def note(self) -> str:
        errors = len({(f.item, f.indicator) for f in self.findings if f.severity == "error"})
        parts = ["整本台账副本"] if self.kind == "master-copy" else []
        if errors:
            parts.append(f"{errors} 行有错误未并入")
        return "；".join(parts)


class Context:
    def __init__(self, master: Book, month: int, settings: Settings, units: UnitDirectory, ident: str):
        self.month, self.settings, self.units, self.ident = month, settings, units, ident
        self.sheet = master.month(month)
        self.rows = self.sheet.by_key()
        self.columns = self.sheet.columns()
        self.plan_records = master[L.PLAN_SHEET].records() if L.PLAN_SHEET in master else None  # read once a run
        plan = keyed(self.plan_records) if self.plan_records is not None else {}
        self.plan_rows = plan
        named: dict[str, tuple[str, ...]] = {}  # a unit's rows name it alike: each text is read once
        self.owners = {}
        for key, (_, rec) in self.rows.items():
            text = str(rec.get("责任单位") or "")  # as ``responsible`` reads it
            if text not in named:
                named[text] = responsible(rec, units)
            self.owners[key] = named[text]
        self.expected = list(dict.fromkeys(u for owners in self.owners.values() for u in owners))
        self._expected = set(self.expected)  # for membership: a list is searched once per return
        before = cadence.previous(month, settings.cadence)  # last month, or last quarter's end under 季
        self.previous = master.month(before) if before and L.month_sheet(before) in master else None
        self.read: dict[str, list] = {}  # sheet name → records: what later steps of the run read again
        if self.previous is not None:
            self.read[self.previous.name] = self.previous.records()
        self.before = keyed(self.read[self.previous.name]) if self.previous is not None else {}
        self.plan = plan_values(plan, month) if L.PLAN_SHEET in master else None
        self.kinds = of_book(master)
        self.contacts = MasterContacts(master, units)

    def address(self, row: int, header: str) -> str:
        return f"{L.column_letter(self.columns[header])}{row}"

    # ------------------------------------------------------------------ checks that reject a file

    def check_sealed(self, ret: Return) -> str:
        """The unit a sealed return is from, or ``Rejected`` with the reason."""
        seal, f = ret.seal, ret.seal.fields
        unit = self.units.canonical(f.get("单位", "")) or f.get("单位", "")

        def reject(code: str, **fields):
            raise Rejected.of(code, ret.name, unit=unit if unit in self._expected else "", **fields)

        if f.get("格式") != L.RETURN_FORMAT:  # first: an older format seals other fields
            reject("wrong-format", found=f.get("格式"), expected=L.RETURN_FORMAT)
        if not seal.intact:
            reject("metadata-edited")
        if f.get("年度") != str(self.settings.year):
            reject("wrong-year", detail=f"这是 {f.get('年度')} 年的填报表，主台账是 {self.settings.year} 年", hint=REFILL)
        if f.get("月份") != str(self.month):
            reject("wrong-month", found=f.get("月份"), expected=self.month)
        if f.get("模板版本") != self.settings.template:
            reject("wrong-template", hint=REFILL,
                   detail=f"填报表模板版本 {f.get('模板版本')} 与主台账的 {self.settings.template} 不一致")
        if f.get("主台账") != self.ident:
            reject("wrong-master", detail="这份填报表不是从本主台账下发的（项目清单不同）", hint=REFILL)
        if unit not in self._expected:
            raise Rejected.of("unknown-unit", ret.name, named=unit)
        columns = ret.columns
        lost = [h for h in L.LOCKED_COLUMNS if h not in columns]
        if lost:
            reject("missing-column", sheet=ret.sheet.name, header="、".join(lost))
        edited = self._locked_edits(ret)
        if edited:
            reject("locked-cells-edited", cells="；".join(edited[:8]) + ("…" if len(edited) > 8 else ""),
                   office=self.settings.place.office)
        return unit

    def _locked_edits(self, ret: Return) -> list[str]:
        out = []
        for row, record in ret.records():
            key = row_key(record)
            sealed = ret.seal.rows.get(key)
            if sealed is None or row_hash(record) == sealed:
                continue
            planned_now = self.plan_rows.get(key, (0, {}))[1].get(f"{self.month}月")  # as split prefills it
            expected = {**self.rows[key][1], "本月计划累计": planned_now} if key in self.rows else {}
            cells = [f"{ret.cell(row, h)}（{h}：{norm(expected.get(h)) or '空'} → {norm(record.get(h)) or '空'}）"
                     for h in L.LOCKED_COLUMNS if norm(expected.get(h)) != norm(record.get(h))]
            out += cells or [f"第{row + ret.header_row - 1}行（{key[0]} {key[1]}）"]
        return out

    def check_copy(self, ret: Return) -> None:
        """A file without our seal is taken only as a copy of this very master."""
        def reject(code: str, detail: str = ""):
            raise Rejected.of(code, ret.name, detail=detail, hint=RESEND)

        if ret.extra is None:
            reject("not-a-return")
        theirs = load_settings(ret.extra)
        if theirs.year != self.settings.year:
            reject("wrong-year", f"这是 {theirs.year} 年台账的副本，主台账是 {self.settings.year} 年")
        if theirs.template != self.settings.template:
            reject("wrong-template", f"台账副本的模板版本 {theirs.template} 与主台账的 {self.settings.template} 不一致")
        if master_id(ret.extra, theirs.year) != self.ident:
            reject("wrong-master", "台账副本的项目清单与主台账不同")
        if ret.sheet.name != self.sheet.name:
            reject("no-data-sheet", f"台账副本中没有“{self.sheet.name}”工作表")

    # ------------------------------------------------------------------ reading rows

    def read_sealed(self, ret: Return, unit: str) -> Source:
        source = Source(ret, "return", unit)
        source.findings += ret.notes
        mine = set(ret.seal.rows)
        seen: dict[tuple[str, str], int] = {}
        formulas = formula_rows(ret.formulas, ret.letters)
        for row, record in ret.records():
            key = row_key(record)
            if key not in mine:
                self._stray(ret, source, row, key, record)
                continue
            if key in seen:
                source.findings.append(self._finding("duplicate-row", ret, row, key, unit, "项目编号",
                                                     first=seen[key] + ret.header_row - 1))
                source.updates.pop(key, None)
                continue
            seen[key] = row
            source.rows += 1
            rank = RANK_LEAD if self.owners[key][:1] == (unit,) else RANK_OTHER
            self._read_row(ret, source, row, key, record, rank, unit, formulas)
        for key in mine - set(seen):
            source.findings.append(make("row-missing", file=ret.name, sheet=ret.sheet.name, item=key[0],
                                        indicator=key[1], unit=unit))
        source.contact, found = self.contacts.updates(ret.name, ret.contacts, ret.contacts_row, unit,
                                                      ret.seal.contact())
        source.findings += found
        return source

    def read_copy(self, ret: Return) -> Source:
        source = Source(ret, "master-copy")
        seen: set[tuple[str, str]] = set()
        formulas = formula_rows(ret.formulas, ret.letters)
        for row, record in ret.records():
            key = row_key(record)
            if key not in self.rows or key in seen:
                continue
            seen.add(key)
            owners = "、".join(self.owners[key])
            source.rows += 1
            self._read_row(ret, source, row, key, record, RANK_COPY, owners, formulas, changed_only=True)
        source.findings += self.contacts.unmerged(ret.name, ret.contacts, ret.contacts_row)
        return source

    def _read_row(self, ret, source, row, key, record, rank, unit, formulas: dict[int, set[str]], *,
                  changed_only: bool = False) -> None:
        """Add the row's changes, if any, and its findings to ``source``: the 校验 rules', and the
        reader's own where the rules found nothing wrong in that cell (formulas, say). Both read the
        same ``check.row.Row``, so what is merged is what was checked. A row with an error is not merged;
        ``changed_only``: checked and reported only when it changes the master; ``formulas``: the
        return's formula cells by sheet row (``formula_rows``)."""
        number = row + ret.header_row - 1
        checked = Row(ret.sheet.name, number, record, ret.letters, self.month, self.settings,
                      unit=unit, previous=self.before[key][1] if key in self.before else None,
                      previous_sheet=self.previous.name if self.previous is not None else "",
                      plan=planned(key, record, self.plan), file=ret.name, kind=self.kinds.get(key, NONE))
        values, found = merged(checked, formulas.get(number, _NO_FORMULAS))
        old = self.rows[key][1]
        diff = {h: v for h, v in values.items() if not same(old.get(h), v.new)}
        if changed_only and not diff:
            return
        source.findings += found
        if diff and not any(f.severity == "error" for f in found):
            source.updates[key] = Update(rank, diff)

    def _stray(self, ret, source, row, key, record) -> None:
        if key in self.rows:
            owners = "、".join(self.owners[key]) or "其他单位"
            source.findings.append(self._finding("foreign-row", ret, row, key, source.unit, "项目编号",
                                                 owners=owners, mine=source.unit))
        elif any(not is_blank(record.get(h)) for h in L.INPUT_COLUMNS):
            source.findings.append(self._finding("unknown-row", ret, row, key, source.unit, "项目编号",
                                                 row=row + ret.header_row - 1, shown_item=key[0] or "无项目编号"))

    @staticmethod
    def _finding(code: str, ret: Return, row: int, key: tuple[str, str], unit: str, header: str, **fields) -> Finding:
        return make(code, file=ret.name, sheet=ret.sheet.name, cell=ret.cell(row, header), item=key[0],
                    indicator=key[1], unit=unit, header=header, **fields)


_NO_FORMULAS: set[str] = set()


def formula_rows(cells: set[str], letters: dict[str, str]) -> dict[int, set[str]]:
    """A return's formula cells (A1) in its input columns (``letters``: header → column letters),
    by sheet row, sorted out once per return: a row's input cells are looked up among its own
    row's only, and the formula columns (完成率, 状态 …) are never looked at."""
    inputs = {letters[h] for h in L.INPUT_COLUMNS if h in letters}
    out: dict[int, set[str]] = {}
    for cell in cells:
        if (found := _A1.fullmatch(cell)) is not None and found.group(1) in inputs:
            out.setdefault(int(found.group(2)), set()).add(cell)
    return out
