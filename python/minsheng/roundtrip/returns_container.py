"""A returned file's container, sniffed and capped before any reader sees it.

``load`` reads the bytes once and refuses an empty file, one over ``MAX_BYTES``, a zip over its
uncompressed size or ratio, a zip that is no workbook, an OLE file that is encrypted (an open
password) or corrupt, and anything that is neither; ``ole_saved`` gives an .xls's own save time.
Every refusal is a ``Rejected`` naming the file; the caps are read from ``returns_caps``.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from minsheng.roundtrip import returns_caps as caps
from minsheng.roundtrip.refusal import Rejected, display_name
from minsheng.xlsx.zipparts import Parts


def load(path: Path) -> tuple[bytes, float, Parts | None]:
    """The file's bytes, its modification time and its zip parts (None for an OLE file), once
    its size and container have passed the caps."""
    with open(path, "rb") as file:  # one lookup of the path for its size, time and bytes
        stat = os.fstat(file.fileno())
        size = stat.st_size
        if size == 0:
            raise Rejected.of("empty-file", display_name(path))
        if size > caps.MAX_BYTES:
            raise Rejected.of("too-large", display_name(path),
                              detail=f"文件有 {size >> 20} MB，超过 {caps.MAX_BYTES >> 20} MB 的上限，不像是填报表。")
        data = file.read()
    parts = _check_zip(path, data) if data.startswith(b"PK\x03\x04") else None
    if parts is None and not data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Rejected.of("not-excel", display_name(path), detail=f"不是 Excel 文件（扩展名 {path.suffix or '无'}，内容也不是工作簿）。")
    if parts is None:
        _check_ole(path, data)
    return data, stat.st_mtime, parts


def _check_zip(path: Path, data: bytes) -> Parts:
    try:
        parts = Parts(data)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Rejected.of("corrupt", display_name(path), detail="文件已损坏或不完整（压缩包无法打开），可能是附件没有下载完整。") from None
    total = parts.uncompressed
    if total > caps.MAX_UNCOMPRESSED or total / (parts.compressed or 1) > caps.MAX_RATIO:
        raise Rejected.of("too-large", display_name(path), detail=f"解压后有 {total >> 20} MB，超过上限，拒绝读取。")
    if "xl/workbook.xml" not in parts and "xl/workbook.bin" not in parts and "content.xml" not in parts:
        raise Rejected.of("not-excel", display_name(path), detail="是压缩文件，但不是 Excel 工作簿（可能是 Word 文档或压缩包）。")
    return parts


def _check_ole(path: Path, data: bytes) -> None:
    """An OLE container: an .xls, or an .xlsx encrypted with an open password."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
                raise password(path)
    except Rejected:
        raise
    except Exception:
        raise Rejected.of("corrupt", display_name(path), detail="文件已损坏或不完整，无法读取。") from None


def ole_saved(data: bytes) -> datetime | None:
    """An .xls's own last-saved time (SummaryInformation, UTC) in local time, or None."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            when = ole.get_metadata().last_saved_time
    except Exception:  # a summary stream that cannot be read leaves the file's time
        return None
    if not isinstance(when, datetime) or when.year < 1990:
        return None
    return when.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None, microsecond=0)


def password(path: Path) -> Rejected:
    """The refusal of a file locked with an open password."""
    return Rejected.of("password", display_name(path))


def unsafe(path: Path) -> Rejected:
    """The refusal of a file whose XML declares a DTD (``xmlscan.UnsafeXml``)."""
    return Rejected.of("unsafe-xml", display_name(path))
