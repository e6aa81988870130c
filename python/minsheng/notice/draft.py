"""Draft catalogue rows from a notice's items: catalogue columns, 原文 and 需核对.

One row per target; an item with none gets one 形象进度 row. 需核对 says what a person
must decide, the readable text of the row's findings (codes ``notice-*`` in
``check.findings.CODES``); an empty 需核对 means the row was read by a sure rule.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from minsheng.check.findings import Finding, make
from minsheng.model.catalogue import CATALOGUE_COLUMNS, LIST_SEPARATOR, QUALITATIVE
from minsheng.model.units import LIST_SEPARATORS, UnitDirectory, canonical_list, tidy
from minsheng.notice import rules
from minsheng.notice.read import CUT
from minsheng.notice.table import Item

OPTIONAL = ("项目名称", "建设地点", "完成时限", "年度投资(万元)", "备注")
DRAFT_COLUMNS = CATALOGUE_COLUMNS + OPTIONAL + ("原文", "需核对")
CHECK = "需核对"
# Each column's width in characters, every text wrapped: the 16 columns print on one A3 landscape page at
# 90 % (10 pt cells print at 9 pt), 176 characters where a LibreOffice page holds 180 (``builder.cells``).
DRAFT_WIDTHS = {"项目编号": 6, "项目类别": 8, "项目内容": 24, "分管县领导": 7, "责任单位": 12, "协办单位": 14, "指标": 12,
                "目标值": 7, "计量单位": 6, "项目名称": 8, "建设地点": 8, "完成时限": 8, "年度投资(万元)": 8, "备注": 6,
                "原文": 20, "需核对": 22}


def rows(items: list[Item], directory: UnitDirectory | None = None) -> list[dict[str, object]]:
    """One draft row per target (``DRAFT_COLUMNS``), 需核对 the readable text of its findings."""
    return [row for row, _ in checked(items, directory)]


def findings(items: list[Item], directory: UnitDirectory | None = None) -> list[Finding]:
    """What a person must decide, row by row, as findings (codes ``notice-*``), each once per row."""
    return [f for _, found in checked(items, directory) for f in found]


def text(finding: Finding) -> str:
    """A finding as the 需核对 column says it: message, then what to do."""
    return f"{finding.message}；{finding.hint}"


def checked(items: list[Item], directory: UnitDirectory | None = None) -> list[tuple[dict[str, object], list[Finding]]]:
    out = []
    for item in items:
        f = item.fields
        notes: list[Finding] = []
        units = _units(f.get("责任单位", ""), directory, notes, "责任单位", lead=True)
        co_units = _units(f.get("协办单位", ""), directory, notes, "协办单位")
        if not units:
            notes.append(make("notice-no-unit", column="责任单位"))
        if CUT in item.where:
            notes.append(make("notice-row-cut", where=item.where))
        reading = rules.read_targets(f["项目内容"])
        notes.extend(reading.notes)
        base = {
            "项目编号": item.id, "项目类别": f.get("项目类别", ""), "项目内容": f["项目内容"],
            "分管县领导": f.get("分管县领导", ""), "责任单位": LIST_SEPARATOR.join(units),
            "协办单位": LIST_SEPARATOR.join(co_units),
            **{c: f.get(c, "") for c in OPTIONAL},
            "完成时限": f.get("完成时限", "") or rules.deadline(f["项目内容"]),
            "原文": f"{item.where}：{f['项目内容']}",
        }
        targets = reading.targets or (rules.Target(None, "%", QUALITATIVE),)
        names = [t.name for t in targets]
        for t in targets:
            own = notes + ([t.note] if t.note else [])
            if names.count(t.name) > 1:
                own.append(make("notice-name-repeated", name=t.name))
            own = [replace(n, item=item.id, indicator=t.name) for n in dict.fromkeys(own)]
            row = {**base, "指标": t.name, "目标值": "" if t.value is None else f"{t.value:g}",
                   "计量单位": t.measure, CHECK: "；".join(dict.fromkeys(map(text, own)))}
            out.append(({c: row.get(c, "") for c in DRAFT_COLUMNS}, own))
    return out


_LEAD = re.compile(r"\s*[（(]\s*牵头\s*[)）]")  # "县教育和体育局（牵头）": the notice names its lead


def _units(raw: str, directory: UnitDirectory | None, notes: list, column: str, lead: bool = False) -> tuple[str, ...]:
    """The units of a cell, canonical when there is a directory. With ``lead`` (责任单位), a unit
    marked （牵头） goes first; several units and none marked: the first is the guessed lead."""
    marked = [p for p in LIST_SEPARATORS.split(tidy(raw)) if _LEAD.search(p)]
    text = tidy(_LEAD.sub("", raw))
    if marked:  # the marked lead first, the rest in the notice's order
        first = _LEAD.sub("", marked[0]).strip()
        text = LIST_SEPARATOR.join([first] + [p for p in LIST_SEPARATORS.split(text) if p.strip() and p.strip() != first])
    if directory is None:
        names = tuple(t for t in map(tidy, LIST_SEPARATORS.split(text)) if t)
    else:
        names = canonical_list(text, directory)
        if any(len(part.split()) > 1 for part in LIST_SEPARATORS.split(text)):
            notes.append(make("notice-spaced-units", column=column, text=text, names=LIST_SEPARATOR.join(names)))
        for name in names:
            if name not in directory:
                close = difflib.get_close_matches(name, directory.names(), n=1, cutoff=0.75)
                notes.append(make("notice-unit-close", column=column, name=name, close=close[0]) if close
                             else make("notice-unit-unknown", column=column, name=name))
    if lead and len(names) > 1 and not marked:
        notes.append(make("notice-lead-guessed", column=column, text=text, lead=names[0]))
    return names
