"""The README's commands are real: its two commands are what CI runs, and every `minsheng …`
line in it parses with the CLI as it is."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from minsheng import cli

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text("utf-8")


def readme_command_lines() -> list[str]:
    blocks = re.findall(r"```(?:sh|bat)?\n(.*?)```", README, re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if re.search(r"(^|\s)minsheng \w", line) and "--help" not in line]


def test_the_two_commands_are_what_make_and_ci_run():
    assert "make demo" in README and "make test" in README
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert re.search(r"^demo: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    assert "make test" in (REPO / ".ci" / "run").read_text("utf-8")


@pytest.mark.parametrize("line", readme_command_lines())
def test_every_readme_command_parses(line):
    words = shlex.split(line.replace("\\", "/"), comments=True)
    words = words[words.index("minsheng") + 1:] if "minsheng" in words else words[words.index("-m") + 2:]
    try:
        args = cli.make_parser().parse_args(words)
    except SystemExit as e:  # argparse says what was wrong on stderr
        pytest.fail(f"README line does not parse ({e.code}): {line}")
    assert args.command in cli.COMMANDS


def test_readme_names_every_command():
    for name in cli.COMMANDS:
        assert f"minsheng {name}" in README, name
