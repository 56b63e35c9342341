"""The command line: `desk`, `desk demo`, `desk check`, `desk import`, `desk report`,
`desk backup`, `desk restore`. Heavy modules are imported only by the command that needs them.

Every command exits non-zero with a one-line Chinese (and English) reason on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk import __version__
from desk.cli.errors import CliFailure, explain, one_line, say, unexpected
from desk.cli.where import check_openable, missing_database, resolve_db
from desk.cli.words import use_chinese

DESCRIPTION = """村委工作台：村事百晓、矛盾纠纷调解台账、月报与备份。
Village committee desk: checklist, mediation register, monthly report, backup."""

EPILOG = """常用 / examples:
  desk                         打开程序 / open the app
  desk demo                    打开演示村（首次运行时创建）/ open the demonstration village
  desk check                   检查数据库是否完好 / check the database
  desk import 台账.xlsx         预览导入（不改动数据）/ dry run of an import
  desk import 台账.xlsx --apply 确认导入 / add the rows
  desk report 2026-10 --pdf 月报.pdf
  desk report 2026-10 --submit /media/usb   只有数字的上报文件 / the figures-only 上报 file
  desk township /media/usb --month 2026-10 --pdf 汇总.pdf   乡镇汇总 / the township table
  desk report 2026-10 --demo   演示村的月报 / the demo village's report
  desk backup /media/usb       备份到U盘 / verified backup to a USB stick
  desk restore 备份文件         从备份恢复 / restore from a backup

数据库位置 / database: --db 路径，或环境变量 DESK_DB，否则用户数据目录下的 desk.db。"""


# The one failure type of the command line (desk.cli.errors); `Failure` is its old name here.
Failure = CliFailure


def _fail(chinese: str, english: str = "", code: int = 2) -> int:
    say(CliFailure(chinese, english, code).line)
    return code


def lock_for_app(path: Path):
    """The checks before the app starts, and the single-writer lock it holds while it runs."""
    from db.lock import DatabaseBusy, DatabaseLock

    check_openable(path, thorough=False)
    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except DatabaseBusy as exc:
        raise Failure(exc.message, exc.english, code=1) from None
    return lock


def ready_to_write(path: Path) -> None:
    """Write to the file and roll it back, before any screen is drawn: a read-only
    file or folder, a full disk or another program's write lock is said in one Chinese line
    (via main) instead of failing inside the app. A file not there yet is left alone."""
    import sqlite3

    from db.engine import BUSY_TIMEOUT_MS

    if not path.is_file() or path.stat().st_size == 0:
        return
    try:
        con = sqlite3.connect(Path(path).resolve().as_uri(), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            con.execute("BEGIN IMMEDIATE")  # succeeds on a read-only file: write something too
            version = con.execute("PRAGMA user_version").fetchone()[0]
            con.execute(f"PRAGMA user_version = {int(version)}")
            con.rollback()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        damaged = "malformed" in str(exc) or "not a database" in str(exc)
        if isinstance(exc, sqlite3.OperationalError) or not damaged:
            raise
        # a damaged file: the app's worker checks it and offers a backup (desk.app)


def run_app(path: Path, *, today=None) -> int:
    """Open the app on `path`, holding the single-writer lock for as long as it runs."""
    lock = lock_for_app(path)
    try:
        ready_to_write(path)
        from desk.app import make_app

        app = make_app(path, today=today)
        app.run()
        return app.return_code or 0
    finally:
        lock.release()


def cmd_open(args) -> int:
    return run_app(args.db)


def cmd_demo(args) -> int:
    path = resolve_db(args.db, demo=True, village=args.village)
    check_openable(path)
    from db.lock import DatabaseBusy, DatabaseLock

    try:
        with DatabaseLock(path):
            from db.demo.village import ensure_demo

            created = ensure_demo(path, village=args.village)
    except DatabaseBusy as exc:
        raise Failure(exc.message, exc.english, code=1) from None
    print(("已创建演示村：" if created else "演示村已存在：") + str(path))
    if args.no_open:
        return 0
    return run_app(path)


def cmd_check(args) -> int:
    path = args.db
    if (failure := missing_database(args)) is not None:
        raise failure
    from db.check import check_database

    report = check_database(path)
    out = sys.stdout if report.ok else sys.stderr  # errors go where _fail puts them
    for line in report.lines:
        say(one_line(line), out)
    return 0 if report.ok else 1


def cmd_import(args) -> int:
    from desk.cli.importing import cmd_import as run

    return run(args)


def cmd_report(args) -> int:
    from desk.cli.report import cmd_report as run

    return run(args)


def cmd_township(args) -> int:
    from desk.cli.township import cmd_township as run

    return run(args)


def cmd_print(args) -> int:
    from desk.cli.printing import cmd_print as run

    return run(args)


def cmd_backup(args) -> int:
    from desk.cli.backup import cmd_backup as run

    return run(args)


def cmd_restore(args) -> int:
    from desk.cli.backup import cmd_restore as run

    return run(args)


class Parser(argparse.ArgumentParser):
    """argparse that states a usage error in Chinese and English."""

    def error(self, message: str):
        self.exit(2, f"错误：命令写得不对（{message}）。请运行 desk --help 查看用法。  (error: {message})\n")


def _print_kinds() -> str:
    from desk.cli.printing import kinds_help

    return kinds_help()


def build_parser() -> argparse.ArgumentParser:
    """`desk` and its commands; --db is accepted before or after the command name."""
    use_chinese()
    top = Parser(add_help=False)
    top.add_argument("--db", metavar="路径", help="数据库文件 / database file")
    # The commands' own --db must not have a default: argparse would let it overwrite the
    # value given before the command (`desk --db X check` would check the default file).
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="路径", default=argparse.SUPPRESS, help="数据库文件 / database file")
    parser = Parser(
        prog="desk",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[top],
    )
    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    parser.set_defaults(func=cmd_open, command="")
    sub = parser.add_subparsers(title="命令 / commands", metavar="", parser_class=Parser, dest="command")
    demo = Parser(add_help=False)
    demo.add_argument("--demo", action="store_true", help="用演示村（desk demo 建的 demo.db）/ the demo village")

    p = sub.add_parser("demo", parents=[common], help="打开演示村（首次运行时创建）/ open the demo village")
    p.add_argument("--no-open", action="store_true", help="只创建，不打开程序 / create only")
    p.add_argument("--village", metavar="NAME", help="演示村的名字，如 白沙村（几个不同名字的演示村可试乡镇汇总）/ demo village name")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("check", parents=[common, demo], help="检查数据库 / integrity check of the database")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("import", parents=[common], help="从表格导入台账 / import a register spreadsheet")
    p.add_argument("file", nargs="?", type=Path, help="xlsx 或 csv 文件 / FILE.xlsx|FILE.csv")
    p.add_argument("--apply", action="store_true", help="确认导入（默认只预览）/ add the rows (default: dry run)")
    p.add_argument("--template", type=Path, metavar="F.xlsx", help="写出空白模板 / write an empty template")
    p.set_defaults(func=cmd_import)

    from desk.cli.export import add_export_parser  # argparse only: nothing heavy

    add_export_parser(sub, common)

    p = sub.add_parser("report", parents=[common, demo], help="月报 / monthly report")
    p.add_argument("month", metavar="月份", help="月份 YYYY-MM，如 2026-10 / the month")
    p.add_argument("--pdf", type=Path, metavar="文件", help="写 PDF 文件 / write a PDF")
    p.add_argument("--xlsx", type=Path, metavar="文件", help="写 Excel 文件 / write an xlsx")
    p.add_argument("--text", action="store_true", help="在屏幕上显示 / print as text")
    p.add_argument("--submit", type=Path, metavar="DIR",
                   help="写上报文件（只有本月数字，没有姓名等个人信息）到文件夹，如U盘 / write the figures-only 上报 file")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("township", help="乡镇汇总各村的备份或上报文件 / the township table of many villages")
    p.add_argument("folders", nargs="+", type=Path, metavar="FOLDER", help="放各村文件的文件夹或U盘 / folders")
    p.add_argument("--month", required=True, help="月份 YYYY-MM，如 2026-10 / the month")
    p.add_argument("--pdf", type=Path, metavar="F", help="写 PDF 文件 / write a PDF")
    p.add_argument("--xlsx", type=Path, metavar="F", help="写 Excel 文件 / write an xlsx")
    p.add_argument("--text", action="store_true", help="在屏幕上显示 / print as text")
    p.add_argument("--passphrases", type=Path, metavar="F", help="加密备份的密码文件，每行“村名=密码” / passphrases")
    p.add_argument("--expect", type=Path, metavar="F", help="应报村名单，每行一个村名 / villages expected")
    p.add_argument("--basis", metavar="受理|结案", help="统计口径：受理（默认，按受理月份）或 结案（按结案日期）/ counting basis")
    p.set_defaults(func=cmd_township)

    p = sub.add_parser("print", parents=[common], help="打印案件文书（默认整本卷宗）/ a case's documents",
                       description="打印一个案件的文书，与案件页按 p 打印的相同；默认打印整本卷宗。",
                       epilog="文书种类 KIND（写英文或中文名均可）：\n" + _print_kinds()
                       + "\n\n例：desk print 2026-117 --pdf 卷宗.pdf\n    desk print \"(2026)青调字第117号\" --doc agreement --pdf 协议书.pdf"
                       + "\n    desk print meeting 2026-11 --pdf 会议记录.pdf  形势分析会会议记录"
                       + "\n    desk print roster --pdf 名册.pdf     调解组织网络名册\n    desk print plans --pdf 预案.pdf      应急预案和演练记录",
                       formatter_class=argparse.RawDescriptionHelpFormatter, add_help=False)
    p._positionals.title, p._optionals.title = "参数 / arguments", "选项 / options"
    p.add_argument("-h", "--help", action="help", help="显示本帮助 / show this help")
    p.add_argument("case", metavar="CASE", help="案号，如 2026-117 或 (2026)青调字第117号；或 meeting（会议记录）、roster（名册）、plans（应急预案）/ case number, meeting, roster or plans")
    p.add_argument("month", nargs="?", metavar="YYYY-MM", help="meeting 后写月份：形势分析会会议记录 / the meeting's month")
    p.add_argument("--pdf", type=Path, metavar="FILE", help="写 PDF 文件 / the PDF to write")
    p.add_argument("--doc", metavar="KIND", help="文书种类，默认 case_file（整本卷宗）/ document kind")
    p.add_argument("--blank-missing", action="store_true",
                   help="字体里没有的字留空（＿）用笔补写，而不是停止打印 / leave a blank for a character no font has")
    p.add_argument("--masked", action="store_true",
                   help="外送副本：身份证号、电话打码，只印出生年份 / a copy that leaves the office: IDs and phones masked")
    p.set_defaults(func=cmd_print)

    p = sub.add_parser("backup", parents=[common], help="备份到U盘或文件夹 / verified backup")
    p.add_argument("dir", type=Path, help="目标文件夹，如U盘 / target folder")
    p.add_argument("--encrypt", action="store_true", help="用口令加密（age 格式）/ encrypt with a passphrase")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="从备份恢复 / restore from a backup")
    p.add_argument("file", type=Path, help="备份文件 / backup file")
    p.add_argument("--yes", action="store_true", help="不再询问 / do not ask")
    p.set_defaults(func=cmd_restore)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; whatever goes wrong ends in one Chinese line on stderr, never a traceback.

    A failure the system reported (read-only, full disk, locked, missing) is said by
    desk.cli.errors.explain; anything else is logged beside the database (types and file:line
    only) and said in one line with exit code 2.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    db = Path(args.db).expanduser() if args.db else None
    args.db_given = db is not None
    try:
        if getattr(args, "demo", False):
            if db is not None:
                raise CliFailure("--demo 和 --db 只能用一个。", "--demo and --db together")
            args.db = db = resolve_db(None, demo=True)
        elif args.func is not cmd_demo:
            args.db = db = resolve_db(args.db)
        code = args.func(args)
    except KeyboardInterrupt:
        code = _fail("已中断。", "interrupted", 130)
    except BrokenPipeError:  # `desk report --text | head`: the reader has gone, nothing to say
        _quiet_stdout()
        code = 1
    except Exception as exc:  # noqa: BLE001  (the one place every failure ends up)
        failure = explain(exc, db=db) or unexpected(exc, db, args.func.__name__)
        say(failure.line)
        code = failure.code
    return code


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at nothing so the interpreter's final flush is silent."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
