"""Cell fills in Excel for Windows: the marks 校验 puts on offending cells. Desktop only.

xlwings' remote interpreter can set a fill but cannot read one, nor lift a
sheet's protection, so it cannot restore a cell to the fill it had; the Excel
engine (``minsheng.engines.excel``) uses this only on Excel for Windows and elsewhere
leaves the marks, and their records, as they are. Nothing here runs in the
tests (there is no Excel here): keep it small.

The month sheets are protected without a password. A sheet is unprotected while
its cells are filled and protected again with the permissions it had. Calls into
Excel grow with the number of marked cells (two each), not with the number of rows.

No xlwings import: this takes the calling ``xlwings.Book`` from ``minsheng.engines.excel``.
A mark is anything with ``sheet``, ``cell`` and ``fill`` (``minsheng.check.results.Mark``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from minsheng.engines.base import Stop

# Worksheet.Protect's arguments after Password, in order (Excel VBA reference); the first four
# are read back from the sheet as ProtectDrawingObjects, ProtectContents, ProtectScenarios and
# ProtectionMode, the rest from its Protection object.
_ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
          "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
          "AllowSorting", "AllowFiltering", "AllowUsingPivotTables")


class Fills:
    """Read and set the fills of single cells of the calling workbook (an ``xlwings.Book`` over COM)."""

    def __init__(self, book):
        self.book = book
        self.names = {s.name for s in book.sheets}

    def read(self, marks: Iterable) -> dict[tuple[str, str], str]:
        """(sheet, cell) → the cell's fill as hex RGB, "" for none."""
        out = {}
        for m in marks:
            rgb = self.book.sheets[m.sheet].range(m.cell).color  # None, or (r, g, b)
            out[(m.sheet, m.cell)] = "" if rgb is None else "".join(f"{c:02X}" for c in rgb)
        return out

    def paint(self, marks: Iterable) -> None:
        """Give each cell its mark's fill ("" removes the fill); sheets that are gone are skipped."""
        for m in marks:
            if m.sheet in self.names:
                self.book.sheets[m.sheet].range(m.cell).color = f"#{m.fill}" if m.fill else None

    @contextmanager
    def unprotected(self, sheets: Iterable[str]) -> Iterator[None]:
        """Lift the protection of ``sheets`` for the block, then protect them as they were."""
        lifted = []
        try:
            for name in dict.fromkeys(s for s in sheets if s in self.names):
                api = self.book.sheets[name].api
                if not api.ProtectContents:
                    continue
                kept = (api.ProtectDrawingObjects, True, api.ProtectScenarios, api.ProtectionMode,
                        *(getattr(api.Protection, a) for a in _ALLOW))
                try:
                    api.Unprotect("")
                except Exception:  # noqa: BLE001 - COM raises its own error types
                    raise Stop(f"工作表“{name}”设有保护密码，无法标记问题单元格：请在“审阅”中撤销工作表保护，"
                               f"再不设密码重新保护，然后再按“校验”。本次没有修改工作簿。") from None
                lifted.append((api, kept))
            yield
        finally:
            for api, kept in lifted:
                api.Protect("", *kept)
