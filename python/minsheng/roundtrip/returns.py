"""Reading units' returns: untrusted files that travelled by e-mail.

A return is read from disk once and for values only (python-calamine from the
bytes: .xlsx, .xlsm, .xls, .ods); nothing in it is evaluated or kept but the
values of the cells we look for. Before calamine sees a file it is sniffed and
capped: its size, the uncompressed size of a zip container and the rows read
(``returns_container`` sniffs the container; the caps live in ``returns_caps``).
The few XML parts read here (the save time, the seal's document properties,
which part is the data sheet, its formula cells) are only scanned with regular
expressions (``minsheng.xlsx.scan``), never parsed, so no entity is expanded; a
part that declares a DTD is refused. openpyxl is not used on returns (were it,
defusedxml is installed, and openpyxl then uses it). Every refusal is a
``Rejected`` carrying a ``Finding``: a stable code and a Chinese message naming the file.
``returns_validate`` checks one returned file as consolidation would (校验).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import python_calamine

from minsheng.check.findings import Finding, make
from minsheng.model import layout as L
from minsheng.xlsx import errors as xlsxerrors
from minsheng.xlsx import biff, ods
from minsheng.xlsx import scan as xmlscan
from minsheng.roundtrip import clerk_sheet
from minsheng.roundtrip import returns_caps as caps
from minsheng.roundtrip import returns_container as container
from minsheng.roundtrip.refusal import Rejected, display_name
from minsheng.roundtrip.seal import Seal
from minsheng.model.book import Book, Sheet
from minsheng.xlsx.zipparts import Parts


@dataclass
class Return:
    path: Path
    sha256: str
    saved: datetime                      # when it was last saved (document properties, else file time)
    sheet: Sheet                         # the data sheet from its header row on
    header_row: int                      # sheet row of the header (1 unless rows were inserted above)
    seal: Seal | None                    # None: not a file we sent (perhaps a copy of the master)
    formulas: set[str] = field(default_factory=set)  # A1 cells of the data sheet holding formulas
    extra: Book | None = None            # 项目表 and 配置 of a master copy
    mtime: float = 0.0                   # the file's modification time when it was read
    contacts: Sheet | None = None        # 单位通讯录 from its header row on
    contacts_row: int = 1                # sheet row of its header
    sheets: list[str] = field(default_factory=list)  # the names of all its sheets
    notes: list[Finding] = field(default_factory=list)  # warnings about how it was read
    copy_of: str = ""                    # the data was read from a copy of this sheet (建立副本)
    _letters: dict[str, str] | None = field(default=None, repr=False)
    _records: list | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return display_name(self.path)

    @property
    def columns(self) -> dict[str, int]:
        return self.sheet.columns()

    @property
    def letters(self) -> dict[str, str]:
        """Header → column letters, as the clerk sees them."""
        if self._letters is None:
            self._letters = {h: L.column_letter(i) for h, i in self.columns.items()}
        return self._letters

    def records(self) -> list[tuple[int, dict[str, object]]]:
        """The data sheet's non-blank rows, read once."""
        if self._records is None:
            self._records = self.sheet.records()
        return self._records

    def cell(self, row: int, header: str) -> str:
        """A1 address, in the file as the clerk sees it, of ``header`` in data row ``row`` (as in Sheet)."""
        return f"{self.letters[header]}{row + self.header_row - 1}"


def failed(path, error: BaseException) -> Finding:
    """The finding for a file whose reading raised what no check foresaw (a bug, or a reader's):
    that file is refused by name, the run goes on."""
    name = display_name(Path(path))
    return make("read-failed", file=name, detail=f"{type(error).__name__}: {str(error)[:200]}")


def collect(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files to read from files and folders (folders: their files, not recursing; owner and hidden
    files skipped), and the paths that do not exist."""
    found, missing = [], []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(("~$", ".")))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(path)
    return list(dict.fromkeys(found)), missing


def read_return(path: Path, month: int) -> Return:
    """Read a return from disk once: its bytes serve the hash, the zip checks, calamine and the
    few parts we look at ourselves."""
    path = Path(path)
    data, mtime, parts = container.load(path)
    sheets = _ods_sheets(path, parts)
    book = _open(path, data)
    try:
        return _read(path, data, book, month, parts, mtime, sheets)
    except Rejected:
        raise
    except xmlscan.UnsafeXml:
        raise container.unsafe(path) from None
    except Exception as e:
        raise Rejected.of("corrupt", display_name(path), detail=f"文件内容无法读取（{type(e).__name__}: {e}）。") from None
    finally:
        book.close()


def sheet_names(path: Path) -> list[str]:
    """The names of a file's sheets, behind the same caps as ``read_return`` (size, zip bombs,
    passwords; no XML parser): enough to tell a master from a unit's return before trusting it.
    Raises ``Rejected`` (or ``OSError``) as ``read_return`` does."""
    path = Path(path)
    data, _, parts = container.load(path)
    _ods_sheets(path, parts)
    book = _open(path, data)
    try:
        return list(book.sheet_names)
    finally:
        book.close()



def _ods_sheets(path: Path, parts: Parts | None) -> dict[str, ods.OdsSheet] | None:
    """An .ods's sheets as content.xml tells them (formulas, errors, merges), scanned once, before
    calamine opens the file: calamine reads every sheet of an .ods on opening and sizes each by its
    farthest cell, so content far outside any return, in any sheet, is refused here naming the
    cells to clear. None for the other formats."""
    if parts is None or "content.xml" not in parts or "xl/workbook.xml" in parts:
        return None
    try:
        content = xmlscan.part(parts, "content.xml") or b""
    except xmlscan.UnsafeXml:
        raise container.unsafe(path) from None
    sheets = ods.scan_all(content, caps.MAX_ROWS, caps.MAX_COLUMNS)
    for name, sheet in sheets.items():
        _refuse_far(sheet.far, name, path)
    return sheets


def _open(path: Path, data: bytes):
    """calamine's workbook over the bytes that passed ``returns_container.load``."""
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise container.password(path) from None
    except Exception as e:  # corrupt, truncated or a zip that is no workbook: calamine raises several kinds
        raise Rejected.of("corrupt", display_name(path), detail=f"文件已损坏或不完整，无法读取（{type(e).__name__}）。") from None



def _read(path: Path, data: bytes, book, month: int, parts: Parts | None, mtime: float,
          ods_sheets: dict[str, ods.OdsSheet] | None = None) -> Return:
    names = book.sheet_names
    kept: dict[str, object] = {}  # calamine's sheets read so far: each is parsed once
    seal = Seal.from_properties(xmlscan.properties(parts)) if parts is not None else None
    if (seal is None or not seal.intact) and L.RETURN_META_SHEET in names:
        copied = Seal.from_rows(_rows(book, L.RETURN_META_SHEET, path, parts, kept))  # re-saved as .xls or .ods, or properties
        seal = copied if seal is None or copied.intact else seal    # an application retyped: the sheet's copy
    candidates = [L.month_sheet(month)] + [n for n in names if n != L.month_sheet(month)]
    for name in candidates:
        if name in names and name != L.RETURN_META_SHEET:
            rows = _rows(book, name, path, parts, kept)
            header = _header_row(rows)
            if header is not None:
                break
    else:
        raise Rejected.of("no-data-sheet", display_name(path), detail="找不到含“项目编号”“指标”表头的工作表。")
    contacts, contacts_row = None, 1
    if L.CONTACTS_SHEET in names:
        block = _rows(book, L.CONTACTS_SHEET, path, parts, kept)
        found = _header_row(block, ("单位", "联系电话"))
        if found is not None:
            contacts, contacts_row = Sheet(L.CONTACTS_SHEET, block[found:]), found + 1
    notes, copy_of = [], ""
    if seal is not None and name == L.month_sheet(month):
        found = clerk_sheet.filled_copy(names, name, rows, header, path,
                                        lambda other: _rows(book, other, path, parts, kept), _header_row)
        if found is not None:
            copy_of, (name, rows, header) = name, found
            notes.append(make("taken-from-copy", file=display_name(path), sheet=name, sent=copy_of))
    extra = None
    if seal is None and L.PROJECTS_SHEET in names:
        extra = Book(path, {n: Sheet(n, _rows(book, n, path, parts)) for n in (L.PROJECTS_SHEET, L.CONFIG_SHEET) if n in names})
    xml = xmlscan.sheet_xml(parts, name) if parts is not None else None
    found = ods_sheets.get(name, ods.OdsSheet()) if ods_sheets is not None else None
    formulas, errors = (found.formulas, found.errors) if found else _formulas_and_errors(xml, parts, data, name)
    xlsxerrors.overlay(rows, errors)  # calamine reads #REF! and friends as empty: put them back
    merged = found.merges if found else (kept.get(name) or book.get_sheet_by_name(name)).merged_cell_ranges
    clerk_sheet.fill_merged(merged or [], name, rows, header, path)
    if (xmlscan.date1904(parts) if parts is not None else clerk_sheet.ole_1904(data)):
        clerk_sheet.dates_from_1904(rows, header)
    sheet = Sheet(name, rows[header:])
    saved = xmlscan.saved(parts) if parts is not None else container.ole_saved(data)
    return Return(path, hashlib.sha256(data).hexdigest(),
                  saved or datetime.fromtimestamp(mtime).replace(microsecond=0),
                  sheet, header + 1, seal, formulas, extra, mtime, contacts, contacts_row, list(names),
                  notes, copy_of)


def _formulas_and_errors(xml: bytes | None, parts: Parts | None, data: bytes, name: str
                         ) -> tuple[set[str], dict[tuple[int, int], str]]:
    """The data sheet's formula cells (A1) and the error values its cells show, in every format:
    an .xlsx's sheet part, an .xls's BIFF records (an .ods's are in ``_ods_sheets``)."""
    if xml:
        return xmlscan.formula_refs(xml), xlsxerrors.errors_in(xml)
    if parts is None:
        return biff.formulas_and_errors(data, name, caps.MAX_ROWS, caps.MAX_COLUMNS, caps.MAX_BYTES)
    return set(), {}


def _rows(book, name: str, path: Path, parts: Parts | None = None, kept: dict | None = None) -> list[list]:
    """A sheet's values from A1 (blank cells None), behind the caps; ``kept``: calamine's sheet is
    left there under its name (its merged ranges are asked for later)."""
    if parts is not None:
        _check_extent(parts, name, path)
    sheet = book.get_sheet_by_name(name)
    if kept is not None:
        kept[name] = sheet
    rows = sheet.to_python(skip_empty_area=False, nrows=caps.MAX_ROWS + 1)
    if len(rows) > caps.MAX_ROWS:
        raise Rejected.of("too-large", display_name(path), sheet=name, detail=f"工作表“{name}”超过 {caps.MAX_ROWS} 行，不像是填报表。")
    return [[None if v == "" else v for v in row] for row in rows]  # as workbook.plain


def _check_extent(parts: Parts, name: str, path: Path) -> None:
    """Refuse a sheet with content far outside any return before a reader sizes its grid by it
    (one cell at XFD1048576 would make calamine ask for 512 GiB), naming the cells to clear."""
    xml = xmlscan.sheet_xml(parts, name)
    _refuse_far(xmlscan.far_cells(xml, caps.MAX_ROWS, caps.MAX_COLUMNS) if xml else [], name, path)


def _refuse_far(far: list[tuple[int, int, str]], name: str, path: Path) -> None:
    """``far-content`` for the cells (row, column, A1; 1-based) holding something beyond the caps."""
    if not far:
        return
    shown = "、".join(a1 for _, _, a1 in far[:5]) + ("等" if len(far) > 5 else "")
    rows = sorted({r for r, _, _ in far if r > caps.MAX_ROWS})
    cols = sorted({c for _, c, _ in far if c > caps.MAX_COLUMNS})
    what = "、".join(([f"第 {rows[0]}" + (f"–{rows[-1]}" if len(rows) > 1 else "") + " 行"] if rows else [])
                    + ([L.column_letter(cols[0] - 1) + (f"–{L.column_letter(cols[-1] - 1)}" if len(cols) > 1 else "")
                        + " 列"] if cols else []))
    raise Rejected.of("far-content", display_name(path), sheet=name, cell=far[0][2], cells=shown, what=what,
                      rows=caps.MAX_ROWS, columns=L.column_letter(caps.MAX_COLUMNS - 1))


def _header_row(rows: list[list], needed: tuple[str, ...] = L.KEY) -> int | None:
    for i, row in enumerate(rows[:caps.HEADER_SEARCH]):
        texts = {str(v).strip() for v in row if v is not None}
        if all(h in texts for h in needed):
            return i
    return None
