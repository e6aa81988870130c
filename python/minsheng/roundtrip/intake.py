"""What one return offers the master: checked against the master, read row by row.

A *sealed* return (a file ``split`` made) must match the month, year, template
version and master it was made for, and its locked cells must be as sent; it
offers only the rows of its own unit. A *copy of the master* offers the rows
that differ from the master, each attributed to its responsible units. Rows are
found by 项目编号 + 指标 and cells by header, wherever a clerk moved them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from minsheng.model import layout as L
from minsheng.check import rules
from minsheng.roundtrip.contact_updates import MasterContacts
from minsheng.roundtrip.returns import Rejected, Return
from minsheng.check.rowcheck import RowFinding, Value, read_inputs, same
from minsheng.roundtrip.seal import master_id, norm, row_hash
from minsheng.model.settings import Settings, load as load_settings
from minsheng.model.units import UnitDirectory, responsible
from minsheng.check.validate import plan_values, planned
from minsheng.model.book import Book, CellChange, is_blank, row_key

RANK_LEAD, RANK_OTHER, RANK_COPY = 0, 1, 2


def _column_order(finding: RowFinding) -> tuple[int, str]:
    letters = finding.cell.rstrip("0123456789")
    return len(letters), letters


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
    findings: list[RowFinding] = field(default_factory=list)
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
        plan = master[L.PLAN_SHEET].by_key() if L.PLAN_SHEET in master else {}
        self.plan_rows = plan
        named: dict[str, tuple[str, ...]] = {}  # a unit's rows name it alike: each text is read once
        self.owners = {}
        for key, (_, rec) in self.rows.items():
            text = str(rec.get("责任单位") or "")  # as ``responsible`` reads it
            if text not in named:
                named[text] = responsible(rec, units)
            self.owners[key] = named[text]
        self.expected = list(dict.fromkeys(u for owners in self.owners.values() for u in owners))
        self.previous = master.month(month - 1) if L.month_sheet(month - 1) in master else None
        self.before = self.previous.by_key() if self.previous is not None else {}
        self.plan = plan_values(plan, month) if L.PLAN_SHEET in master else None
        self.contacts = MasterContacts(master, units)

    def address(self, row: int, header: str) -> str:
        return f"{L.column_letter(self.columns[header])}{row}"

    # ------------------------------------------------------------------ checks that reject a file

    def check_sealed(self, ret: Return) -> str:
        """The unit a sealed return is from, or ``Rejected`` with the reason."""
        seal, f = ret.seal, ret.seal.fields
        unit = self.units.canonical(f.get("单位", "")) or f.get("单位", "")

        def reject(code: str, message: str, hint: str = "请使用本月下发的填报表重新填报后发送。"):
            r = Rejected(code, f"{ret.name}：{message}", hint)
            r.unit = unit if unit in self.expected else ""
            raise r

        if f.get("格式") != L.RETURN_FORMAT:  # first: an older format seals other fields
            reject("wrong-format", f"填报表格式“{f.get('格式')}”不是本系统的 {L.RETURN_FORMAT}")
        if not seal.intact:
            reject("metadata-edited", "文件中隐藏的校验信息被改动或不完整，无法确认是原样下发的填报表")
        if f.get("年度") != str(self.settings.year):
            reject("wrong-year", f"这是 {f.get('年度')} 年的填报表，主台账是 {self.settings.year} 年")
        if f.get("月份") != str(self.month):
            reject("wrong-month", f"这是 {f.get('月份')} 月的填报表，本次汇总的是 {self.month} 月")
        if f.get("模板版本") != self.settings.template:
            reject("wrong-template", f"填报表模板版本 {f.get('模板版本')} 与主台账的 {self.settings.template} 不一致")
        if f.get("主台账") != self.ident:
            reject("wrong-master", "这份填报表不是从本主台账下发的（项目清单不同）")
        if unit not in self.expected:
            reject("unknown-unit", f"单位“{unit}”不是本月任何项目的责任单位")
        lost = [h for h in L.LOCKED_COLUMNS if h not in ret.columns]
        if lost:
            reject("missing-columns", f"缺少列：{'、'.join(lost)}", "请勿删除或改写表头；请在下发的填报表中重新填写后发送。")
        edited = self._locked_edits(ret)
        if edited:
            reject("locked-cells-edited", "锁定的单元格被改动：" + "；".join(edited[:8]) + ("…" if len(edited) > 8 else ""),
                   "锁定内容（目标值、计划等）如需调整，请与县政府督查室联系；请在原填报表中只改白色单元格后重新发送。")
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
        def reject(code: str, message: str):
            raise Rejected(code, f"{ret.name}：{message}")

        if ret.extra is None:
            reject("not-a-return", "不是本系统下发的填报表，也不是主台账的副本（缺少隐藏的校验信息）")
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
        mine = set(ret.seal.rows)
        seen: set[tuple[str, str]] = set()
        for row, record in ret.records():
            key = row_key(record)
            make = self._maker(ret, row, key, unit)
            if key not in mine:
                self._stray(ret, source, row, key, record, make)
                continue
            if key in seen:
                source.findings.append(make("duplicate-row", "error", ret.cell(row, "项目编号"),
                                            f"{key[0]} {key[1]} 出现了不止一行", "请删除多余的行，每个指标只保留一行"))
                source.updates.pop(key, None)
                continue
            seen.add(key)
            source.rows += 1
            rank = RANK_LEAD if self.owners[key][:1] == (unit,) else RANK_OTHER
            self._read_row(ret, source, row, key, record, rank, unit, make)
        for key in mine - seen:
            source.findings.append(self._maker(ret, 0, key, unit)(
                "row-missing", "warning", "", f"{key[0]} {key[1]} 这一行不见了，未汇总",
                "请勿删除行；如该指标本月无进展，请保留该行并说明"))
        source.contact, found = self.contacts.updates(ret.name, ret.contacts, ret.contacts_row, unit,
                                                      ret.seal.contact())
        source.findings += found
        return source

    def read_copy(self, ret: Return) -> Source:
        source = Source(ret, "master-copy")
        seen: set[tuple[str, str]] = set()
        for row, record in ret.records():
            key = row_key(record)
            if key not in self.rows or key in seen:
                continue
            seen.add(key)
            owners = "、".join(self.owners[key])
            source.rows += 1
            self._read_row(ret, source, row, key, record, RANK_COPY, owners, self._maker(ret, row, key, owners),
                           changed_only=True)
        source.findings += self.contacts.unmerged(ret.name, ret.contacts, ret.contacts_row)
        return source

    def _read_row(self, ret, source, row, key, record, rank, unit, make, *, changed_only: bool = False) -> None:
        """Add the row's changes, if any, and its findings to ``source``: the 校验 rules', and the
        reader's own where the rules found nothing wrong in that cell (formulas, say). Both read the
        same ``rules.Row``, so what is merged is what was checked. A row with an error is not merged;
        ``changed_only``: checked and reported only when it changes the master."""
        checked = rules.Row(ret.sheet.name, row + ret.header_row - 1, record, ret.letters, self.month, self.settings,
                            unit=unit, previous=self.before[key][1] if key in self.before else None,
                            previous_sheet=self.previous.name if self.previous is not None else "",
                            plan=planned(key, record, self.plan))
        values, found = read_inputs(checked, ret.formulas, make)
        old = self.rows[key][1]
        diff = {h: v for h, v in values.items() if not same(old.get(h), v.new)}
        if changed_only and not diff:
            return
        verdicts = rules.check(checked)
        flagged = {f.cell for f in verdicts if f.severity == "error"}
        formulas = {f.cell for f in found if f.code == "formula-in-return"}  # the formula is the reason
        found = sorted([*(RowFinding(f.code, f.severity, ret.name, f.sheet, f.cell, f.item, f.indicator, f.unit,
                                     f.message, f.hint) for f in verdicts if f.cell not in formulas),
                        *(f for f in found if f.cell not in flagged)], key=_column_order)
        source.findings += found
        if diff and not any(f.severity == "error" for f in found):
            source.updates[key] = Update(rank, diff)

    def _stray(self, ret, source, row, key, record, make) -> None:
        if key in self.rows:
            owners = "、".join(self.owners[key]) or "其他单位"
            source.findings.append(make("foreign-row", "warning", ret.cell(row, "项目编号"),
                                        f"{key[0]} {key[1]} 是{owners}的项目，不属于{source.unit}，已忽略",
                                        "各单位只填报本单位的项目；其他单位的情况请由该单位报送"))
        elif any(not is_blank(record.get(h)) for h in L.INPUT_COLUMNS):
            source.findings.append(make("unknown-row", "warning", ret.cell(row, "项目编号"),
                                        f"第{row + ret.header_row - 1}行（{key[0] or '无项目编号'} {key[1]}）不是台账中的指标，已忽略",
                                        "请勿新增行或改动项目编号、指标"))

    def _maker(self, ret: Return, row: int, key: tuple[str, str], unit: str):
        def make(code: str, severity: str, cell: str, message: str, hint: str = "") -> RowFinding:
            return RowFinding(code, severity, ret.name, ret.sheet.name, cell, key[0], key[1], unit, message, hint)
        return make
