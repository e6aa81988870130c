"""Validation findings as data: each a stable code, a severity and a place; a ``Report`` collects them.

Every code is declared once in ``CODES`` with its severity and the templates of
its Chinese message and hint (frictionless ``errors/cell.py``). A rule never
writes prose of its own: it names the code and fills the template's fields.

Severity ``error`` blocks consolidation of that row; ``warning`` asks the clerk
to look again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

ERROR, WARNING = "error", "warning"
SEVERITY_NAMES = {ERROR: "错误", WARNING: "提示"}


@dataclass(frozen=True)
class Code:
    severity: str
    title: str  # a few words, for lists and the 校验结果 sheet
    message: str  # str.format template; {at} is the place, {header} the column
    hint: str


_UNREADABLE = Code(ERROR, "无法读取", "{at}{header}填写的“{raw}”无法读取：{reason}", "{parse_hint}")

CODES: dict[str, Code] = {
    # the sheet as a whole
    "missing-sheet": Code(ERROR, "缺少工作表", "{file} 中没有“{sheet}”工作表", "请确认月份，或从下发的填报表重新复制该月工作表"),
    "missing-column": Code(ERROR, "缺少列", "{sheet} 工作表缺少“{header}”列，无法校验该列",
                           "请勿删除或改动表头；从下发的填报表重新复制表头“{header}”"),
    "duplicate-row": Code(ERROR, "重复行", "{at}与第 {first} 行是同一指标（{item} {indicator}），重复填报",
                          "请删除重复的一行，只保留一行"),
    # what the parser could not read (codes from minsheng.check.parse)
    **{code: _UNREADABLE for code in ("not-a-number", "ambiguous-number", "unknown-measure", "excel-error",
                                      "not-a-date", "date-out-of-range", "not-text")},
    "number-as-text": Code(WARNING, "数字存为文字", "{at}{header}填的是文字“{raw}”，已按 {value} 读取{note}",
                           "请直接填写数字 {value}（不带单位），表中公式才能计算"),
    "lenient-reading": Code(WARNING, "请核对读取结果", "{at}{header}“{raw}”已按 {value} 读取{note}",
                            "如读取有误，请改为 {example}"),
    # required fields
    "not-reported": Code(WARNING, "未填报", "{at}本月尚未填报（{item} {indicator}）",
                         "请填写{header}和进展情况等内容"),
    "required-value-missing": Code(ERROR, "缺少完成数", "{at}{header}{shown}，但本行已填写了其他内容",
                                   "请填写{header}：{example}"),
    "required-field-missing": Code(WARNING, "缺少必填项", "{at}{header}{shown}", "请填写{header}"),
    # numbers
    "negative-number": Code(ERROR, "负数", "{at}{header}为负数 {value}", "累计完成不能小于 0，请核对后填写"),
    "cumulative-decreased": Code(ERROR, "累计数下降",
                                 "{at}{header} {value} 小于上月（{previous_sheet}）的 {previous}，累计数不应减少",
                                 "请填写截至本月底的累计数（不小于上月的 {previous}）；如上月填错，请说明并联系督查室更正"),
    "far-above-target": Code(WARNING, "远超目标", "{at}{header} {value} 超过目标值 {target} 的 {factor} 倍，请核实",
                             "请核对数值与计量单位（{measure}），是否多填了位数或填成了其他单位"),
    "progress-out-of-range": Code(ERROR, "形象进度超范围", "{at}{header} {value} 不在 0%–100% 之间",
                                  "请填写 0% 到 100% 之间的百分比，如 60%"),
    "progress-decreased": Code(ERROR, "形象进度下降", "{at}{header} {value} 低于上月（{previous_sheet}）的 {previous}",
                               "形象进度不应倒退；请核对，如上月填错请说明并联系督查室更正"),
    # behind plan
    "behind-plan-unexplained": Code(WARNING, "滞后未说明",
                                    "{at}本行{status}（完成 {rate}，时序进度 {plan}），{header}{shown}",
                                    "进度滞后须写明{header}，不能填“无”"),
    "behind-plan-text-unchanged": Code(WARNING, "沿用上月内容",
                                       "{at}本行{status}（完成 {rate}，时序进度 {plan}），{header}与上月（{previous_sheet}）完全相同",
                                       "请按本月实际情况更新{header}"),
    "target-reached-not-done": Code(WARNING, "已达标未显示完成",
                                    "{at}完成率 {rate} 已达到目标，状态却显示“{shown}”",
                                    "状态应为“已完成”；请勿改动状态列的公式，可从下发的填报表重新复制"),
    # contact and date
    "phone-format": Code(WARNING, "电话格式", "{at}{header}“{raw}”不像手机号或带区号的固定电话",
                         "请填写 11 位手机号，或带区号的固定电话，如 0537-8221234"),
    "report-date-outside-window": Code(WARNING, "填报日期不在报送期内",
                                       "{at}{header} {value} 不在 {month} 月的报送期（{start} 至 {end}）内{why}",
                                       "请填写实际填报的日期，应在 {start} 至 {end} 之间"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    sheet: str
    cell: str  # A1
    item: str
    indicator: str
    unit: str
    message: str
    hint: str

    @property
    def title(self) -> str:
        return CODES[self.code].title

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def make(code: str, *, sheet: str, cell: str, item: str = "", indicator: str = "", unit: str = "",
         **fields) -> Finding:
    """A finding with its message and hint rendered from the code's templates."""
    spec = CODES[code]
    fields = {"sheet": sheet, "cell": cell, "item": item, "indicator": indicator, "at": f"{sheet}!{cell}：",
              **fields}
    return Finding(code, spec.severity, sheet, cell, item, indicator, unit,
                   spec.message.format(**fields), spec.hint.format(**fields))


@dataclass
class Report:
    file: str
    month: int
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0  # indicator rows checked

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
