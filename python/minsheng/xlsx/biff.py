"""Formula and error cells of one sheet of an .xls (BIFF8), from its records, nothing evaluated.

python-calamine reads a formula's cached error in an .xls as an empty cell and says
nothing of formulas. This walks the Workbook stream's records: BOUNDSHEET (0x0085)
gives the sheet's substream, whose FORMULA records (0x0006) are its formula cells
(a cached error: result byte 0 = 0x02, bytes 6–7 = 0xFFFF, byte 2 the error's code)
and whose BOOLERR records (0x0205) with fError set are typed error values. The
stream is read behind a cap; an encrypted one (FILEPASS) is left alone.
"""

from __future__ import annotations

import io
import struct

from minsheng.model.layout import column_letter

_HEAD = struct.Struct("<HH")
_CELL = struct.Struct("<HH")
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
          0x2A: "#N/A", 0x2B: "#GETTING_DATA"}


def formulas_and_errors(data: bytes, sheet: str, rows: int, columns: int, cap: int = 32 << 20
                        ) -> tuple[set[str], dict[tuple[int, int], str]]:
    """(A1 refs of the formula cells, {(row0, col0): '#DIV/0!'} of the error cells) of ``sheet``
    within the first ``rows`` × ``columns``; empty when the stream cannot be read."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            body = ole.openstream(stream).read(cap) if stream else b""
    except Exception:
        return set(), {}
    start = _substream(body, sheet)
    formulas: set[str] = set()
    errors: dict[tuple[int, int], str] = {}
    if start is None:
        return formulas, errors
    for kind, at, size in _records(body, start):
        if kind == 0x000A:  # EOF of the sheet
            break
        if kind not in (0x0006, 0x0205) or size < 8:
            continue
        row, col = _CELL.unpack_from(body, at)
        if row >= rows or col >= columns:
            continue
        if kind == 0x0006 and size >= 14:
            formulas.add(f"{column_letter(col)}{row + 1}")
            result = body[at + 6:at + 14]
            if result[0] == 0x02 and result[6:8] == b"\xff\xff":
                errors[(row, col)] = ERRORS.get(result[2], "#VALUE!")
        elif kind == 0x0205 and body[at + 7] == 1:
            errors[(row, col)] = ERRORS.get(body[at + 6], "#VALUE!")
    return formulas, errors


def _records(body: bytes, at: int):
    while at + 4 <= len(body):
        kind, size = _HEAD.unpack_from(body, at)
        if at + 4 + size > len(body):
            return
        yield kind, at + 4, size
        at += 4 + size


def _substream(body: bytes, sheet: str) -> int | None:
    """Where ``sheet``'s BOF is, from the globals' BOUNDSHEET records; None if encrypted or absent."""
    for kind, at, size in _records(body, 0):
        if kind == 0x000A:  # the end of the globals
            return None
        if kind == 0x002F:  # FILEPASS: the records after it are encrypted
            return None
        if kind == 0x0085 and size >= 8:
            offset = struct.unpack_from("<I", body, at)[0]
            count, high = body[at + 6], body[at + 7] & 1
            raw = body[at + 8:at + 8 + count * (2 if high else 1)]
            name = raw.decode("utf-16-le" if high else "latin-1", "replace")
            if name == sheet and offset < len(body):
                return offset
    return None
