"""A notice's table as items: find the header, map its columns, group continuation rows.

Rows come as lists of cell texts (from ``read``). The header is the first row with a 序号
cell and a content column; a repeated header (every page of a .docx) is skipped. A row with
a new 序号 starts a category; a row with the previous 序号 (a vertically merged cell read
again) or none continues it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minsheng.model.catalogue import CATALOGUE_COLUMNS, OPTIONAL_COLUMNS, header_name

# The columns a draft takes from a notice; headers are named as the catalogue reader names them
# (``model.catalogue.SYNONYMS``: 序号 → 项目编号, 牵头单位 → 责任单位, 建设内容 → 项目内容 …).
COLUMNS = tuple(c for c in CATALOGUE_COLUMNS + OPTIONAL_COLUMNS if c not in ("指标", "目标值", "计量单位", "目标类型"))

@dataclass(frozen=True)
class Item:
    id: str
    fields: dict  # catalogue column → text
    where: str  # e.g. "表1 第5行"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def header_map(cells: list[str]) -> dict[str, int] | None:
    """Column → position when ``cells`` is a header row (a number column and a content column);
    a notice with only 事项名称 (→ 项目名称) has that as its content."""
    found = {}
    for i, cell in enumerate(cells):
        column = header_name(squash(cell))
        if column in COLUMNS and column not in found:
            found[column] = i
    if "项目内容" not in found and "项目名称" in found:
        found["项目内容"] = found.pop("项目名称")
    if "项目编号" in found and "项目内容" in found:
        found["序号"] = found.pop("项目编号")
        return found
    return None


LEVEL = re.compile(r"(省|市|县|区|镇|乡)级")  # a heading naming a level is a section (市级/区级), not a category
_HEAD_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[部分类]+)\s*")


def heading(cells: list[str], content: str) -> str:
    """A row that is only a heading: one text, in a row without content, or spread over several
    cells (a merged row); "" for an item row. Its 一、 or （一） number is dropped."""
    texts = [c.strip() for c in cells if c and c.strip()]
    if len(set(texts)) != 1 or re.fullmatch(r"[\d.、．\s]+", texts[0]):
        return ""
    if content and len(texts) < 2:
        return ""
    return _HEAD_NUMBER.sub("", texts[0]).rstrip("：:") or texts[0]


def items(rows: list[tuple[str, list[str]]]) -> list[Item]:
    """``rows``: (where, cells). Returns the items in table order.

    A heading row (一、就业创业 across the table) starts a category whose numbered rows are its
    items (1, 2 … or （一）（二）…); a heading naming a level (市级民生实事, 区级项目) is a section,
    kept in each of its items' 备注."""
    out, columns = [], None
    cat_no, category, pos, last_no, section, by_heading = 0, "", 0, None, "", False
    for where, cells in rows:
        found = header_map(cells)
        if found:
            if columns is None:
                columns = found
            continue
        if columns is None or not any(c.strip() for c in cells):
            continue
        get = {col: (cells[i].strip() if i < len(cells) else "") for col, i in columns.items()}
        title = heading(cells, get["项目内容"])
        if title and LEVEL.search(title):
            section, by_heading, last_no = title, False, None
            continue
        if title:
            cat_no, pos, category, by_heading, last_no = cat_no + 1, 0, title, True, None
            continue
        if not get["项目内容"]:
            continue
        number = re.sub(r"[、.．,，\s]", "", get["序号"])
        if by_heading:
            pass  # numbered rows under a heading are its items
        elif number and number != last_no:
            cat_no, pos, last_no = cat_no + 1, 0, number
            category = get.get("项目类别", "") or category
        elif not number and get.get("项目类别") and get["项目类别"] != category:
            cat_no, pos, category = cat_no + 1, 0, get["项目类别"]
        cat_no = max(cat_no, 1)
        pos += 1
        fields = {col: text for col, text in get.items() if col != "序号"}
        fields["项目类别"] = category
        if section:
            fields["备注"] = "；".join(t for t in (section, fields.get("备注", "")) if t)
        out.append(Item(f"{cat_no}-{pos}", fields, where))
    return out
