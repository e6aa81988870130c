"""Reading a master's month sheets and 计划 for 滞后预警 (``minsheng.status.progress.compute``).

``Reader`` reads each month's 累计完成 / 形象进度 and the plan once per indicator and month, the
way the native formulas read them, and notes every cell it cannot read (or reads differently from
the workbook's formulas) as a ``Finding``: the value counts as 未报送, never as a zero.
"""

from __future__ import annotations

from minsheng.check import parse
from minsheng.check.findings import Finding, make
from minsheng.model import formulas
from minsheng.model import layout as L
from minsheng.model import settings as settings_mod
from minsheng.model.book import Book, Sheet, is_blank, row_key
from minsheng.model.plan import Plan


class Reader:
    """Reads each month's entries and the plan once, noting every cell it could not read."""

    def __init__(self, book: Book, settings: settings_mod.Settings):
        self.book, self.settings = book, settings
        self.problems: list[Finding] = []
        self._months: dict[int, dict] = {}
        self._plan = Plan.of(book)

    def target(self, sheet: Sheet, row: int, record: dict, unit: str) -> float | None:
        raw = record.get("目标值")
        if is_blank(raw):
            return None  # qualitative: tracked by 形象进度
        return self._number(parse.parse_number(raw), sheet.name, sheet.address(row, "目标值"),
                            row_key(record), unit, "目标值")

    def month(self, m: int, key, target, measure: str, unit: str, kind: str = "", base: float | None = None):
        """(actual, completion, plan, time progress) of one indicator in month ``m``."""
        if m not in self._months:
            name = L.month_sheet(m)
            sheet = self.book[name] if name in self.book else None
            self._months[m] = {"sheet": sheet, "rows": sheet.by_key() if sheet else {}}
        sheet, rows = self._months[m]["sheet"], self._months[m]["rows"]
        actual = None
        if key in rows:
            row, record = rows[key]
            header = "累计完成" if target is not None else "形象进度"
            raw = record.get(header)
            parsed = (parse.parse_number(raw, measure=measure) if target is not None else parse.parse_percent(raw))
            actual = self._number(parsed, sheet.name, sheet.address(row, header), key, unit, header)
        if target is not None:
            actual = formulas.level(actual, measure)
            completion = formulas.completion(actual, target, kind=kind, base=base)
        else:
            completion = formulas.completion(None, None, actual)
        plan = self._plan_value(m, key, unit)
        return actual, completion, plan, formulas.time_progress(plan, target, kind)

    def earlier(self, m: int, key, target) -> float | None:
        """A 节点 row's time progress 配置 节点严重滞后月数 months before ``m`` (None before January)."""
        back = m - self.settings.node_severe
        planned = self._plan.get(key, back).value if back >= L.MONTHS[0] else None
        return planned / target if planned is not None and target else None

    def _plan_value(self, m: int, key, unit: str) -> float | None:
        """The plan as ``minsheng.model.plan`` reads it (blank: 0, as the native SUMIFS); what it
        could not read, or read from text the workbook's formulas count as 0, is a finding."""
        planned = self._plan.get(key, m)
        where = {"sheet": L.PLAN_SHEET, "item": key[0], "indicator": key[1], "unit": unit}
        if planned.problem == "plan-missing":
            if m == 1:
                self.problems.append(make("plan-missing", **where))
            return None
        where.update(cell=planned.cell, header=f"{m}月计划（{key[0]}）")
        if planned.problem == "number-as-text":
            self.problems.append(make("number-as-text", **where, raw=str(planned.raw).strip(),
                                      value=f"{planned.value:g}", note="；工作簿公式按 0 计算，两处结果会不一致"))
        elif planned.problem == "progress-out-of-range":
            self.problems.append(make("progress-out-of-range", **where, value=f"{planned.raw}"))
        elif planned.problem:
            self.problems.append(make(planned.problem, **where, raw=str(planned.raw).strip(),
                                      reason="计划应为数字，时序进度按无计划处理",
                                      parse_hint="请改为数字（形象进度填百分比，如 60%）"))
        return planned.value

    def _number(self, parsed: parse.Parsed, sheet: str, cell: str, key: tuple[str, str], unit: str, what: str):
        """The value when it can be read; a finding when it cannot (the parser's code), or when the
        workbook's own formulas (which take numbers only) would read the cell differently."""
        raw = parsed.raw
        native = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
        if parsed.kind in ("blank", "none-marker") and parsed.ok:
            return None
        where = {"sheet": sheet, "cell": cell, "item": key[0], "indicator": key[1], "unit": unit,
                 "header": f"{what}（{key[0]}）"}
        if not parsed.ok:
            self.problems.append(make(parsed.problem, **where, raw=str(raw).strip(),
                                      reason=f"{parsed.message}，按未报送处理", parse_hint=parsed.hint or "请改为数字"))
            return None
        if native is None or abs(float(native) - parsed.value) > 1e-12:
            seen = "未填" if native is None else f"{native}"
            note = f"（{parsed.note}）" if parsed.note else ""
            self.problems.append(make("lenient-reading", **where, raw=raw, value=f"{parsed.value:g}",
                                      note=f"{note}；工作簿公式按“{seen}”计算，两处结果会不一致",
                                      example="数字" + ("（百分比如 80%）" if what == "形象进度" else "")))
        return parsed.value
