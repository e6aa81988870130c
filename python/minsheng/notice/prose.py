"""Pasted notice text without a table, as table rows: numbered prose and labelled blocks.

Two shapes seen in published lists, freely mixed::

    一、就业创业
    1.城镇新增就业不少于3000人。（责任单位：县人社局；配合单位：县财政局）
    2.项目名称：技能培训
      目标任务：开展职业技能培训5000人次，6月底前完成。
      责任单位：县人社局

A heading (一、… or （一）…) starts a category; a number (1. 1、 1． （1） or ★1.) starts an
item; lines after it until the next number belong to it. Labels (目标任务： 责任单位： …) are
named as the catalogue names a table's headers (``model.catalogue.header_name``); the text
before the first label is the item's content, or its 项目名称 when a 目标任务 label follows.
The result is a header row and one row per item, which ``table.items`` reads like any table.
"""

from __future__ import annotations

import re

from minsheng.model.catalogue import header_name

COLUMNS = ("序号", "项目类别", "项目内容", "项目名称", "分管县领导", "责任单位", "协办单位", "完成时限", "建设地点", "备注")
LABELS = ("项目名称", "项目内容及工作目标", "项目内容", "建设内容", "目标任务", "主要内容", "工作目标",
          "分管县领导", "牵头县领导", "责任领导", "分管领导", "责任单位", "牵头单位", "实施单位", "责任部门",
          "牵头部门", "协办单位", "配合单位", "配合部门", "完成时限", "建设时间", "建设地点", "备注")
_LABEL = re.compile(r"[（(]?\s*(" + "|".join(LABELS) + r")\s*[:：]")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\s*(?P<name>.+?)\s*$")
_ITEM = re.compile(r"^\s*[*★]?\s*(?:(?P<n>\d+)\s*[.．、](?!\d)|[（(](?P<m>\d+)[)）])\s*(?P<text>.*)$")


def is_prose(lines: list[str]) -> bool:
    """No tab-separated line, and at least one numbered item."""
    return not any("\t" in line for line in lines) and any(_ITEM.match(line) for line in lines)


def rows(lines: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """``lines``: (where, text). Returns (where, cells) rows in ``COLUMNS``, a header first."""
    out = [("", list(COLUMNS))]
    category, number, current = "", 0, None
    for where, text in lines:
        heading = _HEADING.match(text)
        item = _ITEM.match(text)
        if heading and not item and not _LABEL.search(text):
            category, number = heading.group("name").rstrip("：:"), number + 1
            current = None
        elif item:
            number = number if category else 1
            current = (where, [item.group("text")])
            out.append((where, [str(number), category, current[1]]))
        elif current is not None and text.strip():
            current[1].append(text.strip())
    return [out[0]] + [(where, _cells(*cells)) for where, cells in out[1:]]


def _cells(number: str, category: str, parts: list[str]) -> list[str]:
    text = " ".join(p for p in parts if p)
    fields: dict[str, str] = {}
    marks = list(_LABEL.finditer(text))
    lead = text[:marks[0].start()] if marks else text
    for m, following in zip(marks, marks[1:] + [None]):
        column = header_name(m.group(1))
        column = {"工作目标": "项目内容"}.get(column, column)
        value = text[m.end():following.start() if following else len(text)]
        value = _trim(value) if column in ("项目内容", "项目名称") else _trim(value).rstrip("。.")
        fields[column] = (fields.get(column, "") + " " + value).strip()
    lead = _trim(lead)
    if "项目内容" in fields:
        fields.setdefault("项目名称", lead)
    else:
        fields["项目内容"] = lead
    fields.update({"序号": number, "项目类别": category})
    return [fields.get(c, "") for c in COLUMNS]


def _trim(text: str) -> str:
    return re.sub(r"^[\s，,；;。、]+|[\s，,；;、（(）)]+$", "", text)
