"""A notice file as rows of cell texts: (where, cells) for .txt, .docx and .xlsx.

.txt: one row per line, cells split on tabs; pasted prose without tabs ("1.…", "目标任务：…
责任单位：…") goes through ``prose``. .docx: every table row (a vertically merged
cell's text in its first row; ``table`` reads the rows below as continuations).
.xlsx: every sheet row; a merged range's value is given to its first row only, so the rows
below read as continuations.
"""

from __future__ import annotations

from pathlib import Path

from minsheng.notice import prose

KINDS = (".txt", ".docx", ".xlsx", ".csv")


class NoticeUnreadable(ValueError):
    """The file cannot be read as a notice; the message says which file and why, in Chinese."""


def rows(path: Path) -> list[tuple[str, list[str]]]:
    suffix = path.suffix.lower()
    if suffix not in KINDS:
        raise NoticeUnreadable(f"{path.name}：不支持的文件类型 {suffix or '（无扩展名）'}；"
                               f"请另存为 .docx、.xlsx 或 .txt（制表符分隔）后再导入")
    try:
        if suffix in (".txt", ".csv"):
            return _text(path)
        if suffix == ".docx":
            return _docx(path)
        return _xlsx(path)
    except NoticeUnreadable:
        raise
    except (OSError, ValueError, KeyError) as e:
        raise NoticeUnreadable(f"{path.name}：无法打开（{e}）；请确认文件完整，可用 Word/WPS 打开后另存再试") from None
    except Exception as e:  # a broken zip or XML from another program
        raise NoticeUnreadable(f"{path.name}：文件已损坏或格式不对（{type(e).__name__}）；"
                               f"请用 Word/WPS/Excel 打开后另存再试") from None


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
