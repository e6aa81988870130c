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
from minsheng.notice.table import COLUMNS as TABLE_COLUMNS, LEVEL, squash

COLUMNS = ("序号", "项目类别", "项目内容", "项目名称", "分管县领导", "责任单位", "协办单位", "完成时限", "建设地点", "备注")
LABELS = ("项目名称", "项目内容及工作目标", "项目内容", "建设内容", "目标任务", "主要内容", "工作目标",
          "分管县领导", "牵头县领导", "责任领导", "分管领导", "责任单位", "牵头单位", "实施单位", "责任部门",
          "牵头部门", "协办单位", "配合单位", "配合部门", "完成时限", "建设时间", "建设地点", "备注")
_LABEL = re.compile(r"[（(]?\s*(" + "|".join(LABELS) + r")\s*[:：]")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\s*(?P<name>.+?)\s*$")
_ITEM = re.compile(r"^\s*[*★]?\s*(?:(?P<n>\d+)\s*[.．、](?!\d)|[（(](?P<m>\d+)[)）])\s*(?P<text>.*)$")
_TOP = re.compile(r"^\s*[一二三四五六七八九十]+、\s*(?P<name>.+?)\s*$")
_SUB = re.compile(r"^\s*[*★]?\s*[（(][一二三四五六七八九十]+[)）]\s*(?P<text>.*)$")


def _item_pattern(texts: list[str]) -> tuple[re.Pattern, re.Pattern]:
    """(heading, item) patterns: 1. 1、 （1） items under 一、/（一） headings; a text without them
    numbers its items （一）（二） under 一、 headings."""
    if not any(_ITEM.match(t) for t in texts) and any(_SUB.match(t) for t in texts):
        return _TOP, _SUB
    return _HEADING, _ITEM


def is_prose(lines: list[str]) -> bool:
    """No tab-separated line, and at least one numbered item."""
    return not any("\t" in line for line in lines) and any(_item_pattern(lines)[1].match(line) for line in lines)


def rows(lines: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """``lines``: (where, text). Returns (where, cells) rows in ``COLUMNS``, a header first."""
    out = [("", list(COLUMNS))]
    heads, items = _item_pattern([text for _, text in lines])
    category, number, current, section = "", 0, None, ""
    for where, text in lines:
        heading = heads.match(text)
        item = items.match(text)
        if heading and not item and not _LABEL.search(text):
            name = heading.group("name").rstrip("：:")
            if LEVEL.search(name):  # 一、市级民生实事: a section, kept in 备注
                section = name
            else:
                category, number = name, number + 1
            current = None
        elif item:
            number = number if category else 1
            current = (where, [item.group("text")])
            out.append((where, [str(number), category, current[1], section]))
        elif current is not None and text.strip():
            current[1].append(text.strip())
    return [out[0]] + [(where, _cells(*cells)) for where, cells in out[1:]]


def _cells(number: str, category: str, parts: list[str], section: str = "") -> list[str]:
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
    if section:
        fields["备注"] = "；".join(t for t in (section, fields.get("备注", "")) if t)
    return [fields.get(c, "") for c in COLUMNS]


def _trim(text: str) -> str:
    return re.sub(r"^[\s，,；;。、]+|[\s，,；;、（(）)]+$", "", text)


def one_cell_per_line(lines: list[tuple[str, str]]) -> list[tuple[str, list[str]]] | None:
    """A table pasted one cell per line (a Word table copied as text): a run of header lines
    (序号 / 项目内容 / 责任单位 …, at least three), then every row as that many lines, a blank line
    an empty cell; a repeated header run is skipped. None when the text has no such run."""
    names = [header_name(squash(text)) for _, text in lines]
    known = set(TABLE_COLUMNS) | {"项目编号"}
    for start in range(len(lines)):
        end = start
        while end < len(lines) and names[end] in known and names[end] not in names[start:end]:
            end += 1
        run = names[start:end]
        if len(run) >= 3 and "项目编号" in run and ("项目内容" in run or "项目名称" in run):
            break
    else:
        return None
    k, header = end - start, [text for _, text in lines[start:end]]
    body = lines[end:]
    while body and not body[-1][1].strip():
        body.pop()
    out = [(lines[start][0], header)]
    at = 0
    while at < len(body):
        chunk = body[at:at + k]
        if [squash(t) for _, t in chunk] == [squash(h) for h in header]:
            at += k
            continue
        if not chunk[0][1].strip() and all(not t.strip() for _, t in chunk):
            at += 1
            continue
        out.append((chunk[0][0], [t.strip() for _, t in chunk] + [""] * (k - len(chunk))))
        at += k
    return out
