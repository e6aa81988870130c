"""The seal of a fill-in file, as document properties: what an application may do to them on saving."""

from __future__ import annotations

from minsheng.roundtrip.seal import PROPERTY, PROPERTY_LIMIT, Seal

FIELDS = {"格式": "minsheng-return/1", "单位": "县民政局", "年度": "2024", "月份": "3", "模板版本": "2024.1",
          "主台账": "0123456789abcdef", "生成时间": "2024-03-28 09:00:00",
          "通讯录": '{"联系人": "张明", "联系电话": "0537-8221234"}'}
ROWS = {("4-1", "适老化改造"): "a" * 24, ("4-2", "老年人食堂"): "b" * 24, ("4-10", "助餐点"): "c" * 24}


def test_properties_round_trip_in_any_order_an_application_keeps_them():
    seal = Seal(dict(FIELDS), dict(ROWS))
    props = seal.to_properties()
    read = Seal.from_properties(dict(reversed(props.items())))  # the rows are read back in the order written
    assert read.intact and read.fields == FIELDS and list(read.rows) == list(ROWS)


def test_an_edited_property_breaks_the_seal():
    props = Seal(dict(FIELDS), dict(ROWS)).to_properties()
    assert not Seal.from_properties({**props, f"{PROPERTY}月份": "4"}).intact
    assert not Seal.from_properties({**props, f"{PROPERTY}行2": "不是 JSON"}).intact
    assert not Seal.from_properties({k: v for k, v in props.items() if k != f"{PROPERTY}行3"}).intact


def test_the_contact_row_as_sent_is_sealed():
    seal = Seal(dict(FIELDS), dict(ROWS))
    assert seal.contact() == {"联系人": "张明", "联系电话": "0537-8221234"}
    assert not Seal(dict(FIELDS, 通讯录="{}"), dict(ROWS), seal.digest()).intact


def test_no_seal_in_properties_that_hold_none():
    assert Seal.from_properties({}) is None
    assert Seal.from_properties({"作者": "张明"}) is None


def test_a_row_too_long_for_a_property_leaves_the_seal_to_the_sheet():
    long = {("4-1", "指" * PROPERTY_LIMIT): "a" * 24}
    assert Seal(dict(FIELDS), long).to_properties() is None
    assert Seal(dict(FIELDS), dict(ROWS)).to_properties() is not None
