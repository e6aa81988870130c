"""The parts of a zip container held in memory, read with caps.

A return is read from disk once; its bytes serve the hash, calamine and the few
parts we look at ourselves. ``Parts`` reads the central directory once (a plain
directory directly, anything unusual — zip64, a prefix, a comment that hides the
end record — through ``zipfile``), checks that every part's local header is where
the directory says, and inflates a part by slicing those bytes, never beyond the
size the directory declares. Anything broken is ``zipfile.BadZipFile``.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import NamedTuple

_LOCAL = b"PK\x03\x04"
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # one central directory record, 46 bytes
_END = struct.Struct("<IHHHHIIH")  # end of central directory, 22 bytes
_LENGTHS = struct.Struct("<HH")  # name and extra field lengths in a local header


class Entry(NamedTuple):
    raw_name: bytes  # as stored: UTF-8, or CP437 (the same bytes for the ASCII names of a workbook's parts)
    offset: int  # of the local header
    compressed: int
    size: int
    method: int
    crc: int


class Parts:
    def __init__(self, data: bytes):
        self.data = data
        entries = _directory(data)
        if entries is None:
            entries = _directory_by_zipfile(data)
        self.entries = {e.raw_name: e for e in entries}
        for entry in entries:
            self._start(entry)  # every part's local header is where the directory says, as Excel checks

    @property
    def uncompressed(self) -> int:
        return sum(e.size for e in self.entries.values())

    @property
    def compressed(self) -> int:
        return sum(e.compressed for e in self.entries.values())

    def __contains__(self, name: str) -> bool:
        return name.encode("utf-8") in self.entries

    def stored(self, name: str) -> bytes:
        """A part as stored (compressed): the same bytes mean the same content. ``KeyError`` if missing."""
        entry = self.entries[name.encode("utf-8")]
        start = self._start(entry)
        return bytes([entry.method]) + self.data[start:start + entry.compressed]

    def read(self, name: str) -> bytes:
        """A part's bytes; ``KeyError`` when there is no such part."""
        entry = self.entries[name.encode("utf-8")]
        start = self._start(entry)
        raw = self.data[start:start + entry.compressed]
        if entry.method == zipfile.ZIP_STORED:
            out = raw
        elif entry.method == zipfile.ZIP_DEFLATED:
            try:
                out = zlib.decompressobj(-15).decompress(raw, entry.size + 1)
            except zlib.error as e:
                raise zipfile.BadZipFile(f"{name}: {e}") from None
        else:
            raise zipfile.BadZipFile(f"{name}: compression method {entry.method}")
        if len(out) != entry.size or zlib.crc32(out) != entry.crc:
            raise zipfile.BadZipFile(f"{name}: size or CRC does not match the directory")
        return out

    def _start(self, entry: Entry) -> int:
        """Where a part's data begins, after a local header that must name the same part."""
        at, data = entry.offset, self.data
        if not data.startswith(_LOCAL, at) or len(data) < at + 30:
            raise zipfile.BadZipFile(f"bad local header for {entry.raw_name!r}")
        name_len, extra_len = _LENGTHS.unpack_from(data, at + 26)
        if name_len != len(entry.raw_name) or not data.startswith(entry.raw_name, at + 30):
            raise zipfile.BadZipFile(f"local header names another part than {entry.raw_name!r}")
        return at + 30 + name_len + extra_len


def _directory(data: bytes) -> list[Entry] | None:
    """The entries of a plain zip (end record last, no zip64, nothing before the first part), else None."""
    end = len(data) - _END.size
    if end < 0 or data[end:end + 4] != b"PK\x05\x06":
        return None
    _, disk, cd_disk, count, total, cd_size, cd_offset, comment = _END.unpack_from(data, end)
    if disk or cd_disk or count != total or comment or cd_offset + cd_size != end or 0xFFFF in (count, total):
        return None
    entries, at = [], cd_offset
    for _ in range(total):
        if at + _CENTRAL.size > end:
            return None
        (sig, _, _, _, method, _, _, crc, compressed, size, name_len, extra_len, comment_len, _, _, _,
         offset) = _CENTRAL.unpack_from(data, at)
        if sig != 0x02014B50 or 0xFFFFFFFF in (compressed, size, offset):
            return None
        entries.append(Entry(data[at + 46:at + 46 + name_len], offset, compressed, size, method, crc))
        at += 46 + name_len + extra_len + comment_len
    return entries if at == end else None


def _directory_by_zipfile(data: bytes) -> list[Entry]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # BadZipFile for a truncated or broken container
        return [Entry(i.orig_filename.encode("utf-8" if i.flag_bits & 0x800 else "cp437"),
                      i.header_offset, i.compress_size, i.file_size, i.compress_type, i.CRC)
                for i in z.infolist()]
