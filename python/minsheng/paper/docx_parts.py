"""The python-docx pieces a county document is made of: its fonts (with the substitutes Word and WPS
use, ``w:altName``), a paragraph, a rule along a paragraph's side, a table cell, a row kept on one page.

``minsheng.paper.word`` lays out a ``Document`` with them. Chinese text is set in ``east_asia`` fonts,
Latin in Times New Roman; theme fonts that would override them are dropped.
"""

from __future__ import annotations

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor


BODY, HEI, KAI, TITLE, LATIN = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "Times New Roman"
# Substitutes Word/WPS use when the first font is missing (w:altName in word/fontTable.xml).
ALT_NAMES = {BODY: "仿宋", KAI: "楷体", TITLE: "宋体", HEI: "SimHei"}
RED = RGBColor(0xC0, 0x00, 0x00)


def set_font(target, east_asia: str, size: float | None = None, *, bold: bool | None = None, color=None) -> None:
    """Set a run's or style's fonts: Latin in Times New Roman, Chinese in ``east_asia``,
    dropping theme fonts that would override them."""
    font = target.font
    font.name = LATIN
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)


def declare_alt_names(word) -> None:
    """Declare our Chinese fonts in word/fontTable.xml with a substitute (w:altName)."""
    part = next(p for p in word.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    xml = part.blob.decode("utf-8")
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{"modern" if name in (BODY, KAI) else "auto"}"/><w:pitch w:val="variable"/></w:font>'
        for name, alt in ALT_NAMES.items() if f'w:name="{name}"' not in xml)
    part._blob = re.sub(r"(</w:fonts>)", entries + r"\1", xml).encode("utf-8")


def add_para(word, text: str, *, font: str = BODY, size: float = 16, label: str = "", style: str | None = None,
          align=None, indent: bool = True, line=None, right=None, bold: bool = False, color=None, container=None):
    p = (container or word).add_paragraph(style=style)
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    fmt.first_line_indent = Pt(size * 2) if indent else Pt(0)
    if line is not None:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
    if right is not None:
        fmt.right_indent = right
    if label:
        set_font(p.add_run(label), font, size, bold=True)
    if text:
        set_font(p.add_run(text), font, size, bold=bold, color=color)
    return p


_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                 "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                 "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                 "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                 "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def add_rule(p, side: str, size: str, color: str = "000000", space: str = "1") -> None:
    """A rule along one side (top before bottom) of a paragraph, ``size`` in eighths of a point;
    w:pBdr goes where the schema puts it, which Word (unlike LibreOffice) insists on."""
    ppr = p._p.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is None:
        border = OxmlElement("w:pBdr")
        ppr.insert_element_before(border, *_AFTER_BORDER)
    line = OxmlElement(f"w:{side}")
    for k, v in (("w:val", "single"), ("w:sz", size), ("w:space", space), ("w:color", color)):
        line.set(qn(k), v)
    border.append(line)


def fill_cell(cell, text: str, *, size: float = 10.5, font: str = BODY, bold: bool = False, center: bool = True,
          fill: str | None = None) -> None:
    p = cell.paragraphs[0]
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(size * 1.3)
    mark_size(p, size)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    if text:
        set_font(p.add_run(text), font, size, bold=bold)
    if fill:
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shade)


def keep_row_together(row) -> None:
    cant = OxmlElement("w:cantSplit")
    row._tr.get_or_add_trPr().append(cant)
    for cell in row.cells:
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True


def mark_size(p, size: float) -> None:
    """The paragraph mark's own size: an empty cell is as tall as its mark, not the 16 pt body."""
    rpr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(size * 2)))
        rpr.append(el)
    p._p.get_or_add_pPr().append(rpr)
