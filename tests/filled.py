"""Test fixture: a master filled in the way unit clerks fill it, for the bulletin and reminder tests.

``fill`` types entries into a month's sheet and addresses into 单位通讯录 with the project's own
writer (``fileio.apply_changes``).
"""

from __future__ import annotations

from pathlib import Path

from minsheng.model import layout as L
from minsheng.engines.file import apply_changes, read_master
from minsheng.model.book import CellChange

# March 2024 as a few units reported it (linear plan: 25 % of target by the end of March).
MARCH = {
    ("1-1", "城镇新增就业"): {"累计完成": 820, "进展情况": "一季度城镇新增就业820人。", "填报人": "王敏"},
    ("1-2", "形象进度"): {"形象进度": 0.3, "进展情况": "已开班2期，培训盲人学员46人。"},
    ("2-1", "普通高中新增招生"): {"累计完成": 50, "进展情况": "招生计划已报市教育局。",
                          "存在问题": "新校区宿舍楼未完工，招生计划待市里批复。",
                          "下步措施": "4月底前完成宿舍楼主体，5月上旬报批招生计划。"},
    ("2-2", "职教中心招生"): {"累计完成": 0, "存在问题": "新校区尚未验收。", "下步措施": "督促施工单位6月底前交付。"},
    ("3-1", "公有产权村卫生室"): {"累计完成": 10, "进展情况": "10处村卫生室均已建成并投入使用。"},
    ("4-1", "适老化改造"): {"累计完成": 40, "进展情况": "完成适老化改造40户。"},
    ("6-1", "四好农村路新改建"): {"累计完成": 5, "存在问题": "雨季前沥青供应紧张。", "下步措施": "与两家供应商签订保供协议。"},
    ("9-2", "电梯检查"): {"累计完成": 130},
}

EMAILS = {
    "县人力资源社会保障局": "rsj@weishan.example.cn",
    "县教育和体育局": "jtj@weishan.example.cn",
    "县卫生健康局": "wjj@weishan.example.cn",
    "县民政局": "mzj@weishan.example.cn；mzj-bgs@weishan.example.cn",
    "县交通运输局": "jtysj@weishan.example.cn",
    "县残联": "cl@weishan.example.cn",
    "县住房和城乡建设局": "zjj@weishan.example.cn",
    "县政府督查室": "dcs@weishan.example.cn",
    "蒋红星（分管县领导）": "jiang@weishan.example.cn",
    "张呈祥（分管县领导）": "zhang@weishan.example.cn",
}


def fill(master: Path, month: int = 3, entries: dict | None = None, emails: dict | None = None) -> Path:
    book = read_master(master)
    sheet = book.month(month)
    rows = sheet.by_key()
    changes = []
    for key, values in (MARCH if entries is None else entries).items():
        row, record = rows[key]
        for header, value in values.items():
            changes.append(CellChange(sheet.name, sheet.address(row, header), record.get(header), value))
    contacts = book[L.CONTACTS_SHEET]
    for row, record in contacts.records():
        value = (EMAILS if emails is None else emails).get(record["单位"])
        if value is not None:
            changes.append(CellChange(contacts.name, contacts.address(row, "电子邮箱"), None, value))
    apply_changes(master, changes)
    return master

