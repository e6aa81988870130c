"""openpyxl's ``load_xlsm(path)`` without the ZipFile it leaves open.

openpyxl keeps the VBA parts in ``book.vba_archive``, a ZipFile opened for appending over a
BytesIO and never closed: when the garbage collector takes the buffer first, the archive's own
close at collection writes into a closed file ("I/O operation on closed file", an unraisable
exception pytest reports as a warning). ``load_xlsm`` closes it at once (its directory written
into the buffer) and reopens the same buffer for reading, which is all that saving the book
needs; nothing is left to write when it is collected.
"""

from __future__ import annotations

from pathlib import Path
from zipfile import ZipFile

from openpyxl import Workbook, load_workbook


def load_xlsm(path: str | Path, **options) -> Workbook:
    """``load_workbook(path, keep_vba=True, **options)`` with its VBA archive read-only and closed-safe."""
    book = load_workbook(path, keep_vba=True, **options)
    if book.vba_archive is not None:
        buffer = book.vba_archive.fp
        book.vba_archive.close()  # the buffer was passed in: it stays open, with the directory written
        book.vba_archive = ZipFile(buffer)
    return book
