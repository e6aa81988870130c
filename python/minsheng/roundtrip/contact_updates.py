"""A unit's own row of 单位通讯录 in its return: what the clerk changed goes to the master.

``split`` sends each unit its contact row with 联系人, 联系电话 and 电子邮箱
unlocked (``layout.CONTACT_INPUTS``) and seals the row as sent. A sealed
return's row for its own unit is compared with what was sent, cell by cell: a
cell the clerk changed and filled is merged as typed (a blank never erases), so
an edit the office made to the master after sending is not undone by a unit
that changed nothing. A phone number or an e-mail address that does not look
like one is merged all the same, as typed, with a warning: the reminders list
the cell to fix. A copy of the whole master is not a unit's word on its own
contacts, so its changed contact rows are reported and not merged.
"""

from __future__ import annotations

from minsheng.model import layout as L
from minsheng.model.contacts import addresses
from minsheng.check.parse import parse_text
from minsheng.check.findings import Finding, make
from minsheng.check.rowcheck import Value
from minsheng.check.rules.contact import phone_ok
from minsheng.roundtrip.seal import norm
from minsheng.model.units import UnitDirectory, tidy
from minsheng.model.book import Book, CellChange, Sheet


class MasterContacts:
    """The master's 单位通讯录 rows of responsible units, by canonical name."""

    def __init__(self, master: Book, units: UnitDirectory):
        self.units = units
        self.sheet = master[L.CONTACTS_SHEET] if L.CONTACTS_SHEET in master else None
        self.rows: dict[str, tuple[int, dict[str, object]]] = {}
        if self.sheet is not None:
            for row, record in self.sheet.records():
                name = self.name(record)
                if name and name not in self.rows:
                    self.rows[name] = (row, record)

    def name(self, record: dict[str, object]) -> str:
        text = tidy(str(record.get("单位") or ""))
        return self.units.canonical(text) or text

    def updates(self, file: str, contacts: Sheet | None, header_row: int, unit: str, sent: dict[str, str]
                ) -> tuple[list[tuple[CellChange, Value]], list[Finding]]:
        """Changes to the master's row of ``unit`` from its return's 单位通讯录, and findings;
        ``sent``: the row's cells as they were sent (header → text)."""
        mine = next(((row, record) for row, record in (contacts.records() if contacts is not None else [])
                     if self.name(record) == unit), None)
        if mine is None or self.sheet is None:
            return [], []
        row, record = mine
        theirs = contacts.columns()

        def found_at(code: str, header: str, **fields) -> Finding:
            return make(code, file=file, sheet=L.CONTACTS_SHEET, unit=unit, header=header,
                        cell=f"{L.column_letter(theirs[header])}{row + header_row - 1}", **fields)

        typed = {h: v for h in L.CONTACT_INPUTS
                 if h in theirs and (v := _text(record.get(h))) is not None and norm(v[0]) != sent.get(h, "")}
        if unit not in self.rows:
            if not typed:
                return [], []
            header = next(iter(typed))
            return [], [found_at("contact-row-missing", header)]
        master_row, old = self.rows[unit]
        columns = self.sheet.columns()
        changes, found = [], []
        for header, (new, raw) in typed.items():
            if header not in columns or norm(old.get(header)) == norm(new):
                continue
            if header == "联系电话" and not phone_ok(new):
                found.append(found_at("contact-phone-format", header, raw=new))
            if header == "电子邮箱" and addresses(new)[1]:
                found.append(found_at("contact-email-format", header, raw=new))
            cell = f"{L.column_letter(columns[header])}{master_row}"
            changes.append((CellChange(L.CONTACTS_SHEET, cell, old.get(header), new), Value(new, raw)))
        return changes, found

    def unmerged(self, file: str, contacts: Sheet | None, header_row: int) -> list[Finding]:
        """A master copy's contact rows that differ from the master's: reported, not merged."""
        found = []
        for row, record in (contacts.records() if contacts is not None else []):
            name = self.name(record)
            old = self.rows.get(name, (0, {}))[1]
            changed = [h for h in L.CONTACT_INPUTS if (v := _text(record.get(h))) is not None and norm(old.get(h)) != norm(v[0])]
            if name and changed:
                found.append(make("copy-contact-not-merged", file=file, sheet=L.CONTACTS_SHEET,
                                  cell=f"A{row + header_row - 1}", unit=name, headers="、".join(changed)))
        return found


def _text(raw: object) -> tuple[str, object] | None:
    """A contact cell as text, as typed (a phone number typed as a number reads as its digits);
    None when blank. 无 or — is text here, kept as typed."""
    if isinstance(raw, str):
        return None if parse_text(raw).kind == "blank" else (raw, raw)
    parsed = parse_text(raw)
    return None if parsed.value is None else (parsed.value, raw)
