"""The ``minsheng`` command line: one subcommand per ribbon button, plus build and demo.

Each subcommand lives in ``minsheng.commands.<name>`` with ``add_arguments(parser)``
and ``run(args) -> int``. Exit codes: 0 done, 1 done but the input has problems,
2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

OK, PROBLEMS, UNUSABLE = 0, 1, 2

# name: (help, example). Order is the order of the monthly cycle.
COMMANDS = {
    "build": ("从目录（CSV/XLSX）生成主台账工作簿", "minsheng build --out 民生实事2024.xlsm"),
    "validate": ("校验：检查填报内容，逐格指出问题", "minsheng validate 民生实事2024.xlsm --month 3"),
    "split": ("下发填报表：按责任单位生成当月填报工作簿", "minsheng split 民生实事2024.xlsm --month 3 --out 下发/"),
    "consolidate": ("汇总回收表：把各单位报回的工作簿并入主台账", "minsheng consolidate 民生实事2024.xlsm 回收/ --month 3"),
    "status": ("滞后预警：按时序进度亮灯、排名并生成汇总", "minsheng status 民生实事2024.xlsm --month 3"),
    "export": ("导出长表（CSV/Parquet）供透视表、Power BI、DuckDB 使用", "minsheng export 民生实事2024.xlsm --out 长表.csv"),
    "bulletin": ("生成通报：当月推进情况通报（Word，另附 PDF）", "minsheng bulletin 民生实事2024.xlsm --month 3 --out 通报.docx"),
    "remind": ("催报提醒：给未报送或滞后的单位发邮件", "minsheng remind 民生实事2024.xlsm --month 3 --eml-dir 草稿/"),
    "demo": ("演示：用内置 2024 年数据跑一遍当月流程", "minsheng demo --out demo-out/"),
}


class Unusable(Exception):
    """A usage error or unreadable input, said in Chinese: ``main`` prints it and exits 2."""


def open_master(path, month: int | None = None):
    """Read the master's values, or raise ``Unusable`` saying why; check the month's sheet."""
    from minsheng.model import layout as L
    from minsheng.engines.file import UnreadableWorkbook, read_master

    if month is not None and month not in L.MONTHS:
        raise Unusable(f"月份应为 1–12，现为 {month}")
    try:
        book = read_master(path)
    except (UnreadableWorkbook, OSError) as e:
        raise Unusable(f"无法读取主台账：{e}") from None
    if month is not None and L.month_sheet(month) not in book:
        raise Unusable(f"{book.name} 中没有“{L.month_sheet(month)}”工作表，不是本系统的主台账？")
    return book


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would exit 2 in English; say it in Chinese
        self.print_usage(sys.stderr)
        self.exit(UNUSABLE, f"参数错误：{message}\n（运行 {self.prog} --help 查看用法和示例）\n")


def make_parser(only: str | None = None) -> Parser:
    """The full parser; with ``only``, every subcommand is listed but only that one's module
    is imported to add its arguments, so a command loads what it uses and nothing more."""
    parser = Parser(prog="minsheng", description="民生实事台账自动化：校验、下发、汇总、预警、通报、催报。",
                    epilog="每个子命令都有 --help 和示例。退出码：0 完成；1 完成但输入有问题；2 参数错误或输入无法读取。")
    sub = parser.add_subparsers(dest="command", metavar="子命令", parser_class=Parser)
    for name, (help_text, example) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=f"示例：{example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        if only is None or name == only:
            _module(name).add_arguments(p)
        p.set_defaults(command=name)
    return parser


def _module(name: str):
    return importlib.import_module(f"minsheng.commands.{name}")


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    chosen = next((w for w in words if not w.startswith("-")), None)
    parser = make_parser(only=chosen or "")  # no word: the list of commands needs no module
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return UNUSABLE
    module = _module(args.command)
    from minsheng.engines.disk import WorkbookBusy

    try:
        return module.run(args)
    except Unusable as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    except WorkbookBusy as e:
        print(f"{e}（未做任何改动）", file=sys.stderr)
        return UNUSABLE


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
