"""What the demo's units write under 进展情况, and what its lagging units write under 存在问题 and
下步措施: a concrete cause, a measure, who and by when, plausible for each item of the 微山 2024 list.
Only the demo uses this.

Two rows keep the stock phrases (8-2 and 5-5, not listed here), so the bulletin still shows how a
row that explains nothing reads (未说明). ``{m}`` is the month the return is written in (the month
after the one reported), so each month's text is its own and 校验 does not see last month's again.
"""

from __future__ import annotations

STOCK = ("无", "继续加快推进，确保按期完成。")  # what a unit writes when it explains nothing

# (项目编号, 指标) → (存在问题, 下步措施)
TEXTS: dict[tuple[str, str], tuple[str, str]] = {
    ("5-6", "形象进度"): ("第一批危房鉴定结果上月下旬才出，12个乡镇中有5个未完成农户申请审核。",
                       "县住建局村镇科牵头，{m}月10日前完成剩余5个乡镇审核，{m}月底前开工不少于120户。"),
    ("7-2", "新增供热面积"): ("新建管网需穿越京杭运河大堤，穿堤施工方案待县水务局批复，主管道未能开工。",
                         "方案已报县水务局，{m}月15日前取得批复；微矿集团热电分公司{m}月20日前进场施工。"),
    ("7-2", "新增供气面积"): ("燃气管道与供热管网同沟敷设，受穿堤方案影响一并停工；2个老旧小区居民入户意见未统一。",
                         "夏镇街道{m}月10日前召开居民议事会；县住建局城建科{m}月25日前定出2个小区的入户方案。"),
    ("7-5", "形象进度"): ("物业项目经理培训因省级培训教材未下发推迟；社区对物业的考评细则尚未出台。",
                       "县住建局物业科{m}月12日前自编讲义举办首期培训，{m}月底前印发考评细则。"),
    ("8-1", "形象进度"): ("3个乡镇文化站改造设计方案未通过专家评审，数字化设备采购尚未挂网。",
                       "县文旅局公共服务科{m}月18日前组织复审，{m}月底前完成设备采购挂网。"),
    ("4-1", "适老化改造"): ("150户改造对象中有38户入户评估后需重新核定补助标准。",
                        "县民政局养老服务科{m}月15日前完成复核，{m}月底前完成首批60户施工。"),
    ("4-2", "老年人食堂"): ("3处食堂选址与村委会办公用房冲突，需重新选址。",
                        "有关乡镇{m}月20日前报送新址，县民政局{m}月底前完成审核。"),
    ("4-3", "社区养老服务设施"): ("5处社区用房移交手续未办完，无法进场装修。",
                           "县住建局、县民政局{m}月15日前联合办理移交，{m}月底前进场装修。"),
    ("5-3", "形象进度"): ("提标方案需经县政府常务会议研究，尚未上会。",
                       "方案已报县政府办公室，{m}月上旬提请常务会议研究，{m}月20日前印发执行。"),
    ("5-4", "形象进度"): ("救助资金中县红十字会配套部分未到位。",
                       "县民政局社会救助科与县红十字会{m}月10日前签订资金协议。"),
    ("9-1", "形象进度"): ("保险方案需经县财政局审核，保费未列入一季度预算。",
                       "已报县财政局，{m}月15日前完成审核，{m}月底前签订保险合同。"),
    ("7-1", "形象进度"): ("原水管线穿越S104省道段征地手续未批复。",
                       "已报县自然资源局，{m}月15日前完成；施工单位同步做好进场准备。"),
    ("6-2", "形象进度"): ("4个乡镇充电站选址处供电容量不足，需县供电公司增容。",
                       "创达集团{m}月10日前与县供电公司确定增容方案，{m}月底前开工。"),
    ("3-1", "公有产权村卫生室"): ("2个村卫生室用地为集体建设用地，产权变更手续未办完。",
                           "县卫健局{m}月20日前会同有关乡镇完成产权变更。"),
    ("3-2", "形象进度"): ("筛查试剂集中采购合同未签订，部分乡镇卫生院暂停采血。",
                       "县卫健局妇幼健康科{m}月10日前签订合同，恢复采血。"),
    ("7-4", "5G深度覆盖点位"): ("2处地下停车场的物业公司不同意进场施工。",
                            "县工信局{m}月12日前约谈物业公司，{m}月底前完成施工。"),
}


def explained(item: str, indicator: str, month: int) -> tuple[str, str]:
    """(存在问题, 下步措施) a lagging unit writes for one row of its return for ``month`` (1–12),
    dated in the month after; the stock phrases for a row the story leaves unexplained."""
    problem, measure = TEXTS.get((item, indicator), STOCK)
    m = month % 12 + 1
    return problem.format(m=m), measure.format(m=m)


def progress(month: int, done: float, planned: object, measure: object, share: bool) -> str:
    """进展情况 for one row of the return for ``month``: what is done by now (``done``: 累计完成, or the
    形象进度 share 0–1 when ``share``) and, on a row below the file's 本月计划累计 (``planned``), that it is
    below plan and by how much, so a row the master lights 滞后 does not read 按计划推进."""
    if not isinstance(planned, (int, float)) or isinstance(planned, bool) or done >= planned:
        return f"{month}月按计划推进，已完成阶段性任务。"
    if share:
        return f"{month}月形象进度达到{done:.0%}，低于计划（{planned:.0%}），正在加快推进。"
    unit = str(measure or "")
    return f"{month}月累计完成{done:g}{unit}，低于计划（{planned:g}{unit}），正在加快推进。"
