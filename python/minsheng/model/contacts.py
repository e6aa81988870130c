"""单位通讯录: who to write to, read from the master.

Rows name a responsible unit, the office (县政府督查室, or the office in 配置; its 备注 says 本办)
or a leader (written ``蒋红星（分管县领导）``, ``王强（分管区领导）``). Units are matched by canonical name, so a clerk may write
``人社局``. An e-mail cell may hold several addresses (``a@x；b@y``); a text that is
not an address is kept and reported, never dropped or guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minsheng.model import layout as L
from minsheng.model.book import Book
from minsheng.model.directory import from_book
from minsheng.model.settings import load as load_settings
from minsheng.model.units import UnitDirectory, tidy

OFFICE = "县政府督查室"  # a row so named is the office's in any master (the embedded 微山 one writes it); texts sign with 配置's
LEADER_SUFFIX = re.compile(r"[（(]\s*分管\S{0,4}领导\s*[)）]\s*$")
_SEPARATORS = re.compile(r"[;；,，、\s]+")
_ADDRESS = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Contact:
    name: str  # canonical unit name, OFFICE, or the leader's name
    person: str
    phone: str
    emails: tuple[str, ...]
    bad: tuple[str, ...]  # parts of the e-mail cell that are not addresses
    cell: str  # A1 address of the e-mail cell on 单位通讯录


@dataclass
class Contacts:
    units: dict[str, Contact]
    leaders: dict[str, Contact]
    office: Contact | None

    def unit(self, name: str) -> Contact | None:
        return self.units.get(name)

    def leader(self, name: str) -> Contact | None:
        return self.leaders.get(name)


def addresses(text: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(addresses, parts that are not addresses) of one e-mail cell."""
    good, bad = [], []
    for part in _SEPARATORS.split(tidy(str(text or ""))):
        part = part.strip("<>")
        if not part:
            continue
        (good if _ADDRESS.match(part) else bad).append(part)
    return tuple(dict.fromkeys(good)), tuple(bad)


def load(book: Book, directory: UnitDirectory | None = None) -> Contacts:
    directory = directory or from_book(book)
    office = load_settings(book).place.office
    found = Contacts({}, {}, None)
    if L.CONTACTS_SHEET not in book:
        return found
    sheet = book[L.CONTACTS_SHEET]
    if "电子邮箱" not in sheet.columns():
        return found
    for row, record in sheet.records():
        raw = tidy(str(record.get("单位") or ""))
        if not raw:
            continue
        emails, bad = addresses(record.get("电子邮箱"))
        person = tidy(str(record.get("联系人") or ""))
        phone = _phone(record.get("联系电话"))
        cell = sheet.address(row, "电子邮箱")
        if LEADER_SUFFIX.search(raw):
            name = LEADER_SUFFIX.sub("", raw).strip()
            found.leaders.setdefault(name, Contact(name, person or name, phone, emails, bad, cell))
        elif raw in (office, OFFICE) or raw.endswith("督查室") or tidy(str(record.get("备注") or "")) == "本办":
            found.office = found.office or Contact(office, person, phone, emails, bad, cell)
        else:
            name = directory.canonical(raw) or raw
            found.units.setdefault(name, Contact(name, person, phone, emails, bad, cell))
    return found


def _phone(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return tidy(str(value or ""))
