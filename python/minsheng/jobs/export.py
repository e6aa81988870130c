"""导出长表: one row per indicator per month, as CSV (UTF-8 with BOM, for Excel) or Parquet.

The CSV is safe to open: a text cell that starts like a formula (= + - @, tab, CR) is written with a
leading ``'`` (``long_table.csv_safe``); the Parquet keeps every text as typed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from minsheng.engines.base import Engine
from minsheng.engines.disk import atomic_write
from minsheng.jobs.common import master_sheets
from minsheng.model import layout as L
from minsheng.status import long_table as tidy

FORMATS = {".csv": "CSV（UTF-8 带 BOM，Excel 可直接打开）", ".parquet": "Parquet"}


class MissingSheets(ValueError):
    """The master lacks monthly sheets the export needs."""


@dataclass
class Exported:
    out: Path
    rows: int
    indicators: int
    months: list[int]
    problems: list  # cells that could not be read as they are (message, hint)


def export(engine: Engine, out: Path, month: int | None = None) -> Exported:
    """Months 1..``month`` (else up to the latest reported) into ``out``; its suffix picks the format.
    Raises ``MissingSheets``, ``WorkbookBusy`` or ``OSError`` (the file cannot be written)."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"输出文件应为 .csv 或 .parquet，现为“{out.name}”。")
    book = engine.read(master_sheets(month))
    months = list(range(1, month + 1)) if month else list(tidy.months_reported(book))
    missing = [m for m in months if L.month_sheet(m) not in book]
    if missing:
        raise MissingSheets(f"主台账中缺少工作表：{'、'.join(L.month_sheet(m) for m in missing)}。")
    frame, problems = tidy.long_table(book, months)

    def write(tmp: Path) -> None:
        if suffix == ".csv":
            tidy.csv_safe(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            frame.to_parquet(tmp, index=False, engine="pyarrow")

    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, write, keep_backup=False)
    return Exported(out, len(frame), frame["指标"].count() // max(len(months), 1), months, problems)
