"""A notice's table as items: find the header, map its columns, group continuation rows.

Rows come as lists of cell texts (from ``read``). The header is the first row with a 序号
cell and a content column; a repeated header (every page of a .docx) is skipped. A row with
a new 序号 starts a category; a row with the previous 序号 (a vertically merged cell read
again) or none continues it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# catalogue column: header spellings seen in notices (whitespace removed before matching)
HEADERS = {
    "序号": ("序号",),
    "项目类别": ("项目类别", "类别", "类型"),
    "项目内容": ("项目内容及工作目标", "项目内容", "建设内容", "目标任务", "民生实事", "事项名称", "主要内容"),
    "项目名称": ("项目名称",),
    "分管县领导": ("分管县领导", "牵头县领导", "区政府分管领导", "责任领导", "分管领导"),
    "责任单位": ("责任单位", "牵头单位", "实施单位"),
    "协办单位": ("协办单位", "配合单位"),
    "完成时限": ("完成时限", "建设时间"),
    "建设地点": ("建设地点",),
    "年度投资(万元)": ("年度投资(万元)", "年度投资（万元）", "投资计划(万元)", "投资计划（万元）"),
    "备注": ("备注",),
}


@dataclass(frozen=True)
class Item:
    id: str
    fields: dict  # catalogue column → text
    where: str  # e.g. "表1 第5行"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def header_map(cells: list[str]) -> dict[str, int] | None:
    found = {}
    for i, cell in enumerate(map(squash, cells)):
        for column, names in HEADERS.items():
            if column not in found and cell in names:
                found[column] = i
    return found if "序号" in found and "项目内容" in found else None


def items(rows: list[tuple[str, list[str]]]) -> list[Item]:
    """``rows``: (where, cells). Returns the items in table order."""
    out, columns, header = [], None, None
    cat_no, category, pos, last_no = 0, "", 0, None
    for where, cells in rows:
        found = header_map(cells)
        if found:
            if columns is None:
                columns, header = found, [squash(c) for c in cells]
            continue
        if columns is None or not any(c.strip() for c in cells):
            continue
        get = {col: (cells[i].strip() if i < len(cells) else "") for col, i in columns.items()}
        if not get["项目内容"]:
            continue
        number = re.sub(r"[、.．,，\s]", "", get["序号"])
        if number and number != last_no:
            cat_no, pos, last_no = cat_no + 1, 0, number
            category = get.get("项目类别", "") or category
        elif not number and get.get("项目类别") and get["项目类别"] != category:
            cat_no, pos, category = cat_no + 1, 0, get["项目类别"]
        cat_no = max(cat_no, 1)
        pos += 1
        fields = {col: text for col, text in get.items() if col != "序号"}
        fields["项目类别"] = category
        out.append(Item(f"{cat_no}-{pos}", fields, where))
    return out
