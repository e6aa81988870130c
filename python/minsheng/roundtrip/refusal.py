"""A returned file refused, and its name as it can be shown: shared by the reader of returns and
the repairs of what a clerk did to a sheet (``clerk_sheet``)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from minsheng.check.findings import Finding, make


class Rejected(Exception):
    """A file that cannot be taken: its ``finding`` says why and what to do."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding

    @classmethod
    def of(cls, code: str, file: str, **fields) -> Rejected:
        return cls(make(code, file=file, **fields))


def display_name(path: Path) -> str:
    """A file's name as it can be printed and written into the master: bytes a Windows archive left
    undecoded (GBK) are read as GBK, control characters shown as \\xHH."""
    return _shown(path.name)


@lru_cache(maxsize=4096)  # a return's name is shown in each of its findings
def _shown(name: str) -> str:
    if any("\udc80" <= ch <= "\udcff" for ch in name):
        raw = os.fsencode(name)
        for codec in ("gb18030", "big5"):
            try:
                name = raw.decode(codec)
                break
            except UnicodeDecodeError:
                continue
        else:
            name = raw.decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in name)
