"""Tamper-evident metadata of a file sent to a unit (下发填报表).

A fill-in file carries, in a very hidden sheet, who it is for (unit, year, month,
template version, master id) and one hash per row of its locked cells, and a hash
over all of that. A return whose metadata or locked cells were edited no longer
matches. This is tamper-evident, not tamper-proof: it catches slips and edits in
Excel, WPS or LibreOffice, not someone who recomputes the hashes on purpose.

The seal is written twice. Custom document properties (``填报表.单位``…, one
``填报表.行N`` per sealed row) are read with the file's other small parts, no sheet
to parse; Excel, WPS and LibreOffice keep them when they re-save an .xlsx. The
very hidden metadata sheet is the fallback, for a file re-saved as .xls or .ods:
rows of ``key, value`` pairs, a blank row, then a ``项目编号, 指标, 校验`` block.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

from minsheng.model import layout as L
from minsheng.model.book import Book, row_key

ROWS_HEADER = ("项目编号", "指标", "校验")
PROPERTY = "填报表."   # custom document properties: 填报表.单位, 填报表.行1, …
PROPERTY_LIMIT = 255  # characters in a property's name or text value, as Excel keeps them
FIELDS = ("格式", "单位", "年度", "月份", "模板版本", "主台账", "生成时间", "通讯录")  # 通讯录: the contact row sent
CHECK = "校验"


def norm(value: object) -> str:
    """One text per value however a reader gives it back (3000, 3000.0, '3000 ')."""
    if type(value) is str:  # the common case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        number = float(value)
        return str(int(number)) if number.is_integer() else f"{number:.10g}"
    return str(value).strip()


def row_hash(record: dict[str, object], columns: tuple[str, ...] = L.LOCKED_COLUMNS) -> str:
    """Hash of a row's locked cells (``columns``: a month's return's, or ``L.PLAN_FORM_LOCKED``), by header:
    the same in any column order."""
    text = json.dumps([norm(record.get(h)) for h in columns], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def master_id(book: Book, year: int) -> str:
    """The master's identity: year plus its (项目编号, 指标) keys. Editing texts or targets keeps it;
    a different list of items (another year's or county's workbook) does not."""
    keys = sorted(book[L.PROJECTS_SHEET].by_key()) if L.PROJECTS_SHEET in book else []
    text = json.dumps([year, keys], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Seal:
    fields: dict[str, str]
    rows: dict[tuple[str, str], str] = field(default_factory=dict)  # key → row hash
    check: str = ""

    def digest(self) -> str:
        body = [[k, norm(self.fields.get(k))] for k in FIELDS] + [[*k, h] for k, h in self.rows.items()]
        return hashlib.sha256(json.dumps(body, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]

    @cached_property
    def intact(self) -> bool:
        """Whether the check matches the fields and rows (read once: a seal is read, not edited)."""
        return self.check == self.digest()

    def contact(self) -> dict[str, str]:
        """The unit's contact cells as they were sent (header → text); {} when unreadable."""
        try:
            sent = json.loads(self.fields.get("通讯录") or "{}")
        except ValueError:
            return {}
        return {str(h): norm(v) for h, v in sent.items()} if isinstance(sent, dict) else {}

    def to_rows(self) -> list[list[str]]:
        """The metadata sheet's rows (all text)."""
        rows = [[k, norm(self.fields.get(k))] for k in FIELDS] + [[CHECK, self.digest()], []]
        return rows + [list(ROWS_HEADER)] + [[*k, h] for k, h in self.rows.items()]

    def to_properties(self) -> dict[str, str] | None:
        """The custom document properties; None when one would not fit Excel's limit (the sheet serves)."""
        props = {f"{PROPERTY}{k}": norm(self.fields.get(k)) for k in FIELDS} | {f"{PROPERTY}{CHECK}": self.digest()}
        props |= {f"{PROPERTY}行{i}": json.dumps([*k, h], ensure_ascii=False)
                  for i, (k, h) in enumerate(self.rows.items(), start=1)}
        return props if all(len(v) <= PROPERTY_LIMIT for v in props.values()) else None

    def write_to(self, book) -> None:
        """Seal an XlsxWriter workbook being written (a fill-in or plan form): the very hidden,
        protected metadata sheet ``L.RETURN_META_SHEET`` and, when they fit, the custom properties."""
        meta = book.add_worksheet(L.RETURN_META_SHEET)
        for r, row in enumerate(self.to_rows()):
            for c, value in enumerate(row):
                meta.write_string(r, c, value)
        meta.protect("")
        meta.very_hidden()
        for name, value in (self.to_properties() or {}).items():
            book.set_custom_property(name, value)

    @classmethod
    def from_properties(cls, props: dict[str, str]) -> Seal | None:
        """The seal in a file's custom document properties; None when they hold none."""
        if f"{PROPERTY}{CHECK}" not in props:
            return None
        fields = {k: norm(props.get(f"{PROPERTY}{k}")) for k in FIELDS if f"{PROPERTY}{k}" in props}
        numbered = []  # in the order written, whatever order an application keeps properties in
        for name, text in props.items():
            number = name.removeprefix(f"{PROPERTY}行")
            if name.startswith(PROPERTY) and number.isascii() and number.isdigit():
                numbered.append((int(number), text))
        sealed: dict[tuple[str, str], str] = {}
        for _, text in sorted(numbered):
            try:
                item, indicator, digest = json.loads(text)
            except (ValueError, TypeError):  # edited into something else: the digest no longer matches
                item, indicator, digest = text, "", ""
            sealed[(norm(item), norm(indicator))] = norm(digest)
        return cls(fields, sealed, props[f"{PROPERTY}{CHECK}"])

    @classmethod
    def from_rows(cls, rows: list[list]) -> Seal:
        fields: dict[str, str] = {}
        sealed: dict[tuple[str, str], str] = {}
        check = ""
        block = False
        for row in rows:
            cells = [norm(v) for v in row] + ["", "", ""]
            if tuple(cells[:3]) == ROWS_HEADER:
                block = True
            elif block and cells[0]:
                sealed[(cells[0], cells[1])] = cells[2]
            elif not block and cells[0] == CHECK:
                check = cells[1]
            elif not block and cells[0] in FIELDS:
                fields[cells[0]] = cells[1]
        return cls(fields, sealed, check)


def seal_rows(records: list[dict[str, object]], columns: tuple[str, ...] = L.LOCKED_COLUMNS
              ) -> dict[tuple[str, str], str]:
    return {row_key(r): row_hash(r, columns) for r in records}


def contact_field(record: dict[str, object]) -> str:
    """The 通讯录 field of a seal: the contact cells a unit may update, as sent."""
    return json.dumps({h: norm(record.get(h)) for h in L.CONTACT_INPUTS if norm(record.get(h))}, ensure_ascii=False)
