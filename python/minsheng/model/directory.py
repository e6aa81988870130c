"""A master's own unit directory: the names its catalogue uses, written into the master at build
and read back by every job.

The embedded 微山 directory (``units.default()``) serves the embedded 2024 list only. Any other
catalogue's units are the names it writes itself; a county may add its directory
(``minsheng build --units 单位.csv``: 单位, 简称/别名, 联系人, 联系电话, 电子邮箱) whose short
names and aliases then match those units, and whose contacts fill 单位通讯录. The directory lives
in 配置 (columns 单位目录 and 简称/别名) so split, consolidate, status and remind read the same
names. Names that only look alike (``教育局`` / ``区教育局``, ``教體局`` / ``教体局``) are never
merged silently: ``lookalikes`` lists them for the clerk to decide.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from minsheng.model import layout as L
from minsheng.model.book import Book
from minsheng.model.units import Unit, UnitDirectory, UnitError, default, split_units, strict_key, tidy

NAME_COLUMN, ALIAS_COLUMN = "单位目录", "简称/别名"
_ALIAS_HEADERS = ("简称/别名", "简称", "别名")
LOOSE, STRICT = "宽松", "精确"


@dataclass(frozen=True)
class Entry:
    """One unit of a county's directory file, with its contact."""

    name: str
    aliases: tuple[str, ...] = ()
    person: str = ""
    phone: str = ""
    email: str = ""
    row: int = 0


def read_csv(path: str | Path) -> list[Entry]:
    """Rows of a directory file; raises ``UnitError`` naming the file and row."""
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text("gb18030")  # saved from Excel on a Chinese Windows
    reader = csv.DictReader(io.StringIO(text))
    headers = [tidy(h) for h in reader.fieldnames or ()]
    if "单位" not in headers:
        raise UnitError(f"{path.name}: 缺少“单位”列（列为 单位、简称/别名、联系人、联系电话、电子邮箱）")
    entries = []
    for n, raw in enumerate(reader, start=2):
        row = {tidy(k or ""): tidy(str(v or "")) for k, v in raw.items()}
        if not row.get("单位"):
            continue
        aliases = [a for h in _ALIAS_HEADERS for a in split_units(row.get(h, ""))]
        entries.append(Entry(row["单位"], tuple(dict.fromkeys(a for a in aliases if a != row["单位"])),
                             row.get("联系人", ""), row.get("联系电话", ""), row.get("电子邮箱", ""), n))
    return entries


def for_catalogue(names: list[str], given: list[Entry] | None = None) -> tuple[UnitDirectory, list[Entry]]:
    """The directory of a catalogue naming ``names`` (responsible and co-units, in order), with the
    county's ``given`` directory: a given unit a catalogue name spells is stored under the
    catalogue's name, the given name and aliases becoming its aliases."""
    given = list(given or ())
    entries: list[Entry] = []
    taken: set[int] = set()
    for name in dict.fromkeys(names):
        match = next((i for i, e in enumerate(given)
                      if strict_key(name) in {strict_key(s) for s in (e.name, *e.aliases)}), None)
        if match is None:
            entries.append(Entry(name))
        elif match in taken:  # a second spelling of a unit already stored: an alias of it
            first = next(x for x in entries if x.row == given[match].row and x.row)
            entries[entries.index(first)] = Entry(first.name, (*first.aliases, name), first.person, first.phone,
                                                  first.email, first.row)
        else:
            taken.add(match)
            e = given[match]
            aliases = tuple(dict.fromkeys(s for s in (e.name, *e.aliases) if strict_key(s) != strict_key(name)))
            entries.append(Entry(name, aliases, e.person, e.phone, e.email, e.row))
    entries += [e for i, e in enumerate(given) if i not in taken]
    directory = UnitDirectory(loose=False)
    for e in entries:
        if directory.canonical(e.name) is None:  # a name the directory repeats is kept once
            directory.add(e.name, "", [a for a in e.aliases if directory.canonical(a) is None and a != e.name])
    return directory, entries


def rows(directory: UnitDirectory) -> list[tuple[str, str]]:
    """(单位目录, 简称/别名) rows of 配置."""
    return [(u.name, "、".join(s for s in (u.short, *u.aliases) if s)) for u in map(directory.match, directory.names())]


def from_book(book: Book) -> UnitDirectory:
    """The master's directory from 配置; a master built before it held one uses the embedded one."""
    if L.CONFIG_SHEET not in book or NAME_COLUMN not in book[L.CONFIG_SHEET].columns():
        return default()
    records = [r for _, r in book[L.CONFIG_SHEET].records()]
    rule = next((tidy(str(r.get("值") or "")) for r in records if str(r.get("设置") or "").strip() == "单位名称匹配"),
                STRICT)
    units = []
    for r in records:
        name = tidy(str(r.get(NAME_COLUMN) or ""))
        if name:
            units.append(Unit(name, "", tuple(split_units(str(r.get(ALIAS_COLUMN) or "")))))
    return _cached(tuple(units), rule == LOOSE)


@lru_cache(maxsize=16)  # every job reads the master's directory; a run reads few masters
def _cached(units: tuple[Unit, ...], loose: bool) -> UnitDirectory:
    directory = UnitDirectory(loose=loose)
    for unit in units:
        try:
            directory.add(unit.name, unit.short, unit.aliases)
        except UnitError:  # a clerk's edit made two rows alike: the first keeps the spelling
            if directory.canonical(unit.name) is None:
                directory.add(unit.name)
    directory._read_only = True
    return directory


def look(text: str, region: str = "") -> str:
    """What two spellings of one unit share: simplified characters, no region, no 县/区/市 prefix, no 和."""
    text = _simplified(strict_key(text))
    for prefix in (region, region[:-1] if len(region) > 2 else ""):
        if prefix and text.startswith(prefix) and len(text) > len(prefix) + 1:
            text = text[len(prefix):]
            break
    if text[:1] in "县区市旗" and len(text) > 3:
        text = text[1:]
    return text.replace("和", "")


def lookalikes(names: list[str], directory: UnitDirectory, region: str = "") -> list[tuple[str, str]]:
    """Pairs (first, second) of distinct units whose names look like one unit's, in order."""
    seen: dict[str, str] = {}
    pairs = []
    for name in dict.fromkeys(directory.canonical(n) or n for n in names):
        k = look(name, region)
        if k in seen and seen[k] != name:
            pairs.append((seen[k], name))
        else:
            seen.setdefault(k, name)
    return pairs


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    return _converter().convert(text)
