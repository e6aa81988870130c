"""A figure in the smaller measure (issue 15): 8000 typed against 3 万亩 is 8000 亩, not 266,666 %;
9500 in a rate row of 95 % is 95 % ×100. Each is an error with the likely reading in the hint, and
the row is not merged; a figure merely far above its target stays a warning."""

from __future__ import annotations

import csv
import json

import pytest

from minsheng.builder import targets
from minsheng.builder.master import build
from minsheng.cli import main
from minsheng.model import catalogue

from clerk import fill, master_value, split
from monthfill import cell, type_into, validate

UNIT = "县农业农村局"
FARMLAND = ("1", "高标准农田")   # 3 万亩
ACCESS = ("2", "接入率")         # 达到95%
JOBS = ("3", "新增就业")         # 3000 人
INVEST = ("4", "年度投资")       # 1.2亿元 → 12000 万元


@pytest.fixture
def master(tmp_path):
    source = tmp_path / "目录2025.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["项目编号", "项目类别", "项目内容", "责任单位", "指标", "目标值", "计量单位"])
        for (item, name), raw, measure in ((FARMLAND, "3", "万亩"), (ACCESS, "达到95%", ""),
                                           (JOBS, "3000", "人"), (INVEST, "1.2亿元", "万元")):
            out.writerow([item, "民生", name, UNIT, name, raw, measure])
    return build(catalogue.load(source, read_target=targets.read), tmp_path / "民生实事2025.xlsm")


def test_validate_names_the_likely_reading(master):
    type_into(master, 3, {FARMLAND: {"累计完成": 8000}, ACCESS: {"累计完成": 9500},
                          JOBS: {"累计完成": 9500}, INVEST: {"累计完成": 6000}})
    report = validate(master)
    slips = [(f.cell, f.code, f.severity) for f in report.findings if f.code in ("measure-slip", "far-above-target")]
    assert slips == [(cell(master, 3, FARMLAND, "累计完成"), "measure-slip", "error"),
                     (cell(master, 3, ACCESS, "累计完成"), "measure-slip", "error"),
                     (cell(master, 3, JOBS, "累计完成"), "far-above-target", "warning")]  # 人: no smaller measure
    farmland = next(f for f in report.findings if f.code == "measure-slip")
    assert "8,000 是目标值 3万亩 的约 2,667 倍" in farmland.message
    assert "可能填成了 8,000亩，即 0.8万亩" in farmland.hint
    access = [f for f in report.findings if f.code == "measure-slip"][1]
    assert "即 95%" in access.hint


def test_a_figure_that_fits_in_its_own_measure_is_no_slip(master):
    type_into(master, 3, {FARMLAND: {"累计完成": 2.5}, ACCESS: {"累计完成": 0.62}, INVEST: {"累计完成": 30000}})
    codes = {f.code for f in validate(master).findings}
    assert "measure-slip" not in codes
    assert "far-above-target" not in codes  # 30000 万元 is 2.5× of 12000: within the factor of 3


def test_consolidate_refuses_the_row_and_says_the_reading(master, tmp_path, capsys):
    files = split(master, 3, tmp_path / "回收")
    path = fill(files[UNIT], {FARMLAND: {"累计完成": 8000, "进展情况": "已完成 8000 亩"},
                              JOBS: {"累计完成": 800, "进展情况": "招聘会"}})
    capsys.readouterr()
    code = main(["consolidate", str(master), str(path), "--month", "3", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    errors = [(f["code"], f["item"]) for f in out["row_findings"] if f["severity"] == "error"]
    assert errors == [("measure-slip", "1")]
    assert master_value(master, 3, FARMLAND, "累计完成") is None
    assert master_value(master, 3, FARMLAND, "进展情况") is None  # the whole row stays out
    assert master_value(master, 3, JOBS, "累计完成") == 800
