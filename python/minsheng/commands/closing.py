"""The end of every command that writes files: its result as JSON (``--json``), or its lines and one
closing line that says how many files were written and in which folders (``minsheng.jobs.closing``,
the ribbon's too)."""

from __future__ import annotations

from collections.abc import Iterable

from minsheng.cli import print_json
from minsheng.jobs.closing import written


def finish(result: dict, as_json: bool, lines: Iterable[str], paths: Iterable[object] = ()) -> None:
    """Print ``result`` as JSON, or ``lines`` and then the closing line of ``written(paths)``."""
    if as_json:
        print_json(result)
        return
    for line in lines:
        print(line)
    closing = written(paths)
    if closing:
        print(closing)
