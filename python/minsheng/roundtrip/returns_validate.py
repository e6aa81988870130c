"""校验 of one returned file as consolidation reads it (``validate_file``), and the month it is
for when none is given (from its seal, else its only month sheet; ``MonthUnknown`` when several).
"""

from __future__ import annotations

from pathlib import Path

from minsheng.check.findings import Report, make
from minsheng.check.validate import against, validate_month
from minsheng.model import layout as L
from minsheng.model.book import Book
from minsheng.roundtrip.refusal import Rejected, display_name
from minsheng.roundtrip.returns import Return, failed, read_return, sheet_names


class MonthUnknown(ValueError):
    """A return with several month sheets and no month given; the message says so, in Chinese."""


def validate_file(path: Path, month: int | None, master: Book | None = None, units=None) -> Report:
    """校验 a unit's return file as consolidation reads it: through ``read_return`` (caps, no XML
    parser, formulas and error cells), its rows checked as consolidation checks them; a file
    consolidation would refuse is a report with that one finding (``refused``).
    ``month``: None to take it from the seal, else from the file's only month sheet."""
    path = Path(path)
    try:
        ret = read_return(path, month or 1)
        if month is None:
            month = _month_of(ret)
            if (ret.copy_of or ret.sheet.name) != L.month_sheet(month):
                ret = read_return(path, month)
    except Rejected as r:
        if month is None:
            _only_month(path)  # several month sheets and none given: that is to be said first
        return Report(display_name(path), month or 0, [r.finding], refused=True)
    except OSError as e:
        return Report(display_name(path), month or 0, [make("unreadable", file=display_name(path), reason=e.strerror or e)],
                      refused=True)
    except MonthUnknown:
        raise
    except Exception as e:  # no file takes validate down either
        return Report(display_name(path), month or 0, [failed(path, e)], refused=True)
    if (ret.copy_of or ret.sheet.name) != L.month_sheet(month):
        report = Report(display_name(path), month)
        report.findings.append(make("missing-sheet", sheet=L.month_sheet(month), cell="A1", file=display_name(path)))
        return report
    report = validate_month(ret.sheet, month, source=display_name(path), units=units, header_row=ret.header_row,
                            formulas=ret.formulas, **against(master, month))
    report.findings[:0] = ret.notes
    return report


def _month_of(ret: Return) -> int:
    if ret.seal is not None and str(ret.seal.fields.get("月份", "")).isdigit():
        return int(ret.seal.fields["月份"])
    return _one_month(ret.name, ret.sheets)


def _only_month(path: Path) -> None:
    """A refused file whose sheet names leave the month open: ``MonthUnknown`` (the month is asked
    for before the refusal is told)."""
    try:
        names = sheet_names(path)
    except (Rejected, OSError):
        return
    if sum(1 for name in names if L.sheet_month(name)) > 1:
        _one_month(display_name(path), names)


def _one_month(name: str, sheets: list[str]) -> int:
    months = [m for m in (L.sheet_month(sheet) for sheet in sheets) if m]
    if len(months) == 1:
        return months[0]
    raise MonthUnknown(f"{name} 中有 {len(months)} 张月表，请用 --month 指定要校验的月份")
