"""The place a master serves comes from its catalogue (issue 17, left): a list built without ``--region``
signs with the place its file name starts with, and a list whose name gives none names no place; the
embedded list alone is 微山县's. Built with our own builder, read back as the bulletin and mail read 配置."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from minsheng.engines.file import read_master
from minsheng.jobs import build as build_job
from minsheng.model import layout as L
from minsheng.model import settings
from minsheng.model.place import region_named

HEADER = ["项目编号", "项目类别", "项目内容", "分管县领导", "责任单位", "协办单位", "指标", "目标值", "计量单位"]
ROWS = [["1", "城市更新", "老旧小区加装电梯", "李二", "甲街道", "", "加装电梯", "12", "部"],
        ["2", "社会保障", "困难群众救助", "王一", "乙街道", "", "救助人数", "100", "人"]]


def _built(folder: Path, name: str, **kw) -> settings.Settings:
    path = folder / name
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([HEADER, *ROWS])
    built = build_job.build(folder / "民生实事2026.xlsm", path, **kw)
    return built, settings.load(read_master(built.out))


def _config(out: Path) -> dict:
    return {r["设置"]: r["值"] for _, r in read_master(out)[L.CONFIG_SHEET].records()}


@pytest.mark.parametrize("name, region, office, issuer", [
    ("城关区2026年民生实事.csv", "城关区", "区政府督查室", "城关区政府督查室"),
    ("2026年民生实事.csv", "", "县政府督查室", "县政府督查室"),  # no place named: none said, never 微山's
])
def test_a_catalogue_signs_with_its_own_place(tmp_path, name, region, office, issuer):
    built, read = _built(tmp_path, name)
    assert (read.region, read.office, read.place.issuer, read.place.whole) == (
        region, office, issuer, "全区" if region else "全县")
    assert _config(built.out)["地区"] in (region, None)
    assert not any("微山" in str(v) for k, v in _config(built.out).items() if k != "单位名称匹配")


def test_a_region_given_wins_over_the_catalogues(tmp_path):
    _, read = _built(tmp_path, "城关区2026年民生实事.csv", region="海曙区", office="区委督查室")
    assert (read.region, read.place.issuer) == ("海曙区", "海曙区委督查室")


def test_the_embedded_list_is_weishans(tmp_path):
    built = build_job.build(tmp_path / "民生实事2024.xlsm")
    assert settings.load(read_master(built.out)).place.issuer == "微山县政府督查室"


def test_a_master_without_the_setting_stays_weishans():
    assert settings.Settings().place.issuer == "微山县政府督查室"  # masters from before 地区 was a setting


@pytest.mark.parametrize("name, region", [
    ("城关区2026年民生实事.csv", "城关区"), ("海曙区（2025）民生实事.xlsx", "海曙区"), ("微山县 2024 清单.xlsx", "微山县"),
    ("catalogue2024.csv", ""), ("2026年民生实事.csv", ""), ("民生实事.csv", ""), ("区2026.csv", ""),
])
def test_the_place_a_file_name_starts_with(name, region):
    assert region_named(name) == region
