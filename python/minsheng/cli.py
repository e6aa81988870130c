"""The ``minsheng`` command line: one subcommand per ribbon button, plus build and demo.

Each subcommand lives in ``minsheng.commands.<name>`` with ``add_arguments(parser)``
and ``run(args) -> int``. Exit codes: 0 done, 1 done but the input has problems,
2 usage error or unreadable input, 3 an internal error (a bug: the details are written to a file
and nothing is changed).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

OK, PROBLEMS, UNUSABLE, INTERNAL = 0, 1, 2, 3

# name: (help, example). Order is the order of the monthly cycle.
COMMANDS = {
    "import": ("导入通知：把新一年的民生实事通知读成目录草稿（需核对后再 build）",
               "minsheng import 通知附件.docx --out 目录草稿2025.xlsx"),
    "build": ("从目录（CSV/XLSX）生成主台账工作簿", "minsheng build --out 民生实事2024.xlsm"),
    "new-year": ("新年度建账：沿用上一年主台账的单位目录、配置和通讯录，按新一年的目录（或通知、或延续的项目）生成新主台账",
                 "minsheng new-year 民生实事2024.xlsm --catalog 目录2025.xlsx --out 民生实事2025.xlsm"),
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
    from minsheng.check.structure import damage

    found = damage(book)
    if found:
        raise Unusable("主台账已损坏，未做任何改动：\n" + "\n".join(f"  {f.message}。{f.hint}" for f in found))
    if month is not None:  # 报送周期 季: only quarter ends are reported on
        from minsheng.model import cadence, settings

        why = cadence.not_a_report_month(month, settings.load(book).cadence)
        if why:
            raise Unusable(why)
    return book


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would exit 2 in English; say it in Chinese
        self.print_usage(sys.stderr)
        self.exit(UNUSABLE, f"参数错误：{message}\n（运行 {self.prog} --help 查看用法和示例）\n")


def make_parser(only: str | None = None) -> Parser:
    """The full parser; with ``only``, every subcommand is listed but only that one's module
    is imported to add its arguments, so a command loads what it uses and nothing more."""
    parser = Parser(prog="minsheng", description="民生实事台账自动化：校验、下发、汇总、预警、通报、催报。",
                    epilog="每个子命令都有 --help 和示例。退出码：0 完成；1 完成但输入有问题；2 参数错误或输入无法读取；3 程序内部错误（详情写入文件，未做任何改动）。")
    sub = parser.add_subparsers(dest="command", metavar="子命令", parser_class=Parser)
    for name, (help_text, example) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text, epilog=f"示例：{example}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        if only is None or name == only:
            _module(name).add_arguments(p)
        p.set_defaults(command=name)
    return parser


MODULES = {"import": "import_notice", "new-year": "new_year"}  # a command whose name is a Python keyword


def _module(name: str):
    return importlib.import_module(f"minsheng.commands.{MODULES.get(name, name)}")


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    chosen = next((w for w in words if not w.startswith("-")), None)
    parser = make_parser(only=chosen or "")  # no word: the list of commands needs no module
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return UNUSABLE
    module = _module(args.command)
    from minsheng.engines.disk import CannotWrite, WorkbookBusy

    try:
        return module.run(args)
    except BrokenPipeError:  # the reader went away (minsheng status … | head): stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
        return 128 + 13  # SIGPIPE
    except Unusable as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    except WorkbookBusy as e:
        print(f"{e}（未做任何改动）", file=sys.stderr)
        return UNUSABLE
    except CannotWrite as e:
        print(e, file=sys.stderr)
        return UNUSABLE
    except Exception:  # a bug: never a traceback on the clerk's screen, never a half-done change
        where = _write_traceback(args.command)
        print(f"程序内部错误（{args.command}），已停止，未做任何改动。详细信息已写入：{where}\n"
              "请把该文件和本次使用的文件交给系统维护人员。", file=sys.stderr)
        return INTERNAL


def _write_traceback(command: str) -> str:
    """The current exception's traceback in a file of its own; its path (or, failing that, "屏幕上方")."""
    import tempfile
    import traceback
    from datetime import datetime

    text = traceback.format_exc()
    try:
        handle, name = tempfile.mkstemp(prefix=f"minsheng-{command}-{datetime.now():%Y%m%d-%H%M%S}-",
                                        suffix=".txt")
        with open(handle, "w", encoding="utf-8") as out:
            out.write(text)
        return name
    except OSError:
        print(text, file=sys.stderr)
        return "屏幕上方"


def writing(path, write: bool = True):
    """The master's lock for a command that writes it (taken before it reads), else nothing."""
    from contextlib import nullcontext

    from minsheng.engines.disk import master_lock

    return master_lock(path) if write else nullcontext()


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
