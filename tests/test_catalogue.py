"""The embedded 2024 catalogue, checked against the county notice it was read from.

The notice's 附件 table is parsed here on its own (tab-separated rows; a row with
a 序号 starts a category, rows with an empty first cell continue it), so a slip in
the CSV cannot hide behind the code that reads it. Only unit names go through
``minsheng.model.units``; test_units.py checks that mapping with hand-written cases.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from minsheng.model import catalogue
from minsheng.model.catalogue import CATALOGUE_COLUMNS, QUALITATIVE
from minsheng.model.units import default

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "python" / "minsheng" / "data"
NOTICE_CANDIDATES = [
    os.environ.get("MINSHENG_NOTICE_2024", ""),
    ROOT / "python" / "minsheng" / "data" / "notice2024.txt",
    Path("/work/shared/seeds/000_22dbb4daa77c740a.txt"),
]
NOTICE = next((Path(p) for p in NOTICE_CANDIDATES if p and Path(p).is_file()), None)

NUMBER = r"(?<![\d.]){}(?![\d.])"
NUMBERS = re.compile(NUMBER.format(r"\d+(?:\.\d+)?"))

# Agreed indicators: (项目编号, 指标, 目标值, 计量单位). Every other item is 形象进度.
QUANTITATIVE = [
    ("1-1", "城镇新增就业", 3000, "人"),
    ("2-1", "普通高中新增招生", 565, "人"),
    ("2-2", "职教中心招生", 1500, "人"),
    ("3-1", "公有产权村卫生室", 10, "个"),
    ("4-1", "适老化改造", 150, "户"),
    ("4-2", "老年人食堂", 10, "处"),
    ("4-3", "社区养老服务设施", 10, "处"),
    ("5-1", "残疾儿童救助", 240, "名"),
    ("6-1", "四好农村路新改建", 70, "公里"),
    ("7-2", "新增供热面积", 10, "万平方米"),
    ("7-2", "新增供气面积", 10, "万平方米"),
    ("7-3", "口袋公园", 6, "处"),
    ("7-4", "5G深度覆盖点位", 3, "处"),
    ("9-2", "电梯检查", 400, "台"),
    ("9-3", "火灾探测报警器(独居老人)", 2000, "个"),
    ("9-4", "火灾探测报警器(以船为家)", 5237, "户"),
]
# Numbers in the notice's text that are not targets; catalogue2024.md says why.
NOT_TARGETS = {
    "2-1": {"2024", "2023"},
    "2-3": {"1"},
    "5-3": {"9"},
    "5-6": {"2024", "12000", "25000"},
    "7-1": {"2024"},
    "7-4": {"5"},
    "9-2": {"15"},
}


@dataclass(frozen=True)
class NoticeItem:
    id: str
    category: str
    content: str
    leader: str
    units: tuple[str, ...]  # as the notice spells them
    co_units: tuple[str, ...]


def _names(cell: str) -> tuple[str, ...]:
    # The notice separates units with 、 , ， and once (7-1) with a space.
    return tuple(n for n in re.split(r"[、,，;；\s]+", cell) if n)


def read_notice(path: Path) -> list[NoticeItem]:
    items, category, cat_no, pos = [], "", 0, 0
    for line in path.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 6 or cells[0] == "序号":
            continue
        if cells[0]:
            cat_no, category, pos = int(cells[0]), cells[1], 0
        else:
            assert cells[1] == "", f"续行不应有类别: {line}"
        pos += 1
        items.append(NoticeItem(f"{cat_no}-{pos}", category, cells[2], cells[3], _names(cells[4]), _names(cells[5])))
    return items


NOTICE_ITEMS = read_notice(NOTICE) if NOTICE else []
NOTICE_IDS = [n.id for n in NOTICE_ITEMS]


@pytest.fixture(scope="module")
def cat():
    return catalogue.load()


def notice_item(item_id: str) -> NoticeItem:
    return next(n for n in NOTICE_ITEMS if n.id == item_id)


def test_notice_is_available():
    assert NOTICE is not None, f"找不到通知原文，请放在 {NOTICE_CANDIDATES[1]} 或设置 MINSHENG_NOTICE_2024"


def test_notice_has_9_categories_and_30_items():
    per_category = defaultdict(int)
    for n in NOTICE_ITEMS:
        per_category[n.category] += 1
    assert list(per_category.values()) == [2, 3, 2, 3, 6, 2, 5, 3, 4]
    assert len(NOTICE_ITEMS) == 30


def test_catalogue_has_9_categories_and_30_items_in_notice_order(cat):
    assert cat.year == 2024
    assert len(cat.categories) == 9
    assert [item.id for item in cat.items] == NOTICE_IDS
    assert cat.categories == list(dict.fromkeys(n.category for n in NOTICE_ITEMS))


@pytest.mark.parametrize("item_id", NOTICE_IDS)
def test_item_matches_notice(cat, item_id):
    notice, item = notice_item(item_id), cat.item(item_id)
    directory = default()
    assert item.category == notice.category
    assert item.content == notice.content
    assert item.leader == notice.leader
    for name in notice.units + notice.co_units:
        assert directory.canonical(name) is not None, f"{item_id}: 通知中的单位“{name}”不在单位目录中"
    assert item.units == tuple(directory.canonical(n) for n in notice.units)
    assert item.co_units == tuple(directory.canonical(n) for n in notice.co_units)


@pytest.mark.parametrize("item_id", NOTICE_IDS)
def test_every_target_appears_in_the_notice_text(cat, item_id):
    content = notice_item(item_id).content
    for ind in cat.item(item_id).indicators:
        if ind.qualitative:
            continue
        literal = f"{ind.target:g}"
        assert re.search(NUMBER.format(re.escape(literal)), content), f"{item_id} {ind.name}: 通知原文中没有 {literal}"


@pytest.mark.parametrize("item_id", NOTICE_IDS)
def test_every_number_in_the_notice_is_a_target_or_explained(cat, item_id):
    found = set(NUMBERS.findall(notice_item(item_id).content))
    targets = {f"{i.target:g}" for i in cat.item(item_id).indicators if not i.qualitative}
    assert found == targets | NOT_TARGETS.get(item_id, set())


def test_indicators_are_the_agreed_ones(cat):
    quantitative = [
        (item.id, ind.name, ind.target, ind.measure)
        for item in cat.items for ind in item.indicators if not ind.qualitative
    ]
    assert quantitative == QUANTITATIVE
    targeted = {row[0] for row in QUANTITATIVE}
    for item in cat.items:
        if item.id not in targeted:
            assert [(i.name, i.target, i.measure) for i in item.indicators] == [(QUALITATIVE, None, "%")], item.id


def test_7_1_has_two_responsible_units_and_7_2_two_indicators(cat):
    assert cat.item("7-1").units == ("县水务局", "微矿集团")
    assert [i.name for i in cat.item("7-2").indicators] == ["新增供热面积", "新增供气面积"]


def test_notice_spellings_of_one_unit_roll_up_to_one_name():
    directory, spellings = default(), defaultdict(set)
    for n in NOTICE_ITEMS:
        for name in n.units + n.co_units:
            spellings[directory.canonical(name)].add(name)
    variants = {unit: names for unit, names in spellings.items() if names != {unit}}
    assert variants == {
        "县住房和城乡建设局": {"县住房和城乡建设局", "县住房城乡建设局"},
        "各乡镇(街道)": {"各乡镇(街道)", "各乡镇（街道）"},
        "微矿集团": {"徽矿集团"},
        "市生态环境局微山县分局": {"市生态环境局徽山县分局"},
    }


def test_csv_is_plain_utf8_with_the_catalogue_columns():
    raw = (DATA / "catalogue2024.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").splitlines()[0] == ",".join(CATALOGUE_COLUMNS)


def test_judgement_notes_cover_every_item_without_a_plain_target(cat):
    notes = (DATA / "catalogue2024.md").read_text("utf-8")
    for item in cat.items:
        if item.id in NOT_TARGETS or item.indicators[0].qualitative:
            assert re.search(rf"(?<![\d-]){item.id}(?![\d-])", notes), f"catalogue2024.md 未说明 {item.id}"
