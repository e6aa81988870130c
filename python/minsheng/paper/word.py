"""Lay a bulletin ``Document`` out in Word (python-docx), the way county documents look.

GB/T 9704 proportions: A4, margins 37/35/28/26 mm, body 仿宋_GB2312 三号 (16 pt) on a
fixed 28.95 pt line (22 lines a page), 一级标题 黑体, 二级标题 楷体_GB2312, title
方正小标宋简体 二号, page numbers “— 1 —”. Fonts an office PC may lack carry an
``altName`` in the font table (仿宋_GB2312 → 仿宋 / FangSong), which Word and WPS use as
the substitute; LibreOffice falls back to any CJK font.

The chart is a table: a row of 20 narrow cells per bar, shaded up to the value. It
needs no plotting library (matplotlib is not a dependency, and python-docx cannot write
native charts), renders the same in Word, WPS and LibreOffice, stays sharp in print and
PDF, and the clerk can still edit the numbers beside it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from docx import Document as new_document
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from minsheng.paper.docx_parts import (BODY, HEI, KAI, RED, TITLE, add_para, add_rule, declare_alt_names,
                                       fill_cell, keep_row_together, set_font)
from minsheng.paper.document import Chart, Document, Heading, Para, Table, cn_date
from minsheng.status.progress import pct



@dataclass(frozen=True)
class Sizes:
    body: float = 16  # 三号
    line: float = 28.95
    title: float = 22  # 二号
    masthead: float = 36
    table: float = 10.5  # 五号
    caption: float = 12


BULLETIN, DIGEST = Sizes(), Sizes(body=12, line=20, title=16, masthead=24, table=9, caption=10.5)
CELLS = 20  # one chart cell per 5 %
BAR_COLORS = {"已完成": "4E9A4E", "正常": "70AD47", "滞后": "FFC000", "严重滞后": "E0474C", "未报送": "BFBFBF"}
PLAN_COLOR = "8EA9DB"
FILLS = {"已完成": "C6EFCE", "正常": "C6EFCE", "滞后": "FFEB9C", "严重滞后": "FFC7CE", "未报送": "D9D9D9",
         "已退回": "D9D9D9", "超出控制目标": "FFC7CE"}  # a ceiling exceeded is red


def write(doc: Document, out: Path, when: datetime | None = None) -> Path:
    z = DIGEST if doc.compact else BULLETIN
    word = new_document()
    _page(word)
    _styles(word, z)
    _masthead(word, doc, z)
    add_para(word, doc.title, font=TITLE, size=z.title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          line=Pt(z.title * 1.6))
    if not doc.compact:
        add_para(word, "", size=z.body)
    add_para(word, doc.salutation, size=z.body, indent=False)
    for block in doc.blocks:
        if isinstance(block, Heading):
            add_para(word, block.text, font=HEI if block.level == 1 else KAI, size=z.body, style=f"Heading {block.level}")
        elif isinstance(block, Para):
            add_para(word, block.text, size=z.body, label=block.label)
        elif isinstance(block, Table):
            _table(word, block, z)
        elif isinstance(block, Chart):
            _chart(word, block, z)
    add_para(word, "", size=z.body)
    add_para(word, doc.issuer, size=z.body, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right=Pt(z.body * 4))
    add_para(word, cn_date(doc.day), size=z.body, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, right=Pt(z.body * 3))
    _imprint(word, doc, z)
    declare_alt_names(word)
    props = word.core_properties
    props.title, props.author, props.comments = doc.title, doc.issuer, "minsheng bulletin 生成"
    out.parent.mkdir(parents=True, exist_ok=True)
    save(word, out, when)
    return out


def save(word, out: Path, when: datetime | None = None) -> Path:
    """Save a python-docx document to ``out``; stamped ``when`` (the run's time, the demo's story) when given:
    its core properties (created, modified, last printed) and every zip entry's time, so the same document
    saved at the same ``when`` gives the same bytes. Without ``when``, python-docx's own: the template's
    dates and the zip entries at the time of saving."""
    if when is None:
        word.save(str(out))
        return out
    when = when.replace(microsecond=0)
    props = word.core_properties  # in UTC, as the format says; a naive ``when`` is local time
    props.created = props.modified = props.last_printed = when.astimezone(timezone.utc).replace(tzinfo=None)
    when = when.astimezone().replace(tzinfo=None) if when.tzinfo else when  # the zip's times are local
    made = io.BytesIO()
    word.save(made)
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, when.timetuple()[:6]), source.read(entry),
                            zipfile.ZIP_DEFLATED)
    return out

# --- page, styles, fonts ----------------------------------------------------------------------

def _page(word) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(footer.add_run("— "), "宋体", 14)
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = "1"
        run._r.append(el)
    set_font(run, "宋体", 14)
    set_font(footer.add_run(" —"), "宋体", 14)


def _styles(word, z: Sizes) -> None:
    normal = word.styles["Normal"]
    set_font(normal, BODY, z.body)
    lang = OxmlElement("w:lang")  # Chinese text: the simplified-Chinese forms of a pan-CJK face
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(z.line)
    fmt.space_before = fmt.space_after = Pt(0)
    for level, font in ((1, HEI), (2, KAI)):
        style = word.styles[f"Heading {level}"]
        set_font(style, font, z.body, bold=False, color=RGBColor(0, 0, 0))
        f = style.paragraph_format
        f.line_spacing_rule, f.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(z.line)
        f.space_before = f.space_after = Pt(0)
        f.first_line_indent = Pt(z.body * 2)
        f.keep_with_next = True


# --- blocks -----------------------------------------------------------------------------------

def _masthead(word, doc: Document, z: Sizes) -> None:
    add_para(word, doc.masthead, font=TITLE, size=z.masthead, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          line=Pt(z.masthead * 1.6), color=RED)
    add_para(word, doc.issue, size=z.body, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    p = add_para(word, doc.issuer, size=z.body, indent=False)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), alignment=WD_TAB_ALIGNMENT.RIGHT)  # at the margin
    set_font(p.add_run("\t" + cn_date(doc.day)), BODY, z.body)
    add_rule(p, "bottom", "18", "C00000", space="4")


def _imprint(word, doc: Document, z: Sizes) -> None:
    """版记 (GB/T 9704): 抄送 and 印发 lines in 四号, between full-width rules, after the signature."""
    lines = doc.imprint()
    if not lines:
        return
    add_para(word, "", size=z.body)
    size = 14
    copies = add_para(word, lines[0], size=size, indent=False, line=Pt(size * 1.6))
    copies.paragraph_format.left_indent = copies.paragraph_format.right_indent = Pt(size)
    printed = add_para(word, doc.issuer, size=size, indent=False, line=Pt(size * 1.6))
    printed.paragraph_format.left_indent = printed.paragraph_format.right_indent = Pt(size)
    printed.paragraph_format.tab_stops.add_tab_stop(Cm(15.6) - Pt(size * 2), alignment=WD_TAB_ALIGNMENT.RIGHT)
    set_font(printed.add_run("\t" + cn_date(doc.day) + "印发"), BODY, size)
    add_rule(copies, "top", "12")
    add_rule(copies, "bottom", "4")
    add_rule(printed, "bottom", "12")
    for p in (copies, printed):
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.keep_together = True


def _caption(word, text: str, z: Sizes) -> None:
    p = add_para(word, text, font=HEI, size=z.caption, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
              line=Pt(z.caption * 2))
    p.paragraph_format.keep_with_next = True


def _table(word, block: Table, z: Sizes) -> None:
    _caption(word, block.caption, z)
    table = word.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    flag = OxmlElement("w:tblHeader")  # repeat the header row on each page
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for c, text in enumerate(block.headers):
        fill_cell(header.cells[c], text, size=z.table, font=HEI, fill="F2F2F2")
    for r, row in enumerate(block.rows, start=1):
        table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        for c, text in enumerate(row):
            fill = FILLS.get(text) if c == block.status_column else None
            fill_cell(table.rows[r].cells[c], text, size=z.table, center=c not in block.left, fill=fill)
    _widths(table, block.widths)
    add_para(word, "", size=z.body, line=Pt(z.body * 0.75))


def _widths(table, widths: list[float]) -> None:
    """Fixed column widths, in the grid (what LibreOffice reads) and in each cell (what Word reads)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


def _chart(word, chart: Chart, z: Sizes) -> None:
    _caption(word, chart.caption, z)
    table = word.add_table(rows=2 * len(chart.bars), cols=CELLS + 3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [3.2, 1.8] + [0.45] * CELLS + [1.6]  # 时序进度 at 9 pt on one line
    for k, bar in enumerate(chart.bars):
        top, bottom = table.rows[2 * k], table.rows[2 * k + 1]
        name = top.cells[0].merge(bottom.cells[0])
        fill_cell(name, bar.label, size=9, center=False)
        for row, series, value, color in ((top, "完成率", bar.completion, BAR_COLORS[bar.status]),
                                         (bottom, "时序进度", bar.time_progress, PLAN_COLOR)):
            row.height, row.height_rule = Cm(0.42), WD_ROW_HEIGHT_RULE.EXACTLY
            fill_cell(row.cells[1], series, size=9)
            filled = 0 if value is None else round(min(max(value, 0.0), 1.0) * CELLS)
            for c in range(CELLS):
                fill_cell(row.cells[2 + c], "", size=4, fill=color if c < filled else None)
            fill_cell(row.cells[-1], pct(value), size=9)
    for row in table.rows:  # the chart is read as one picture: never split it over two pages
        keep_row_together(row)
    _widths(table, widths)
    legend = add_para(word, "", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(20))
    for text, color in (("■", BAR_COLORS["正常"]), (" 完成率（颜色示状态：绿正常、黄滞后、红严重滞后、灰未报送）  ", None),
                        ("■", PLAN_COLOR), (" 时序进度；每格5%", None)):
        run = legend.add_run(text)
        set_font(run, BODY, 9, color=RGBColor.from_string(color) if color else None)
    add_para(word, "", size=z.body, line=Pt(z.body * 0.75))
