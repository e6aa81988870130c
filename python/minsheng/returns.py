"""Reading units' returns: untrusted files that travelled by e-mail.

A return is read for values only (python-calamine: .xlsx, .xlsm, .xls, .ods);
nothing in it is evaluated or kept but the values of the cells we look for.
Before calamine sees a file it is sniffed and capped: its size, the uncompressed
size of a zip container and the rows read. The small XML parts read here (the
save time, which part is the data sheet) go through defusedxml; the data sheet's
XML is only scanned for formula cells, never parsed. openpyxl is not used on
returns (were it, defusedxml is installed, and openpyxl then uses it). Every refusal is a
``Rejected`` with a stable code and a Chinese message naming the file.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

import python_calamine
from defusedxml import DefusedXmlException, ElementTree

from minsheng import layout as L
from minsheng.files import sha256
from minsheng.seal import Seal
from minsheng.workbook import Book, Sheet, plain

MAX_BYTES = 20 << 20            # a month's return is tens of kilobytes
MAX_UNCOMPRESSED = 100 << 20    # zip bombs stop here
MAX_RATIO = 200                 # and here
MAX_ROWS = 5000
HEADER_SEARCH = 10              # a clerk may insert rows above the header

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
_FORMULA_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*(?<!/)>\s*<(?:\w+:)?f[\s>/]')
_NS = {"main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
       "dcterms": "http://purl.org/dc/terms/"}
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_HINT_RESEND = "请让该单位在下发的填报表中填写，保存为 .xlsx 后重新发送。"


class Rejected(Exception):
    """A file that cannot be taken; ``message`` says why, ``hint`` what to do."""

    def __init__(self, code: str, message: str, hint: str = _HINT_RESEND):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint
        self.unit = ""  # set once the file is known to be a unit's return

    def to_dict(self, path: Path) -> dict:
        return {"file": Path(path).name, "code": self.code, "message": self.message, "hint": self.hint,
                "unit": self.unit}


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
    _columns: dict[str, int] | None = field(default=None, repr=False)
    _records: list | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def columns(self) -> dict[str, int]:
        if self._columns is None:
            self._columns = self.sheet.columns()
        return self._columns

    def records(self) -> list[tuple[int, dict[str, object]]]:
        """The data sheet's non-blank rows, read once."""
        if self._records is None:
            self._records = self.sheet.records()
        return self._records

    def cell(self, row: int, header: str) -> str:
        """A1 address, in the file as the clerk sees it, of ``header`` in data row ``row`` (as in Sheet)."""
        return f"{L.column_letter(self.columns[header])}{row + self.header_row - 1}"


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
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise Rejected("empty-file", f"{path.name}：文件是空的（0 字节），可能是附件没有下载完整。")
    if size > MAX_BYTES:
        raise Rejected("too-large", f"{path.name}：文件有 {size >> 20} MB，超过 {MAX_BYTES >> 20} MB 的上限，不像是填报表。")
    with path.open("rb") as f:
        magic = f.read(8)
    parts = _check_zip(path) if magic.startswith(b"PK\x03\x04") else None
    try:
        if parts is None and not magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise Rejected("not-excel", f"{path.name}：不是 Excel 文件（扩展名 {path.suffix or '无'}，内容也不是工作簿）。")
        if parts is None:
            _check_ole(path)
        return _open(path, month, parts)
    finally:
        if parts is not None:
            parts.close()


def _open(path: Path, month: int, parts: zipfile.ZipFile | None) -> Return:
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise _password(path) from None
    except Exception as e:  # corrupt, truncated or a zip that is no workbook: calamine raises several kinds
        raise Rejected("corrupt", f"{path.name}：文件已损坏或不完整，无法读取（{type(e).__name__}）。") from None
    try:
        return _read(path, book, month, parts)
    except Rejected as r:
        if not r.message.startswith(path.name):
            r.message = f"{path.name}：{r.message}"
        raise
    except Exception as e:
        raise Rejected("corrupt", f"{path.name}：文件内容无法读取（{type(e).__name__}: {e}）。") from None
    finally:
        book.close()


def _read(path: Path, book, month: int, parts: zipfile.ZipFile | None) -> Return:
    names = book.sheet_names
    seal = Seal.from_rows(_rows(book, L.RETURN_META_SHEET)) if L.RETURN_META_SHEET in names else None
    candidates = [L.month_sheet(month)] + [n for n in names if n != L.month_sheet(month)]
    for name in candidates:
        if name in names and name != L.RETURN_META_SHEET:
            rows = _rows(book, name)
            header = _header_row(rows)
            if header is not None:
                break
    else:
        raise Rejected("no-data-sheet", f"{path.name}：找不到含“项目编号”“指标”表头的工作表。",
                       "请勿修改或删除表头行；" + _HINT_RESEND)
    extra = None
    if seal is None and L.PROJECTS_SHEET in names:
        extra = Book(path, {n: Sheet(n, _rows(book, n)) for n in (L.PROJECTS_SHEET, L.CONFIG_SHEET) if n in names})
    sheet = Sheet(name, rows[header:])
    formulas = _formula_cells(parts, name) if parts is not None else set()
    saved = _saved(parts) if parts is not None else None
    return Return(path, sha256(path), saved or datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0),
                  sheet, header + 1, seal, formulas, extra)


def _rows(book, name: str) -> list[list]:
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
    if len(rows) > MAX_ROWS:
        raise Rejected("too-large", f"工作表“{name}”超过 {MAX_ROWS} 行，不像是填报表。")
    return [[plain(v) for v in row] for row in rows]


def _header_row(rows: list[list]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SEARCH]):
        texts = {str(v).strip() for v in row if v is not None}
        if "项目编号" in texts and "指标" in texts:
            return i
    return None


def _check_zip(path: Path) -> zipfile.ZipFile:
    try:
        parts = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise Rejected("corrupt", f"{path.name}：文件已损坏或不完整（压缩包无法打开），可能是附件没有下载完整。") from None
    infos = parts.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        parts.close()
        raise Rejected("too-large", f"{path.name}：解压后有 {total >> 20} MB，超过上限，拒绝读取。")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names and "content.xml" not in names:
        parts.close()
        raise Rejected("not-excel", f"{path.name}：是压缩文件，但不是 Excel 工作簿（可能是 Word 文档或压缩包）。")
    return parts


def _check_ole(path: Path) -> None:
    """An OLE container: an .xls, or an .xlsx encrypted with an open password."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
                raise _password(path)
    except Rejected:
        raise
    except Exception:
        raise Rejected("corrupt", f"{path.name}：文件已损坏或不完整，无法读取。") from None


def _password(path: Path) -> Rejected:
    return Rejected("password", f"{path.name}：文件设置了打开密码，无法读取。",
                    "请让该单位去掉打开密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后重新发送。")


def _unsafe() -> Rejected:
    return Rejected("unsafe-xml", "文件中含有 Excel 不会写入的 XML 实体声明（可能是恶意构造的文件），拒绝读取。",
                    "请让该单位用 Excel、WPS 或 LibreOffice 重新保存后发送。")


def _saved(parts: zipfile.ZipFile) -> datetime | None:
    try:
        root = ElementTree.fromstring(parts.read("docProps/core.xml"))
        text = root.findtext("dcterms:modified", namespaces=_NS)
        if not text:
            return None
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except DefusedXmlException:
        raise _unsafe() from None
    except (KeyError, ValueError, ElementTree.ParseError):
        return None
    return (when.astimezone().replace(tzinfo=None) if when.tzinfo else when).replace(microsecond=0)


def _formula_cells(parts: zipfile.ZipFile, sheet_name: str) -> set[str]:
    """Cells of ``sheet_name`` holding a formula (an .xlsx's own XML; .xls and .ods are not looked at).

    The small workbook parts are parsed with defusedxml; the sheet itself is only scanned for
    cells whose first child is a formula, never parsed, so nothing in it is expanded."""
    try:
        book = ElementTree.fromstring(parts.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(parts.read("xl/_rels/workbook.xml.rels"))
    except DefusedXmlException:
        raise _unsafe() from None
    except (KeyError, ElementTree.ParseError):
        return set()
    rid = next((s.get(_R_ID) for s in book.iterfind("main:sheets/main:sheet", _NS) if s.get("name") == sheet_name), None)
    target = next((r.get("Target") for r in rels.iterfind("rel:Relationship", _NS) if r.get("Id") == rid), None)
    if not target:
        return set()
    part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    try:
        xml = parts.read(part)
    except KeyError:
        return set()
    return {m.decode("ascii") for m in _FORMULA_CELL.findall(xml)}
