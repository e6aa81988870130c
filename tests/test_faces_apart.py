"""The two faces stand apart: the ribbon (xl.py) never imports the command line (cli.py, commands/),
nor the command line the ribbon; what both say (the closing line) lives beneath them, in jobs/."""

from __future__ import annotations

from test_layers import imports, modules, place

RIBBON, COMMAND_LINE = {"xl"}, {"cli", "commands", "__main__"}


def test_no_face_imports_the_other():
    crossing = []
    for path, name in modules():
        here = place(name)
        other = COMMAND_LINE if here in RIBBON else RIBBON if here in COMMAND_LINE else set()
        crossing += [f"{name}:{line} imports {target}" for line, target, _ in imports(path) if place(target) in other]
    assert crossing == []


def test_both_faces_end_with_the_one_closing_line():
    from minsheng import xl
    from minsheng.commands import closing as command_closing
    from minsheng.jobs import closing

    assert command_closing.written is closing.written
    assert "minsheng.jobs.closing" in xl.closing.__doc__
