"""配置 names no place its master does not serve (issue 17b): another county's master says nothing of
微山 anywhere on 配置, values and 说明 alike. Built with our own builder, read back with calamine."""

from __future__ import annotations

from test_catalogue_place import _built

from minsheng.engines.file import read_master
from minsheng.model import layout as L


def test_another_countys_config_never_names_weishan(tmp_path):
    built, read = _built(tmp_path, "城关区2026年民生实事.csv")
    assert read.region == "城关区"
    words = [str(v) for row in read_master(built.out)[L.CONFIG_SHEET].rows for v in row if v is not None]
    assert "单位名称匹配" in words and [w for w in words if "微山" in w] == []
