"""Shared fixtures: masters built by our own builder, LibreOffice when present."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from minsheng.model import catalogue
from minsheng.builder.master import build
from minsheng.engines.libreoffice import soffice

from excel_payload import remote  # noqa: F401  (the remote-interpreter fixture, for every test)

REPO = Path(__file__).resolve().parents[1]
COMMITTED_MASTER = REPO / "workbook" / "民生实事2024.xlsm"
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    """Tests marked libreoffice skip without it locally, and fail in CI, where it must run."""
    if soffice() is not None:
        return
    wanted = [item for item in items if "libreoffice" in item.keywords]
    if wanted and IN_CI:
        raise pytest.UsageError("CI=true but LibreOffice (soffice) is not installed: .ci/run must install it")
    for item in wanted:
        item.add_marker(pytest.mark.skip(reason="LibreOffice not installed"))


@pytest.fixture(scope="session")
def catalogue2024():
    return catalogue.load()


@pytest.fixture(scope="session")
def built_master(tmp_path_factory, catalogue2024) -> Path:
    """A master built once per run; copy it before changing it (see ``master``)."""
    path = tmp_path_factory.mktemp("built") / "民生实事2024.xlsm"
    return build(catalogue2024, path)


@pytest.fixture
def master(built_master, tmp_path) -> Path:
    """A fresh copy of the 2024 master in this test's own folder."""
    return Path(shutil.copy2(built_master, tmp_path / built_master.name))


def zip_read(path, name: str) -> bytes:
    """One part of a package, with the file closed again (no unclosed-file warnings)."""
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def zip_names(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return z.namelist()


@pytest.fixture(scope="session")
def master_x10(tmp_path_factory, catalogue2024) -> Path:
    """The 2024 catalogue ten times over (new item numbers, same categories and units)."""
    rows = []
    for k in range(10):
        for row in catalogue2024.rows():
            category, number = row["项目编号"].split("-")
            rows.append({**row, "项目编号": f"{category}-{int(number) + 100 * k}"})
    big = catalogue.from_rows(rows, 2024, "x10")
    return build(big, tmp_path_factory.mktemp("big") / "民生实事2024.xlsm")


@pytest.fixture(scope="session")
def reported_master(built_master, tmp_path_factory) -> Path:
    """The built master with February and March filled on plan (tests/monthfill), made once a run."""
    from monthfill import good_rows, type_into

    path = tmp_path_factory.mktemp("reported") / built_master.name
    shutil.copy2(built_master, path)
    type_into(path, 2, good_rows(path, 2))
    type_into(path, 3, good_rows(path, 3))
    return path


@pytest.fixture
def reported(reported_master, tmp_path) -> Path:
    """February and March filled on plan, in this test's own folder."""
    return shutil.copy2(reported_master, tmp_path / reported_master.name)
