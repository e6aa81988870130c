"""The closing line of every command that writes files (commands/closing.py): how many files and
where, counted against the files that are on disk afterwards."""

from __future__ import annotations

import pytest

import filled
from minsheng import cli
from minsheng.jobs.closing import written


def _closing(capsys) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def _line(folder, n: int) -> str:
    return f"共写入 {n} 个文件：{folder.resolve()}（{n} 个）"


def test_written_counts_files_on_disk_by_folder(tmp_path):
    (tmp_path / "a").mkdir()
    for name in ("a/1.xlsx", "a/2.xlsx", "3.csv"):
        (tmp_path / name).write_text("x")
    paths = [tmp_path / "a/1.xlsx", str(tmp_path / "a/2.xlsx"), tmp_path / "3.csv", None, tmp_path / "absent.pdf",
             tmp_path / "a/1.xlsx"]
    assert written(paths) == f"共写入 3 个文件：{tmp_path / 'a'}（2 个）、{tmp_path}（1 个）"
    assert written([tmp_path / "absent.pdf", None]) is None


def test_build_split_and_export_end_with_what_they_wrote(master, tmp_path, capsys):
    out = tmp_path / "built" / "台账.xlsm"
    assert cli.main(["build", "--out", str(out)]) == cli.OK
    assert _closing(capsys) == _line(out.parent, 1)
    forms = tmp_path / "forms"
    assert cli.main(["split", str(master), "--month", "3", "--out", str(forms)]) == cli.OK
    made = sorted(forms.iterdir())
    assert len(made) > 5 and _closing(capsys) == _line(forms, len(made))
    assert cli.main(["export", str(master), "--out", str(tmp_path / "x" / "long.csv")]) in (cli.OK, cli.PROBLEMS)
    assert _closing(capsys) == _line(tmp_path / "x", 1)
    assert cli.main(["split", str(master), "--month", "3", "--out", str(forms), "--json"]) == cli.OK
    assert "共写入" not in capsys.readouterr().out  # JSON stays JSON


def test_bulletin_and_remind_drafts_end_with_what_they_wrote(master, tmp_path, capsys):
    filled.fill(master)
    out = tmp_path / "通报" / "通报.docx"
    assert cli.main(["bulletin", str(master), "--month", "3", "--out", str(out), "--no-pdf",
                     "--date", "2024-04-08"]) == cli.OK
    files = [p for p in out.parent.rglob("*") if p.is_file()]
    digests = out.parent / "通报_分管县领导摘要"
    n = len(list(digests.iterdir()))
    assert n >= 2 and len(files) == n + 1
    assert _closing(capsys) == f"共写入 {n + 1} 个文件：{out.parent.resolve()}（1 个）、{digests.resolve()}（{n} 个）"
    drafts = tmp_path / "草稿"
    code = cli.main(["remind", str(master), "--month", "3", "--eml-dir", str(drafts), "--no-attach",
                     "--date", "2024-04-08"])
    assert code in (cli.OK, cli.PROBLEMS)
    emls = list(drafts.glob("*.eml"))
    assert emls and _closing(capsys) == _line(drafts, len(emls))


def _first_row(path):
    from openpyxl import load_workbook

    import clerk

    cols, rows = clerk._locate(load_workbook(path).worksheets[0])
    return next(iter(rows))


def test_consolidate_status_and_validate_end_with_the_master_and_its_backup(master, tmp_path, capsys):
    """Written: the master and its backup (two folders); a second run changes nothing and says so
    with no closing line; --json stays JSON."""
    import json

    import clerk

    forms = clerk.split(master, 3, tmp_path / "下发")
    unit, path = next(iter(forms.items()))
    clerk.fill(path, {_first_row(path): {"进展情况": "已完成招标，正在施工"}})
    backups = master.parent / "备份"
    expected = f"共写入 2 个文件：{master.parent.resolve()}（1 个）、{backups.resolve()}（1 个）"
    args = ["consolidate", str(master), str(path), "--month", "3"]
    assert cli.main(args) in (cli.OK, cli.PROBLEMS)
    assert _closing(capsys) == expected
    assert cli.main(args) in (cli.OK, cli.PROBLEMS)
    assert _closing(capsys) == "主台账无需改动。"
    assert cli.main([*args, "--json"]) in (cli.OK, cli.PROBLEMS)
    assert json.loads(capsys.readouterr().out)["dry_run"] is False  # JSON stays JSON
    assert cli.main(["status", str(master), "--month", "3"]) in (cli.OK, cli.PROBLEMS)
    assert _closing(capsys) == expected
    assert cli.main(["status", str(master), "--month", "3"]) in (cli.OK, cli.PROBLEMS)
    assert _closing(capsys) == f"汇总表已是最新，{master.name} 未改动。"
    assert cli.main(["validate", str(master), "--month", "3"]) in (cli.OK, cli.PROBLEMS)
    assert _closing(capsys) == expected
    assert cli.main(["validate", str(master), "--month", "3"]) in (cli.OK, cli.PROBLEMS)
    assert _closing(capsys) == "“校验结果”表与上次相同，工作簿未改动。"
    assert cli.main(["validate", str(master), "--month", "3", "--json"]) in (cli.OK, cli.PROBLEMS)
    assert "findings" in json.loads(capsys.readouterr().out)  # JSON stays JSON


def test_new_year_ends_with_the_new_master(master, tmp_path, capsys):
    out = tmp_path / "2025" / "民生实事2025.xlsm"
    assert cli.main(["new-year", str(master), "--keep", "all", "--out", str(out)]) == cli.OK
    assert _closing(capsys) == _line(out.parent, 1)


def test_consolidating_plans_ends_with_the_master_and_its_backup(master, tmp_path, capsys):
    from minsheng.model import layout as L
    from test_plan_roundtrip import JOBS, RSJ, edit, form, months

    assert cli.main(["split", str(master), "--plan", "--out", str(tmp_path / "下发")]) == cli.OK
    edit(form(tmp_path / "下发", RSJ), tmp_path / "回收" / "人社局.xlsx", {JOBS: months([500 * min(m, 6) for m in L.MONTHS])})
    capsys.readouterr()
    args = ["consolidate", str(master), str(tmp_path / "回收"), "--plan"]
    assert cli.main(args) == cli.OK
    assert _closing(capsys) == (f"共写入 2 个文件：{master.parent.resolve()}（1 个）、"
                                f"{(master.parent / '备份').resolve()}（1 个）")
    assert cli.main(args) == cli.OK
    assert _closing(capsys) == "主台账无需改动。"


def test_under_counts_a_folder_without_its_hidden_marker(tmp_path):
    from minsheng.jobs.closing import under

    assert under(tmp_path) is None
    (tmp_path / ".minsheng-demo").write_text("x")
    assert under(tmp_path) is None
    for name in ("a/1.xlsx", "a/b/2.eml", "3.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert under(tmp_path) == f"共写入 3 个文件，都在 {tmp_path.resolve()}（及其下 2 个文件夹）"
