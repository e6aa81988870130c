"""Unit names: every way the notice or a clerk spells a unit gives one canonical name."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minsheng.model import catalogue
from minsheng.model.units import Unit, UnitDirectory, UnitError, canonical_list, default

VARIANTS = [
    # (kind, as written, canonical)
    ("canonical", "县人力资源社会保障局", "县人力资源社会保障局"),
    ("full-width brackets", "各乡镇（街道）", "各乡镇(街道)"),
    ("full-width brackets", "有关乡镇（街道）", "有关乡镇(街道)"),
    ("small-form brackets", "各乡镇﹙街道﹚", "各乡镇(街道)"),
    ("ideographic space", "县\u3000财政局", "县财政局"),
    ("spaces", " 县 人力资源 社会保障局 ", "县人力资源社会保障局"),
    ("tab and newline", "县\t民政局\n", "县民政局"),
    ("no 县", "人力资源社会保障局", "县人力资源社会保障局"),
    ("no 县", "财政局", "县财政局"),
    ("no 县", "消防救援大队", "县消防救援大队"),
    ("no 县", "住房和城乡建设局", "县住房和城乡建设局"),
    ("微山县", "微山县民政局", "县民政局"),
    ("微山县", "微山县消防救援大队", "县消防救援大队"),
    ("short", "人社局", "县人力资源社会保障局"),
    ("short", "住建局", "县住房和城乡建设局"),
    ("short", "教体局", "县教育和体育局"),
    ("short", "卫健局", "县卫生健康局"),
    ("short", "交通局", "县交通运输局"),
    ("short", "水务局", "县水务局"),
    ("short", "执法局", "县综合行政执法局"),
    ("short", "工信局", "县工业和信息化局"),
    ("short", "文旅局", "县文化和旅游局"),
    ("short", "应急局", "县应急局"),
    ("short", "市场监管局", "县市场监管局"),
    ("short", "消防大队", "县消防救援大队"),
    ("short", "残联", "县残联"),
    ("short", "红会", "县红十字会"),
    ("short", "发改局", "县发展改革局"),
    ("short with 县", "县人社局", "县人力资源社会保障局"),
    ("short with 县", "县住建局", "县住房和城乡建设局"),
    ("和 missing", "县住房城乡建设局", "县住房和城乡建设局"),
    ("和 missing", "县教育体育局", "县教育和体育局"),
    ("和 missing", "县文化旅游局", "县文化和旅游局"),
    ("和 added", "县人力资源和社会保障局", "县人力资源社会保障局"),
    ("和 added", "县发展和改革局", "县发展改革局"),
    ("徽 for 微", "徽矿集团", "微矿集团"),
    ("徽 for 微", "市生态环境局徽山县分局", "市生态环境局微山县分局"),
    ("徽 for 微", "徽山县民政局", "县民政局"),
    ("alias", "县应急管理局", "县应急局"),
    ("alias", "县市场监督管理局", "县市场监管局"),
    ("alias", "县残疾人联合会", "县残联"),
    ("alias", "微山经济开发区管委会", "开发区"),
    ("alias", "共青团微山县委员会", "团县委"),
    ("together", "徽山县 住建局", "县住房和城乡建设局"),
    ("together", "微山县住房城乡建设局 ", "县住房和城乡建设局"),
]

UNKNOWN = ["", "   ", "县", "县不存在局", "财政", "住建", "人社局局", "县水务局县财政局", "县水务局、县财政局", "生态环境局"]


@pytest.fixture(scope="module")
def directory():
    return default()


@pytest.mark.parametrize("kind, text, expected", VARIANTS, ids=[f"{k}:{t.strip()}" for k, t, _ in VARIANTS])
def test_variant_gives_the_canonical_name(directory, kind, text, expected):
    assert directory.canonical(text) == expected
    assert text in directory


@pytest.mark.parametrize("text", UNKNOWN)
def test_unknown_text_gives_none(directory, text):
    assert directory.canonical(text) is None
    assert directory.match(text) is None
    assert text not in directory


def test_match_gives_the_unit(directory):
    assert directory.match("人社局") == Unit("县人力资源社会保障局", "人社局", ("县人力资源和社会保障局",))
    assert directory.match("徽矿集团") == Unit("微矿集团", "", ())


def test_directory_covers_every_unit_of_the_notice(directory):
    assert len(directory) == 48
    assert "县住房城乡建设局" not in directory.names()  # one unit, one name


def test_every_catalogue_unit_is_a_canonical_name(directory):
    for item in catalogue.load().items:
        for name in item.units + item.co_units:
            assert directory.canonical(name) == name, f"{item.id}: “{name}”"


def test_every_spelling_of_a_unit_maps_back_to_it(directory):
    for name in directory.names():
        unit = directory.match(name)
        assert unit.name == name
        for spelling in unit.spellings:
            assert directory.canonical(spelling) == name, spelling


@st.composite
def respelled(draw):
    """A spelling from the directory, with spaces and full-width ASCII thrown in."""
    directory = default()
    name = draw(st.sampled_from(directory.names()))
    spelling = draw(st.sampled_from(directory.match(name).spellings))
    out = []
    for ch in spelling:
        if draw(st.booleans()) and "!" <= ch <= "~":
            ch = chr(ord(ch) + 0xFEE0)  # full-width form
        out.append(draw(st.sampled_from(["", "", " ", "\u3000", "\t"])) + ch)
    return "".join(out), name


@given(respelled())
def test_respelled_names_still_map_to_their_unit(case):
    text, name = case
    assert default().canonical(text) == name


def test_rolling_up_by_canonical_unit_never_splits_a_unit(directory):
    returns = [
        ("县住房和城乡建设局", 3), ("县住房城乡建设局", 2), ("住建局", 1), ("县 住房和城乡建设局", 4),
        ("住房城乡建设局", 5), ("县人社局", 1), ("人力资源和社会保障局", 1), ("徽矿集团", 7), ("微矿集团", 1),
    ]
    totals = Counter()
    for unit, n in returns:
        totals[directory.canonical(unit)] += n
    assert totals == {"县住房和城乡建设局": 15, "县人力资源社会保障局": 2, "微矿集团": 8}


@pytest.mark.parametrize("text, expected", [
    ("县残联、县民政局,各乡镇(街道)、开发区", ("县残联", "县民政局", "各乡镇(街道)", "开发区")),
    ("县财政局，县民政局；县医保局;县妇联", ("县财政局", "县民政局", "县医保局", "县妇联")),
    ("县财政局、 县新设局（筹） ", ("县财政局", "县新设局(筹)")),  # unknown kept as written
    ("住建局、县住房城乡建设局，县住房和城乡建设局", ("县住房和城乡建设局",)),  # one unit once
    ("县水务局 徽矿集团", ("县水务局", "微矿集团")),  # the notice's 7-1
    ("县 财政局", ("县财政局",)),  # a space inside one name
    ("县水务局 县新设局", ("县水务局 县新设局",)),  # not all known: no guess
    ("", ()),
])
def test_canonical_list(directory, text, expected):
    assert canonical_list(text, directory) == expected


def _write(tmp_path, rows):
    path = tmp_path / "units.csv"
    path.write_text("单位,简称,别名\n" + "".join(f"{r}\n" for r in rows), "utf-8")
    return path


@pytest.mark.parametrize("rows", [
    ["县住房和城乡建设局,住建局,", "县住房城乡建设局,,"],  # differ only by 和
    ["县甲局,甲局,", "县乙局,甲局,"],  # one short name for two units
    ["县微水局,,", "县丙局,,徽水局"],  # an alias that is another unit after 徽→微
    ["县丁局,,", "丁局,,"],  # differ only by 县
    ["县戊局,,", "县戊局,戊局,"],  # the same unit twice
])
def test_ambiguous_directory_refuses_to_load(tmp_path, rows):
    with pytest.raises(UnitError, match="第3行"):
        UnitDirectory.load(_write(tmp_path, rows))


def test_load_reads_a_clerks_csv(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("单位,简称,别名\n县甲局,甲局,甲局办公室、县甲办\n", "utf-8-sig")
    directory = UnitDirectory.load(path)
    assert directory.names() == ["县甲局"]
    assert [directory.canonical(t) for t in ("甲局", "县甲办", "甲局办公室", "乙局")] == ["县甲局"] * 3 + [None]


def test_load_names_a_missing_column(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("单位,别名\n县甲局,\n", "utf-8")
    with pytest.raises(UnitError, match="缺少列 简称"):
        UnitDirectory.load(path)


def test_add_a_unit_of_another_catalogue(directory):
    mine = directory.copy()
    unit = mine.add("县大数据中心", "大数据中心", ["县大数据局"])
    assert unit == Unit("县大数据中心", "大数据中心", ("县大数据局",))
    assert mine.canonical("大数据局") == "县大数据中心"
    assert directory.canonical("大数据局") is None  # the default is untouched


def test_add_refuses_a_spelling_of_another_unit_and_changes_nothing(directory):
    mine = directory.copy()
    with pytest.raises(UnitError, match="县住房和城乡建设局"):
        mine.add("县城建局", aliases=["县新城建局", "住房城乡建设局"])
    assert mine.canonical("县城建局") is None
    assert mine.canonical("县新城建局") is None
    assert len(mine) == len(directory)


def test_default_is_cached_and_read_only():
    assert default() is default()
    with pytest.raises(UnitError, match="只读"):
        default().add("县大数据中心")


def test_responsible_reads_a_rows_units_once_for_every_job():
    from minsheng.model.units import default, responsible

    directory = default()
    assert responsible({"责任单位": "县民政局、 县残联"}, directory) == ("县民政局", "县残联")
    assert responsible({"责任单位": None}, directory) == () == responsible({}, directory)
