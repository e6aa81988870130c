"""What a job needs from a workbook, whichever engine holds it: the file on disk or the live
workbook in Excel (``minsheng.engines.file.FileEngine``, ``minsheng.engines.excel.Excel``).

A job reads sheets into a ``Book``, applies ``CellChange``s (and rows appended to 日志), fits a
sheet's Excel Table, marks cells where the engine can fill them, and says what it is doing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from minsheng.model.book import Book, CellChange


class Stop(Exception):
    """End the run with this message to the clerk (e.g. a cancelled dialog, an empty folder)."""


class Engine(Protocol):
    @property
    def path(self) -> Path:
        """Where the workbook lives (its folder holds what the jobs write beside it)."""

    def read(self, names: Iterable[str]) -> Book:
        """The named sheets' values (those present), each read once; the same ``Book`` each call."""

    def apply(self, changes: Iterable[CellChange], log_rows: Iterable[list] = (),
              results: dict[str, dict[str, object]] | None = None) -> int:
        """Write ``changes`` and append ``log_rows`` to 日志; the number of changed cells. ``results``:
        formula cells' cached results after the changes (sheet → {A1: value}), for an engine that
        writes a file; a live workbook computes its own."""

    def fit_table(self, name: str, ref: str) -> None:
        """Fit the sheet's Excel Table to ``ref``."""

    def fills(self):
        """Cell fills (read, paint, unprotected) where the engine can set them, else None."""

    def status(self, text: str | None) -> None:
        """Progress text for the person waiting (None clears it)."""
