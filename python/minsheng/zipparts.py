"""The parts of a zip container held in memory, read with caps.

A return is read from disk once; its bytes serve the hash, calamine and the few
parts we look at ourselves. ``Parts`` reads the central directory once and
inflates a part by slicing those bytes, never more than the size the directory
declares (a part that inflates further, or fails its CRC, is ``BadZipFile``).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

_LOCAL = b"PK\x03\x04"


class Parts:
    def __init__(self, data: bytes):
        self.data = data
        with zipfile.ZipFile(io.BytesIO(data)) as z:  # BadZipFile for a truncated or broken container
            self.infos = {i.filename: i for i in z.infolist()}
        for info in self.infos.values():
            self._start(info)  # every part's local header is where the directory says, as Excel checks

    @property
    def uncompressed(self) -> int:
        return sum(i.file_size for i in self.infos.values())

    @property
    def compressed(self) -> int:
        return sum(i.compress_size for i in self.infos.values())

    def __contains__(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        """A part's bytes; ``KeyError`` when there is no such part."""
        info = self.infos[name]
        start = self._start(info)
        raw = self.data[start:start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            out = raw
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            inflate = zlib.decompressobj(-15)
            try:
                out = inflate.decompress(raw, info.file_size + 1)
            except zlib.error as e:
                raise zipfile.BadZipFile(f"{name}: {e}") from None
        else:
            raise zipfile.BadZipFile(f"{name}: compression method {info.compress_type}")
        if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
            raise zipfile.BadZipFile(f"{name}: size or CRC does not match the directory")
        return out

    def _start(self, info: zipfile.ZipInfo) -> int:
        """Where a part's data begins, after a local header that must name the same part."""
        at = info.header_offset
        if self.data[at:at + 4] != _LOCAL or len(self.data) < at + 30:
            raise zipfile.BadZipFile(f"bad local header for {info.filename}")
        name_len, extra_len = struct.unpack_from("<HH", self.data, at + 26)
        if self.data[at + 30:at + 30 + name_len] != info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437"):
            raise zipfile.BadZipFile(f"local header names another part than {info.filename}")
        return at + 30 + name_len + extra_len
