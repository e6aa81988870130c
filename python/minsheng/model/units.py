"""Unit names: one canonical name per unit, however a notice or a clerk spells it.

Every spelling of a unit (its name, short name and aliases) is reduced to a
*key*; a text names a unit when its key is exactly one of that unit's keys.
There is no fuzzy or substring match, so an unknown text gives None, never a
guess. When two units would share a key the directory refuses to load.

Every key forgives full-/half-width characters and brackets (NFKC) and spaces
anywhere. The embedded 微山 directory (``default()``) forgives more, and only it:

* a leading ``县`` or ``微山县`` (``人力资源社会保障局`` is ``县人力资源社会保障局``);
* ``和`` (``县住房城乡建设局`` is ``县住房和城乡建设局``);
* ``徽`` for ``微``, the notice's OCR slip (``徽矿集团`` is ``微矿集团``).

Another county's directory matches a unit's name, short name and aliases exactly
(``minsheng.model.directory`` warns at build about names that look alike).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

UNIT_COLUMNS = ("单位", "简称", "别名")
LIST_SEPARATORS = re.compile(r"[、,，;；]")
_PREFIXES = ("微山县", "县")  # the embedded directory's prefixes
_OPEN, _CLOSE = "(（[【〔", ")）]】〕"


class UnitError(ValueError):
    """A unit directory that would be ambiguous or cannot be read."""


@dataclass(frozen=True)
class Unit:
    name: str
    short: str  # "" when the unit has no shorter name
    aliases: tuple[str, ...]

    @property
    def spellings(self) -> tuple[str, ...]:
        return tuple(s for s in (self.name, self.short, *self.aliases) if s)


def tidy(text: str) -> str:
    """How an unknown name is kept: NFKC, surrounding spaces stripped."""
    return unicodedata.normalize("NFKC", text or "").strip()


def split_units(text: str, spaces: bool = False) -> list[str]:
    """A list of units split on 、,，;； and new lines (and spaces when ``spaces``), never inside
    brackets: ``各镇(街道、园区)`` is one unit."""
    parts, depth, current = [], 0, []
    for ch in tidy(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and (ch in "、,，;；\n\r" or (spaces and ch.isspace())):
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def strict_key(text: str) -> str:
    """The key of a county's own directory: NFKC, no spaces."""
    return re.sub(r"\s+", "", tidy(text))


@lru_cache(maxsize=4096)  # a unit's name comes back in every row and every return
def key(text: str) -> str:
    """The form all spellings of one unit share in the embedded directory."""
    text = re.sub(r"\s+", "", tidy(text)).replace("徽", "微")
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix):]
            break
    return text.replace("和", "")


class UnitDirectory:
    def __init__(self, units: Iterable[Unit] = (), *, read_only: bool = False, loose: bool = True):
        self.loose = loose  # the embedded directory's rules (prefixes, 和, 徽); else strict_key
        self._key = key if loose else strict_key
        self._units: dict[str, Unit] = {}
        self._by_key: dict[str, str] = {}
        for unit in units:
            self._register(unit)
        self._read_only = read_only

    @classmethod
    def load(cls, path: str | Path | None = None) -> UnitDirectory:
        """Read 单位,简称,别名 rows from a CSV file, or the embedded directory."""
        if path is None:
            text = resources.files("minsheng.data").joinpath("units.csv").read_text("utf-8")
            source = "units.csv"
        else:
            text = Path(path).read_text("utf-8-sig")
            source = Path(path).name
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in UNIT_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise UnitError(f"{source}: 缺少列 {'、'.join(missing)}")
        directory = cls()
        for n, row in enumerate(reader, start=2):
            name = tidy(row["单位"])
            if not name:
                continue
            aliases = tuple(a for a in map(tidy, LIST_SEPARATORS.split(row["别名"] or "")) if a)
            try:
                directory._register(Unit(name, tidy(row["简称"]), aliases))
            except UnitError as error:
                raise UnitError(f"{source} 第{n}行: {error}") from None
        return directory

    def canonical(self, text: str) -> str | None:
        """The canonical name of the unit ``text`` names, or None when no unit has that spelling."""
        return self._by_key.get(self._key(text)) if isinstance(text, str) else None

    def match(self, text: str) -> Unit | None:
        name = self.canonical(text)
        return self._units[name] if name else None

    def names(self) -> list[str]:
        return list(self._units)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.canonical(text) is not None

    def __len__(self) -> int:
        return len(self._units)

    def add(self, name: str, short: str = "", aliases: Iterable[str] = ()) -> Unit:
        """Add a unit of another catalogue; refuses a spelling another unit already has."""
        if self._read_only:
            raise UnitError("默认单位目录为只读，请先用 copy() 得到副本再添加单位")
        unit = Unit(tidy(name), tidy(short), tuple(a for a in map(tidy, aliases) if a))
        if not unit.name:
            raise UnitError("单位名称不能为空")
        self._register(unit)
        return unit

    def copy(self) -> UnitDirectory:
        """A writable directory with the same units."""
        return UnitDirectory(self._units.values(), loose=self.loose)

    def _register(self, unit: Unit) -> None:
        """Check every spelling first, so a refused unit leaves the directory unchanged."""
        if unit.name in self._units:
            raise UnitError(f"单位“{unit.name}”重复")
        keys = {}
        for spelling in unit.spellings:
            k = self._key(spelling)
            if not k:
                continue
            other = self._by_key.get(k)
            if other is not None:
                raise UnitError(
                    f"“{spelling}”与已有单位“{other}”无法区分（都读作“{k}”），请改用能区分两者的名称"
                )
            keys[k] = unit.name
        self._units[unit.name] = unit
        self._by_key.update(keys)


def canonical_list(text: str, directory: UnitDirectory) -> tuple[str, ...]:
    """Split a list of units on 、,，;； and new lines (never inside brackets) and give each its
    canonical name, once.

    An unknown name is kept as written (NFKC, stripped), never dropped. A part
    that is unknown as a whole but whose space-separated pieces are all known
    units (the notice writes ``县水务局 徽矿集团``) is read as those units.
    """
    names: list[str] = []
    for part in split_units(text):
        pieces = split_units(part, spaces=True)
        if directory.canonical(part) is None and len(pieces) > 1 and all(p in directory for p in pieces):
            names.extend(directory.canonical(p) for p in pieces)
        else:
            names.append(directory.canonical(part) or part)
    return tuple(dict.fromkeys(names))


@cache
def default() -> UnitDirectory:
    """The embedded directory, loaded once and read-only; ``default().copy()`` to extend it."""
    directory = UnitDirectory.load()
    directory._read_only = True
    return directory


def responsible(record: dict[str, object], directory: UnitDirectory) -> tuple[str, ...]:
    """The 责任单位 of a row (a record of the 项目表, a month sheet or a return), canonical names in order:
    the one reading of the column every job uses."""
    return canonical_list(str(record.get("责任单位") or ""), directory)
