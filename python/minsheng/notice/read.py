"""A notice file as rows of cell texts: (where, cells) for .txt, .docx and .xlsx.

.txt: one row per line, cells split on tabs; a table pasted one cell per line
(``prose.one_cell_per_line``); pasted prose without tabs ("1.…", "目标任务：…
责任单位：…") goes through ``prose``. .docx: every table row (a vertically merged
cell's text in its first row; ``table`` reads the rows below as continuations).
.xlsx: every sheet row; a merged range's value is given to its first row only, so the rows
below read as continuations.
"""

from __future__ import annotations

import re
from pathlib import Path

from minsheng.notice import prose

KINDS = (".txt", ".csv", ".docx", ".xlsx", ".pdf") + tuple(f".{k}" for k in ("doc", "wps", "xls", "et"))
CUT = "（跨页续行）"  # in a row's place: the row was split across pages and joined here
CONVERTED = {".doc": "docx", ".wps": "docx", ".xls": "xlsx", ".et": "xlsx"}  # through LibreOffice


class NoticeUnreadable(ValueError):
    """The file cannot be read as a notice; the message says which file and why, in Chinese."""


def rows(path: Path) -> list[tuple[str, list[str]]]:
    suffix = path.suffix.lower()
    if suffix not in KINDS:
        raise NoticeUnreadable(f"{path.name}：不支持的文件类型 {suffix or '（无扩展名）'}；"
                               f"请另存为 .docx、.xlsx、.pdf 或 .txt（制表符分隔）后再导入")
    try:
        if suffix in CONVERTED:
            return _converted(path, CONVERTED[suffix])
        if suffix in (".txt", ".csv"):
            return _text(path)
        if suffix == ".docx":
            return _docx(path)
        if suffix == ".pdf":
            return _pdf(path)
        return _xlsx(path)
    except NoticeUnreadable:
        raise
    except (OSError, ValueError, KeyError) as e:
        raise NoticeUnreadable(f"{path.name}：无法打开（{e}）；请确认文件完整，可用 Word/WPS 打开后另存再试") from None
    except Exception as e:  # a broken zip or XML from another program
        raise NoticeUnreadable(f"{path.name}：文件已损坏或格式不对（{type(e).__name__}）；"
                               f"请用 Word/WPS/Excel 打开后另存再试") from None


def _converted(path: Path, to: str) -> list[tuple[str, list[str]]]:
    """A .doc/.wps (.xls/.et) read as the .docx (.xlsx) LibreOffice makes of it."""
    import tempfile

    from minsheng.engines import libreoffice

    if libreoffice.soffice() is None:
        raise NoticeUnreadable(f"{path.name}：{path.suffix} 文件要用 LibreOffice 转换后才能读取，本机未安装 LibreOffice；"
                               f"请用 Word/WPS 将它另存为 .{to} 后再导入，或安装 LibreOffice")
    with tempfile.TemporaryDirectory(prefix="minsheng-notice-") as folder:
        try:
            made = libreoffice.convert(path, to, Path(folder))
        except (libreoffice.LibreOfficeError, OSError) as e:  # subprocess timeouts are OSErrors' kin
            raise NoticeUnreadable(f"{path.name}：LibreOffice 无法转换（{str(e).splitlines()[0]}）；"
                                   f"请用 Word/WPS 打开后另存为 .{to} 再导入") from None
        except Exception as e:
            raise NoticeUnreadable(f"{path.name}：LibreOffice 转换未完成（{type(e).__name__}）；"
                                   f"请用 Word/WPS 打开后另存为 .{to} 再导入") from None
        return _docx(made) if to == "docx" else _xlsx(made)


def _pdf(path: Path) -> list[tuple[str, list[str]]]:
    """A PDF's tables, page by page (pdfplumber); a cell's line breaks are layout, not text.
    A PDF without tables but with numbered text is read as prose; one without text is a scan."""
    import pdfplumber

    out, text = [], []
    with pdfplumber.open(path) as pdf:
        for p, page in enumerate(pdf.pages, start=1):
            for t, found in enumerate(page.extract_tables(), start=1):
                for r, cells in enumerate(found, start=1):
                    cells, where = [_unwrap(c) for c in cells], f"第{p}页 表{t} 第{r}行"
                    if out and p > 1 and t == 1 and _cut(out[-1][1], cells, first=not any(
                            w.startswith(f"第{p}页") for w, _ in out)):
                        before, above = out.pop()
                        cells, where = [a + b for a, b in zip(above, cells)], f"{before}{CUT}{where}"
                    out.append((where, cells))
            text += [(f"第{p}页 第{n}行", line) for n, line in enumerate((page.extract_text() or "").splitlines(), 1)]
    if not out and not any(line.strip() for _, line in text):
        raise NoticeUnreadable(f"{path.name}：PDF 中没有文字（可能是扫描件）；请向发文单位索取 Word 或 Excel 版附件")
    if not out and prose.is_prose([line for _, line in text]):
        return prose.rows(text)
    return out


def _cut(above: list[str], row: list[str], first: bool) -> bool:
    """A page's first row is the rest of the row above when it has no number and fills only
    some of the cells that row filled (a row split across pages); a person checks the join."""
    filled = {i for i, c in enumerate(row) if c.strip()}
    return (first and len(row) == len(above) and bool(row) and not row[0].strip() and bool(filled)
            and filled < {i for i, c in enumerate(above) if c.strip()})


def _unwrap(cell: str | None) -> str:
    """"城镇新增就\n业3000人" as "城镇新增就业3000人"; a break between Latin words as a space."""
    if not cell:
        return ""
    return re.sub(r"(?<=[\x00-\x7f])\n(?=[\x00-\x7f])", " ", cell).replace("\n", "")


def _text(path: Path) -> list[tuple[str, list[str]]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise NoticeUnreadable(f"{path.name}：既不是 UTF-8 也不是 GBK 编码的文本；请另存为 UTF-8 文本")
    sep = "," if path.suffix.lower() == ".csv" else "\t"
    if sep == ",":
        import csv
        import io
        return [(f"第{n}行", cells) for n, cells in enumerate(csv.reader(io.StringIO(text)), start=1)]
    lines = text.splitlines()
    per_line = None if any("\t" in line for line in lines) else prose.one_cell_per_line(
        [(f"第{n}行", line) for n, line in enumerate(lines, start=1)])
    if per_line:
        return per_line
    if prose.is_prose(lines):
        return prose.rows([(f"第{n}行", line) for n, line in enumerate(lines, start=1)])
    return [(f"第{n}行", line.split(sep)) for n, line in enumerate(lines, start=1)]


def _docx(path: Path) -> list[tuple[str, list[str]]]:
    """Each table row's cells by layout-grid column: a horizontally merged cell's text in every
    column it spans, a vertically merged one's in its first row only (the rows below read as
    continuations). Read ``<w:tc>`` by ``<w:tc>``: python-docx's ``row.cells`` looks up the row
    above for each merged cell, which makes a long table quadratic (tests/test_bench_import.py)."""
    import docx
    from docx.text.paragraph import Paragraph

    out = []
    for t, table in enumerate(docx.Document(str(path)).tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            cells = [""] * row.grid_cols_before
            for tc in row._tr.tc_lst:
                text = "" if tc.vMerge == "continue" else "\n".join(Paragraph(p, table).text for p in tc.p_lst)
                cells.extend([text] * tc.grid_span)
            out.append((f"表{t} 第{r}行", cells))
    return out


def _xlsx(path: Path) -> list[tuple[str, list[str]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    out = []
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                cells = ["" if c.value is None else _text_of(c.value) for c in row]
                out.append((f"{sheet.title}!{row[0].row}行" if row else sheet.title, cells))
    finally:
        book.close()
    return out


def _text_of(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
