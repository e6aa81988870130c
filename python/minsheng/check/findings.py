"""Findings as data: each a stable code, a severity and a place; a ``Report`` collects them.

One ``Finding`` type for everything the tool finds wrong: a cell that fails a 校验
rule, a cell the status reader cannot read, a row consolidation leaves out, a
unit's file that is refused whole, two returns that disagree (frictionless
``errors/file.py`` … ``errors/cell.py``). Every code is declared once in
``CODES`` (``minsheng.check.codes``) with its severity and the templates of its Chinese message and hint.
A caller never writes prose of its own: it names the code and fills the
template's fields (``make``).

Severity ``error`` blocks consolidation of that row (or file); ``warning`` asks
the clerk to look again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# the table of codes, re-exported: callers read them from here, as before the table had its own module
from minsheng.check.codes import CODES, ERROR, RESEND, SEVERITY_NAMES, WARNING, Code  # noqa: F401


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    sheet: str = ""
    cell: str = ""  # A1; "" for the sheet or the file as a whole
    item: str = ""
    indicator: str = ""
    unit: str = ""
    file: str = ""  # the unit's file it is about, when there is one
    message: str = ""
    hint: str = ""
    details: dict = field(default_factory=dict, compare=False)  # more for JSON (the files that disagree ...)

    @property
    def title(self) -> str:
        return CODES[self.code].title

    def to_dict(self) -> dict[str, object]:
        """The ten fields of every finding, then its details (if any)."""
        data = {name: getattr(self, name) for name in FIELDS}
        return {**data, **{k: v for k, v in self.details.items() if k not in data}}


FIELDS = ("code", "severity", "sheet", "cell", "item", "indicator", "unit", "file", "message", "hint")


def make(code: str, *, sheet: str = "", cell: str = "", item: str = "", indicator: str = "", unit: str = "",
         file: str = "", details: dict | None = None, **fields) -> Finding:
    """A finding with its message and hint rendered from the code's templates.

    Templates may name the finding's own fields and ``at`` (``3月!J5：``, the place as a prefix)
    and ``file_at`` (``人社局.xlsx：`` when the finding is about a unit's file)."""
    spec = CODES[code]
    fields = {"sheet": sheet, "cell": cell, "item": item, "indicator": indicator, "unit": unit, "file": file,
              "at": f"{sheet}!{cell}：" if cell else "", "file_at": f"{file}：" if file else "", **fields}
    found = _new(Finding)  # what ``Finding(...)`` makes, without the frozen class's eleven guarded sets
    found.__dict__.update(code=code, severity=spec.severity, sheet=sheet, cell=cell, item=item, indicator=indicator,
                          unit=unit, file=file, message=spec.message.format(**fields),
                          hint=spec.hint.format(**fields), details=details or {})
    return found


_new = object.__new__  # ``make`` is called for every finding of every row: 1.7 µs of its 4 were the guarded sets


@dataclass
class Report:
    file: str
    month: int
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0  # indicator rows checked
    refused: bool = False  # the file itself could not be taken: its one finding says why

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def valid(self) -> bool:
        """No errors: every row may be consolidated (warnings still ask for a look)."""
        return not self.errors

    @property
    def clean(self) -> bool:
        return not self.findings

    @property
    def stats(self) -> dict[str, object]:
        return {"rows": self.rows, "findings": len(self.findings), "errors": len(self.errors),
                "warnings": len(self.warnings), "by_code": dict(sorted(Counter(f.code for f in self.findings).items()))}

    def flat(self, *fields: str) -> list[tuple]:
        """Findings as tuples of the named fields, in report order, for tests."""
        fields = fields or ("cell", "code")
        return [tuple(getattr(f, name) for name in fields) for f in self.findings]

    def blocked(self) -> set[tuple[str, str]]:
        """(项目编号, 指标) of rows with an error: not to be consolidated."""
        return {(f.item, f.indicator) for f in self.errors if f.item}

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "month": self.month, "valid": self.valid, "counts": self.stats,
                "findings": [f.to_dict() for f in self.findings]}
