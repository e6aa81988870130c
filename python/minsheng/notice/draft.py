"""Draft catalogue rows from a notice's items: catalogue columns, 原文 and 需核对.

One row per target; an item with none gets one 形象进度 row. 需核对 says what a person
must decide; an empty 需核对 means the row was read by a sure rule.
"""

from __future__ import annotations

import difflib

from minsheng.model.catalogue import CATALOGUE_COLUMNS, LIST_SEPARATOR, QUALITATIVE
from minsheng.model.units import LIST_SEPARATORS, UnitDirectory, canonical_list, tidy
from minsheng.notice import rules
from minsheng.notice.read import CUT
from minsheng.notice.table import Item

OPTIONAL = ("项目名称", "建设地点", "完成时限", "年度投资(万元)", "备注")
DRAFT_COLUMNS = CATALOGUE_COLUMNS + OPTIONAL + ("原文", "需核对")
CHECK = "需核对"


def rows(items: list[Item], directory: UnitDirectory | None = None) -> list[dict[str, object]]:
    out = []
    for item in items:
        f = item.fields
        notes = []
        units = _units(f.get("责任单位", ""), directory, notes, "责任单位")
        co_units = _units(f.get("协办单位", ""), directory, notes, "协办单位")
        if not units:
            notes.append("没有责任单位：请补填")
        if CUT in item.where:
            notes.append(f"此行在 PDF 中跨页断开，已把下一页的续行接上（{item.where}），请对照原文核对各列")
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
                own.append(f"指标名称“{t.name}”重复，请改为能区分的名称")
            out.append({**base, "指标": t.name, "目标值": "" if t.value is None else f"{t.value:g}",
                        "计量单位": t.measure, CHECK: "；".join(dict.fromkeys(own))})
    return [{c: r.get(c, "") for c in DRAFT_COLUMNS} for r in out]


def _units(text: str, directory: UnitDirectory | None, notes: list, column: str) -> tuple[str, ...]:
    if directory is None:
        return tuple(t for t in map(tidy, LIST_SEPARATORS.split(tidy(text))) if t)
    names = canonical_list(text, directory)
    if any(len(part.split()) > 1 for part in LIST_SEPARATORS.split(tidy(text))):
        notes.append(f"{column}“{tidy(text)}”中有空格分隔的名称，已读作 {LIST_SEPARATOR.join(names)}；"
                     f"如是一个单位请改回")
    for name in names:
        if name not in directory:
            close = difflib.get_close_matches(name, directory.names(), n=1, cutoff=0.75)
            hint = f"，与“{close[0]}”相近，是否同一单位？" if close else "，请确认名称或在单位目录中添加"
            notes.append(f"{column}“{name}”不在单位目录中{hint}")
    return names
