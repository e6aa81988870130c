"""Every finding code, declared once: its severity and the templates of its Chinese message and hint.

``CODES`` is the table ``check.findings.make`` renders a ``Finding`` from; nothing else writes the
prose of a finding. Severity ``error`` blocks consolidation of that row (or file); ``warning`` asks
the clerk to look again. ``tests/test_codes.py`` checks every code in use is declared here and no
two say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"
SEVERITY_NAMES = {ERROR: "错误", WARNING: "提示"}


@dataclass(frozen=True)
class Code:
    severity: str
    title: str  # a few words, for lists and the 校验结果 sheet
    message: str  # str.format template; {at} is the place, {header} the column
    hint: str


_UNREADABLE = Code(ERROR, "无法读取", "{at}{header}填写的“{raw}”无法读取：{reason}", "{parse_hint}")
RESEND = "请让该单位在下发的填报表中填写，保存为 .xlsx 后重新发送。"
_REFILL = "请使用本月下发的填报表重新填报后发送。"

CODES: dict[str, Code] = {
    # the sheet as a whole
    "missing-sheet": Code(ERROR, "缺少工作表", "{file} 中没有“{sheet}”工作表", "请确认月份，或从下发的填报表重新复制该月工作表"),
    "missing-column": Code(ERROR, "缺少列", "{file_at}{sheet} 工作表缺少“{header}”列，无法校验该列",
                           "请勿删除或改动表头；从下发的填报表重新复制表头“{header}”"),
    "master-sheet-missing": Code(ERROR, "主台账缺少工作表", "{file} 中没有“{sheet}”工作表（被删除或改名）",
                                 "如改了名，请把工作表名改回“{sheet}”；如已删除，请从“备份”文件夹中取最近一份完好的主台账替换"),
    "master-header-missing": Code(ERROR, "主台账表头被改动", "{file} 的“{sheet}”工作表第 1 行缺少表头“{header}”（应在 {cell} 附近）",
                                  "请把被改动的表头改回“{header}”（只改表头文字，不动数据），或从“备份”文件夹中取最近一份完好的主台账"),
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
    "only-spaces": Code(WARNING, "只有空格", "{at}{header}只有空格，看似空白，按未填写处理",
                        "如要填写请输入内容；否则请选中该单元格按 Delete 清空"),
    # numbers
    "negative-number": Code(ERROR, "负数", "{at}{header}为负数 {value}", "累计完成不能小于 0，请核对后填写"),
    "cumulative-decreased": Code(ERROR, "累计数下降",
                                 "{at}{header} {value} 小于上月（{previous_sheet}）的 {previous}，累计数不应减少",
                                 "请填写截至本月底的累计数（不小于上月的 {previous}）；如上月填错，请说明并联系督查室更正"),
    "far-above-target": Code(WARNING, "远超目标", "{at}{header} {value} 超过目标值 {target} 的 {factor} 倍，请核实",
                             "请核对数值与计量单位（{measure}），是否多填了位数或填成了其他单位"),
    "measure-slip": Code(ERROR, "计量单位疑误",
                         "{at}{header} {value} 是目标值 {target}{measure} 的约 {ratio} 倍，不像按“{measure}”填写",
                         "可能填成了 {typed}，即 {read}；请按“{measure}”填写截至本月底的累计数（如 {reading}），核实后再报送"),
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
    "behind-plan-stock-phrase": Code(WARNING, "只有套话",
                                     "{at}本行{status}（完成 {rate}，时序进度 {plan}），{header}{shown}，只是套话，"
                                     "没有说明具体情况",
                                     "请写明{header}的具体内容：卡在哪个环节、采取什么措施、由谁负责、几月几日前完成"
                                     "（如“4月20日前由施工单位完成主体验收”），不能只写“继续加快推进”“确保按期完成”之类的套话"),
    "target-reached-not-done": Code(WARNING, "已达标未显示完成",
                                    "{at}完成率 {rate} 已达到目标，状态却显示“{shown}”",
                                    "状态应为“已完成”；请勿改动状态列的公式，可从下发的填报表重新复制"),
    # contact and date
    "phone-format": Code(WARNING, "电话格式", "{at}{header}“{raw}”不像手机号或带区号的固定电话",
                         "请填写 11 位手机号，或带区号的固定电话，如 0537-8221234"),
    "report-date-outside-window": Code(WARNING, "填报日期不在报送期内",
                                       "{at}{header} {value} 不在 {month} 月的报送期（{start} 至 {end}）内{why}",
                                       "请填写实际填报的日期，应在 {start} 至 {end} 之间"),
    # a unit's file refused whole (minsheng.roundtrip.returns, .intake)
    "unreadable": Code(ERROR, "无法打开", "{file}：无法打开（{reason}）。", "请检查文件是否存在、是否有读取权限。"),
    "empty-file": Code(ERROR, "空文件", "{file}：文件是空的（0 字节），可能是附件没有下载完整。", RESEND),
    "too-large": Code(ERROR, "文件过大", "{file}：{detail}", RESEND),
    "not-excel": Code(ERROR, "不是 Excel 文件", "{file}：{detail}", RESEND),
    "corrupt": Code(ERROR, "文件已损坏", "{file}：{detail}", RESEND),
    "far-content": Code(ERROR, "表格外有内容", "{file}：工作表“{sheet}”的 {cells} 单元格有内容，远在填报区域之外"
                        "（填报表不超过 {rows} 行、{columns} 列），无法读取",
                        "请在该单位的文件中清除{what}的内容（选中后按 Delete，或删除整行/整列），保存后重新发送。"),
    "merged-figure": Code(ERROR, "数字格合并", "{file}：工作表“{sheet}”的 {range} 是合并单元格，把一个“{header}”填给了几个指标，"
                          "无法分清各指标的数，本文件未汇总",
                          "请在该单位的文件中选中 {range}，点“合并后居中”取消合并，在每一行填写该指标自己的数，保存后重新发送。"),
    "filled-copy": Code(ERROR, "填在了复制的工作表中", "{file}：工作表“{sheet}”中填有数据（{detail}），"
                        "而汇总只读下发的“{sent}”表{state}，无法确定以哪张为准，本文件未汇总",
                        "请把“{sheet}”中要报送的内容复制到“{sent}”表的相同位置，删去“{sheet}”，保存后重新发送。"),
    "taken-from-copy": Code(WARNING, "已从复制的工作表读取", "{file}：下发的“{sent}”表未填写，内容填在了它的副本“{sheet}”中"
                            "（表头和行与原表相同），已按“{sheet}”汇总",
                            "请核对汇总结果；以后请直接在“{sent}”表中填写，不要复制工作表。"),
    "read-failed": Code(ERROR, "读取出错", "{file}：读取或核对这份文件时程序出错（{detail}），本文件未汇总，其他文件照常汇总。",
                        "请先让该单位用 Excel 或 WPS 打开后另存为 .xlsx 重新发送；仍不行请把该文件交给系统维护人员。"),
    "password": Code(ERROR, "设有打开密码", "{file}：文件设置了打开密码，无法读取。",
                     "请让该单位去掉打开密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后重新发送。"),
    "unsafe-xml": Code(ERROR, "可疑文件", "{file}：文件中含有 Excel 不会写入的 XML 实体声明（可能是恶意构造的文件），拒绝读取。",
                       "请让该单位用 Excel、WPS 或 LibreOffice 重新保存后发送。"),
    "no-data-sheet": Code(ERROR, "找不到数据表", "{file}：{detail}", "请勿修改或删除表头行；" + RESEND),
    "not-a-return": Code(ERROR, "不是填报表",
                         "{file}：不是本系统下发的填报表，也不是主台账的副本（缺少隐藏的校验信息）", RESEND),
    "wrong-format": Code(ERROR, "填报表格式不符", "{file}：填报表格式“{found}”不是本系统的 {expected}", _REFILL),
    "metadata-edited": Code(ERROR, "校验信息被改动",
                            "{file}：文件中隐藏的校验信息被改动或不完整，无法确认是原样下发的填报表", _REFILL),
    "wrong-year": Code(ERROR, "年度不符", "{file}：{detail}", "{hint}"),
    "wrong-month": Code(ERROR, "月份不符", "{file}：这是 {found} 月的填报表，本次汇总的是 {expected} 月", _REFILL),
    "wrong-template": Code(ERROR, "模板版本不符", "{file}：{detail}", "{hint}"),
    "wrong-master": Code(ERROR, "不是本台账下发", "{file}：{detail}", "{hint}"),
    "unknown-unit": Code(ERROR, "单位不符", "{file}：单位“{named}”不是本月任何项目的责任单位", _REFILL),
    "locked-cells-edited": Code(ERROR, "锁定单元格被改动", "{file}：锁定的单元格被改动：{cells}",
                                "锁定内容（目标值、计划等）如需调整，请与{office}联系；请在原填报表中只改白色单元格后重新发送。"),
    # a returned row's cells as consolidation reads them (minsheng.check.rowcheck, roundtrip.intake)
    "formula-in-return": Code(ERROR, "公式", "{header}（{cell}）是公式，汇总只收数值和文字",
                              "请复制该单元格，用“选择性粘贴 → 数值”粘回后重新发送"),
    "none-marker": Code(WARNING, "填写“无”", "{header}（{cell}）填的是“{raw}”，不是{what}，未并入",
                        "有数据请填写数据；确实没有请留空"),
    "row-missing": Code(WARNING, "缺少行", "{item} {indicator} 这一行不见了，未汇总",
                        "请勿删除行；如该指标本月无进展，请保留该行并说明"),
    "foreign-row": Code(WARNING, "其他单位的行", "{item} {indicator} 是{owners}的项目，不属于{mine}，已忽略",
                        "各单位只填报本单位的项目；其他单位的情况请由该单位报送"),
    "unknown-row": Code(WARNING, "台账中没有的行", "第{row}行（{shown_item} {indicator}）不是台账中的指标，已忽略",
                        "请勿新增行或改动项目编号、指标"),
    # a catalogue's units at build (minsheng.jobs.build, minsheng.model.directory)
    "deadline-unread": Code(WARNING, "完成时限未识别",
                            "{file} {at}：完成时限“{raw}”没有写明月份，计划按全年平均到12月",
                            "如有完成月份，请写成“9月底前”“三季度”“上半年”等，再用 --force 重新生成；"
                            "确是全年持续推进的，可不理会，也可在“计划”表中按实际安排修改"),
    "unit-lookalike": Code(WARNING, "单位名称相近",
                           "{file}：“{first}”（{first_at}）与“{second}”（{second_at}）看起来是同一单位，现按两个单位生成",
                           "如是同一单位，请在单位通讯录文件（--units）“{first}”一行的简称/别名中写上“{second}”，"
                           "再用 --force 重新生成；如确是两个单位，可不理会。通知原文不会被改写"),
    # a unit's row of 单位通讯录 (minsheng.roundtrip.contact_updates)
    "contact-row-missing": Code(WARNING, "通讯录无此单位", "{at}主台账的单位通讯录中没有{unit}这一行，联系方式未并入",
                                "请在主台账的单位通讯录中为该单位添加一行后再汇总，或手工录入"),
    "contact-phone-format": Code(WARNING, "电话格式", "{at}联系电话“{raw}”不像手机号或带区号的固定电话，已按原样并入",
                                 "手机填 11 位；固定电话请带区号，如 0537-8221234"),
    "contact-email-format": Code(WARNING, "邮箱格式", "{at}电子邮箱“{raw}”中有不是邮箱地址的内容，已按原样并入",
                                 "请填写完整的邮箱地址，如 rsj@weishan.gov.cn；多个地址用“；”分隔"),
    "copy-contact-not-merged": Code(WARNING, "副本通讯录未并入",
                                    "{at}{unit}的{headers}与主台账不同，整本台账副本中的通讯录不汇总，未并入",
                                    "如联系方式有变，请在主台账的单位通讯录中直接修改，或让该单位在填报表中更新"),
    # two returns for one unit or one row (minsheng.roundtrip.consolidate)
    "older-than-merged": Code(WARNING, "旧版本未采用",
                              "{file}：{unit}这份文件保存于 {saved}，早于已汇总的 {merged}（保存于 {merged_saved}），未采用",
                              "若这份才是最新的，请让该单位重新打开、核对后保存再发送；否则无需处理。"),
    "returned-untouched": Code(WARNING, "原样退回",
                               "{file}：{unit}发回的填报表与下发时一样（{rows} 行的填报内容都是预填的上月数据），不算报送，未汇总",
                               "已记为“原样退回”，催报时按未报送催办；请该单位按本月实际更新累计完成、进展情况等后重新发送"),
    "sent-twice": Code(WARNING, "重复报送",
                       "{unit} 报来多份填报表，采用保存时间较晚的 {kept}（{kept_saved}），未采用 {dropped}（{dropped_saved}）",
                       "如应采用较早的一份，请让该单位重新发送"),
    "units-disagree": Code(ERROR, "填报不一致", "{item} {indicator}：多份报表对同一行填报不一致，该行未并入，请核实后再汇总",
                           "请与相关单位核实后，只保留一份再汇总"),
    "copies-disagree": Code(ERROR, "副本不一致", "{item} {indicator}：多份报表对同一行填报不一致，该行未并入，请核实后再汇总",
                            "请核实哪份台账副本正确，只保留一份再汇总"),
    "partner-not-merged": Code(WARNING, "配合单位填报", "{item} {indicator}：配合单位 {unit} 的填报与主台账不同，未并入"
                               "（该项由牵头单位 {lead} 填报）", "如数字有误，请与牵头单位 {lead} 核实，由其在填报表中更正"),
    "overridden": Code(WARNING, "多份填报", "{item} {indicator}：同一行有多份填报，采用 {kept}（{kept_unit}）",
                       "如应采用另一份，请核实后更正"),
    # what a person must decide in a notice's draft catalogue, its 需核对 (minsheng.notice)
    "notice-no-unit": Code(WARNING, "没有责任单位", "没有{column}", "请补填"),
    "notice-row-cut": Code(WARNING, "跨页断行", "此行在 PDF 中跨页断开，已把下一页的续行接上（{where}）", "请对照原文核对各列"),
    "notice-sub-part": Code(WARNING, "其中的分项", "“{shown}”在“其中”之后，是分项，未作目标", "如是单独的年度目标请补填一行"),
    "notice-per-time": Code(WARNING, "频次或每户标准", "“{shown}”按“{per}”计（频次或每户标准），未作目标", "如是年度目标请补填"),
    "notice-no-measure": Code(WARNING, "没有计量单位", "“{shown}”没有计量单位或不是年度数量，未作目标", "如是目标请补填"),
    "notice-yuan": Code(WARNING, "以元计的金额", "“{shown}”是以元计的金额，多为每户或每人标准，未作目标", "如是年度目标请补填"),
    "notice-rough-number": Code(WARNING, "约数", "“{shown}”是约数（几个数字连写），未作目标", "如是目标请补填确切的数"),
    "notice-ceiling": Code(WARNING, "上限目标", "“{shown}”是上限，不是要达到的数", "请确认目标或改为形象进度"),
    "notice-zero-target": Code(WARNING, "目标为 0", "“{shown}”目标为 0", "请确认"),
    "notice-each": Code(WARNING, "各……的数", "“各{shown}”：可能是几个指标各 {value}（如“{each}”各一行），也可能是一个",
                        "请拆分或确认"),
    "notice-name-repeated": Code(WARNING, "指标名称重复", "指标名称“{name}”重复", "请改为能区分的名称"),
    "notice-spaced-units": Code(WARNING, "空格分隔的单位", "{column}“{text}”中有空格分隔的名称，已读作 {names}",
                                "如是一个单位请改回"),
    "notice-unit-close": Code(WARNING, "单位名称相近", "{column}“{name}”不在单位目录中，与“{close}”相近",
                              "是否同一单位？请改为目录中的名称，或在单位目录中添加"),
    "notice-unit-unknown": Code(WARNING, "单位不在目录中", "{column}“{name}”不在单位目录中", "请确认名称或在单位目录中添加"),
    "notice-lead-guessed": Code(WARNING, "牵头单位为推定", "{column}“{text}”没有写明哪个单位牵头，已把列第一位的“{lead}”作为牵头单位",
                                "如牵头单位不是它，请把牵头单位移到第一位"),
    # new-year: an item carried from last year (--keep) and one of the new list (--catalog / --notice)
    "new-year-id-clash": Code(ERROR, "项目编号重复", "项目编号 {item}：上一年延续的“{kept}”（{old}）与新目录中的“{new}”（{file}）"
                              "用了同一个编号", "如是同一项目，请从 --keep 中去掉 {item}；否则请在新目录中改用别的编号"),
    # a returned plan form's row (minsheng.roundtrip.plan_merge): an error leaves the row's plan as it was
    "plan-not-a-number": Code(ERROR, "计划不是数字", "{file}：{at}{item} {indicator} 的{header}计划填写的“{raw}”不是数字，该行计划未并入",
                              "请填写截至{header}底的累计计划数，只填数字（不带单位）"),
    "plan-share-out-of-range": Code(ERROR, "计划超出范围", "{file}：{at}{item} {indicator} 是形象进度类指标，{header}计划“{raw}”"
                                    "不在 0%–100% 之间，该行计划未并入", "请填写截至{header}底计划达到的形象进度，如 60%"),
    "plan-negative": Code(ERROR, "计划为负数", "{file}：{at}{item} {indicator} 的{header}计划“{raw}”小于 0，该行计划未并入",
                          "累计计划不能为负数，请改为截至{header}底的累计计划数"),
    "plan-falls": Code(ERROR, "计划逐月减少", "{file}：{at}{item} {indicator} 的{header}计划累计 {value} 少于{previous}的 {before}，"
                       "该行计划未并入", "计划是截至各月底的累计数，后一月不应少于前一月；请改为不少于 {before} 的数"),
    "plan-short": Code(ERROR, "到期未达目标", "{file}：{at}{item} {indicator} 完成时限为“{deadline}”，{header}计划累计 {value}，"
                       "未达到目标值 {target}{measure}，该行计划未并入",
                       "完成时限当月（没有时限的为 12 月）的计划累计应达到目标值；如确需调整目标或时限，请与{office}联系"),
    # the master as 滞后预警 reads it (minsheng.status.progress)
    "plan-missing": Code(ERROR, "缺少计划", "“{sheet}”表中没有 {item}“{indicator}”这一行，时序进度无从计算（按 0 处理）",
                         "请在计划表中补上该指标的各月计划累计值"),
}
