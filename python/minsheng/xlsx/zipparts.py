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
PATCH_LEVEL = 1  # deflate level of a replaced part: a month sheet of 10,000 rows (22 MiB of XML) deflates in 0.06 s, not 0.18 s,
                 # for a part a third larger (2.5 against 1.9 MiB); Excel saves it again at its own level
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # one central directory record, 46 bytes
_END = struct.Struct("<IHHHHIIH")  # end of central directory, 22 bytes
_LENGTHS = struct.Struct("<HH")  # name and extra field lengths in a local header
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_TAIL = struct.Struct("<HHH")  # name, extra and comment lengths in a central record (at 28)
_FLAGS = struct.Struct("<H")
_REPLACED = struct.Struct("<HH")  # flags and method in a central record (at 8)
_SIZES = struct.Struct("<III")  # CRC, compressed and uncompressed size in a central record (at 16)
_OFFSET = struct.Struct("<I")  # the local header's offset in a central record (at 42)


class Entry(NamedTuple):
    raw_name: bytes  # as stored: UTF-8, or CP437 (the same bytes for the ASCII names of a workbook's parts)
    offset: int  # of the local header
    compressed: int
    size: int
    method: int
    crc: int
    central: int = -1  # where its central directory record starts; -1 when read through zipfile


class Parts:
    def __init__(self, data: bytes):
        self.data = data
        entries = _directory(data)
        if entries is None:
            entries = _directory_by_zipfile(data)
        self.entries = {e.raw_name: e for e in entries}
        self.plain = len(self.entries) == len(entries) and all(e.central >= 0 for e in entries)
        self._read: dict[str, bytes] = {}  # parts already inflated (a return's sheet is looked at several times)
        self.memo: dict = {}  # what the readers found in this file's parts (``xlsx.scan``): worked out once per file
        self._starts = _starts(data, entries)  # every part's local header is where the directory says, as Excel checks
        self.uncompressed = sum(e.size for e in entries)  # as the directory declares them, summed once
        self.compressed = sum(e.compressed for e in entries)

    def __contains__(self, name: str) -> bool:
        return name.encode("utf-8") in self.entries

    def stored(self, name: str) -> bytes:
        """A part as stored (compressed): the same bytes mean the same content. ``KeyError`` if missing."""
        entry = self.entries[name.encode("utf-8")]
        start = self._start(entry)
        return bytes([entry.method]) + self.data[start:start + entry.compressed]

    def read(self, name: str) -> bytes:
        """A part's bytes; ``KeyError`` when there is no such part. Inflated and checked once, then kept."""
        if name in self._read:
            return self._read[name]
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
        self._read[name] = out
        return out

    def rewrite(self, replaced: dict[str, bytes]) -> bytes | None:
        """The archive with the ``replaced`` parts' content swapped, every other part copied as stored,
        byte for byte, in the same order; None when the container is not a plain zip."""
        wanted = {name.encode("utf-8"): content for name, content in replaced.items()}
        if not self.plain or not wanted.keys() <= self.entries.keys():
            return None
        out, directory, data = bytearray(), bytearray(), self.data
        for name, entry in self.entries.items():
            head = _CENTRAL.size + sum(_TAIL.unpack_from(data, entry.central + 28))
            record = bytearray(data[entry.central:entry.central + head])
            offset = len(out)
            if name in wanted:
                content = wanted[name]
                packer = zlib.compressobj(PATCH_LEVEL, zlib.DEFLATED, -15)
                packed = packer.compress(content) + packer.flush()
                flags = _FLAGS.unpack_from(record, 8)[0] & ~0x8  # sizes in the header, no data descriptor
                crc = zlib.crc32(content)
                _REPLACED.pack_into(record, 8, flags, zipfile.ZIP_DEFLATED)
                _SIZES.pack_into(record, 16, crc, len(packed), len(content))
                record = record[:_CENTRAL.size + len(name)]
                _LENGTHS.pack_into(record, 30, 0, 0)  # no extra field, no comment
                time, date = _FLAGS.unpack_from(record, 12)[0], _FLAGS.unpack_from(record, 14)[0]
                out += _LOCAL_HEADER.pack(0x04034B50, 20, flags, zipfile.ZIP_DEFLATED, time, date, crc,
                                          len(packed), len(content), len(name), 0) + name + packed
            else:
                end = self._start(entry) + entry.compressed
                if _FLAGS.unpack_from(data, entry.offset + 6)[0] & 0x8:  # a data descriptor follows
                    end += 16 if data.startswith(b"PK\x07\x08", end) else 12
                out += data[entry.offset:end]
            _OFFSET.pack_into(record, 42, offset)
            directory += record
        return bytes(out + directory + _END.pack(0x06054B50, 0, 0, len(self.entries), len(self.entries),
                                                 len(directory), len(out), 0))

    def _start(self, entry: Entry) -> int:
        """Where a part's data begins (its local header was checked on opening)."""
        return self._starts[entry.offset]


def _starts(data: bytes, entries: list[Entry]) -> dict[int, int]:
    """Local header offset → where that part's data begins, after a local header that must name
    the same part; ``zipfile.BadZipFile`` for the first that does not. One loop, no call per part:
    this runs for every part of every return."""
    starts, size, unpack = {}, len(data), _LENGTHS.unpack_from
    for entry in entries:
        at, name = entry.offset, entry.raw_name
        if size < at + 30 or data[at:at + 4] != _LOCAL:
            raise zipfile.BadZipFile(f"bad local header for {name!r}")
        name_len, extra_len = unpack(data, at + 26)
        if name_len != len(name) or data[at + 30:at + 30 + name_len] != name:
            raise zipfile.BadZipFile(f"local header names another part than {name!r}")
        starts[at] = at + 30 + name_len + extra_len
    return starts


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
        entries.append(Entry(data[at + 46:at + 46 + name_len], offset, compressed, size, method, crc, at))
        at += 46 + name_len + extra_len + comment_len
    return entries if at == end else None


def _directory_by_zipfile(data: bytes) -> list[Entry]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # BadZipFile for a truncated or broken container
        return [Entry(i.orig_filename.encode("utf-8" if i.flag_bits & 0x800 else "cp437"),
                      i.header_offset, i.compress_size, i.file_size, i.compress_type, i.CRC)
                for i in z.infolist()]
