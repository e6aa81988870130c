"""The command line: help with examples, exit codes, safe rebuilds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from minsheng import cli
from minsheng.model import layout as L

from conftest import REPO


def run(*args, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "python")}
    return subprocess.run([sys.executable, "-m", "minsheng", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=env)


def test_help_lists_every_command():
    done = run("--help")
    assert done.returncode == 0
    for name in cli.COMMANDS:
        assert name in done.stdout


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_every_command_has_help_with_an_example(name, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main([name, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "示例：minsheng " + name in out


def test_usage_error_is_chinese_and_exit_2():
    done = run("build")
    assert done.returncode == 2
    assert "参数错误" in done.stderr


def test_build_refuses_to_overwrite_then_force_backs_up_and_a_second_run_changes_nothing(tmp_path):
    out = tmp_path / "民生实事2024.xlsm"
    assert run("build", "--out", out).returncode == 0
    first = out.read_bytes()
    refused = run("build", "--out", out)
    assert refused.returncode == 2 and "--force" in refused.stderr
    again = run("build", "--out", out, "--force")
    assert again.returncode == 0
    assert out.read_bytes() == first
    assert not (tmp_path / "备份").exists(), "an identical rebuild must not touch the file or back it up"


def test_build_reports_an_unreadable_catalogue(tmp_path):
    bad = tmp_path / "目录2025.csv"
    bad.write_text("项目编号,项目类别\n1-1,x\n", encoding="utf-8")
    done = run("build", "--catalog", bad, "--out", tmp_path / "m.xlsm")
    assert done.returncode == 2
    assert "缺少列" in done.stderr and "目录2025.csv" in done.stderr


def test_build_will_not_write_behind_an_open_workbook(tmp_path):
    out = tmp_path / "民生实事2024.xlsm"
    assert run("build", "--out", out).returncode == 0
    lock = tmp_path / ("~$" + out.name)
    lock.write_bytes(b"")
    done = run("build", "--out", out, "--force")
    assert done.returncode == 2 and "正在被" in done.stderr


def test_demo_builds_into_a_fresh_folder(tmp_path):
    out = tmp_path / "demo"
    done = run("demo", "--out", out)
    assert done.returncode in (0, 1), done.stderr
    assert "其中 6 行标了“需核对”" in done.stdout  # the demo starts from the seed notice, as a .docx
    assert "9 类 30 项 31 个指标。与内置 2024 目录一致。" in done.stdout, done.stdout[:3000]
    assert (out / "通知附件2024.docx").exists() and (out / "目录草稿2024.csv").exists()
    assert (out / "民生实事2024.xlsm").exists()
    assert (out / "3月民生实事通报.docx").exists() and list((out / "3月催报草稿").glob("*.eml"))
    closing = done.stdout.split("== 完成：生成的文件 ==")[1].splitlines()
    assert f"  {out / '民生实事2024.xlsm'}  主台账（已汇总、已写入“汇总”）" in closing
    assert f"  {out / '下发'}/（17 个文件）  本月各单位填报表" in closing
    n = sum(1 for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert closing[-1].startswith(f"共写入 {n} 个文件，都在 {out.resolve()}（及其下 ")  # one summary at the end
    # the story's clock: returns saved early in April 2024, whatever today is
    assert "2024年3月填报表_县残联.xlsx（2024-04-03 10:00）" in done.stdout
    # 年初建账 before the month: two units send plans back, one row falls and is said, not merged
    assert "计划汇总：收到 2 个文件，采用 2 个，退回 0 个" in done.stdout
    assert "计划表!N3：7-2 新增供热面积 的7月计划累计 4 少于6月的 5，该行计划未并入" in done.stdout
    from minsheng.engines.file import read_master
    plan = read_master(out / "民生实事2024.xlsm")[L.PLAN_SHEET].by_key()
    jobs, heat = plan[("1-1", "城镇新增就业")][1], plan[("7-2", "新增供热面积")][1]
    assert [jobs[f"{m}月"] for m in L.MONTHS] == [300 * min(m, 10) for m in L.MONTHS]
    assert (jobs["计划来源"], heat["计划来源"]) == ("单位报送", "默认")
    from minsheng.model import settings
    assert settings.load(read_master(out / "民生实事2024.xlsm")).place.issuer == "微山县政府督查室"  # the seed's place
    assert f"  {out / '计划回收'}/（2 个文件）  两个单位报回的计划表（其中一份有错误）" in closing
    backups = sorted(p.name for p in (out / "备份").iterdir())  # every write stamped by the story, 年初建账's too
    assert backups and all(name.startswith("民生实事2024.2024") for name in backups), backups
    (out / "stale.txt").write_text("x")
    assert run("demo", "--out", out).returncode in (0, 1)
    assert not (out / "stale.txt").exists()
    other = tmp_path / "mine"
    other.mkdir()
    assert run("demo", "--out", other).returncode == 2


def test_a_closed_pipe_ends_quietly(master):
    """``minsheng status … | head``: the reader has gone before the first line; no traceback, no
    "程序内部错误", the exit status a shell expects (128 + SIGPIPE)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.Popen([sys.executable, "-m", "minsheng", "status", str(master), "--month", "3", "--json",
                            "--no-write"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    run.stdout.close()  # as head does once it has its lines
    err = run.stderr.read().decode("utf-8", "replace")
    assert run.wait(timeout=300) == 141, err
    assert "Traceback" not in err and "程序内部错误" not in err and "BrokenPipe" not in err, err
