"""`desk export FILE.xlsx [筛选]`: the register export from the command line, the same file as
p on F3 (forms.register_export), with the list's filters as options.

Options are parsed here into the fields of the filter the export takes (year, month, statuses,
hamlet, type, voided); names are looked up in the database. ID numbers are masked unless
--full-ids. Errors: one Chinese line (and its English gist) on stderr, exit code 2.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from desk.cli.errors import CliFailure, existing_database
from desk.cli.progress import ProgressLine, rekey_progress

HELP = "导出调解台账到 Excel（与 F3 按 p 相同）/ export the register to xlsx"
DESCRIPTION = """导出调解台账（.xlsx），与调解台账界面（F3）按 p 导出的文件相同。
不加筛选时导出全部未作废的案件；筛选条件可以组合使用。
Export the mediation register to an xlsx file, as p on F3; the options filter the cases."""
EPILOG = """例 / examples:
  desk export 台账.xlsx
  desk export 台账-2026.xlsx --year 2026
  desk export 十月.xlsx --month 2026-10 --status 调解中 --status 受理
  desk export 一组.xlsx --hamlet 一组 --type 邻里
  desk export 张三.xlsx --search 张三
  desk export 超期.xlsx --overdue --mediator 钱调解
状态可写：受理、调解中、调解成功、调解不成、移交上级、撤回；多个可用逗号隔开。"""




def add_export_parser(sub, common) -> None:
    """Register `desk export` on the subcommand parsers of desk/cli/main.py."""
    p = sub.add_parser("export", parents=[common], help=HELP, description=DESCRIPTION, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", type=Path, help="要写出的 Excel 文件，如 台账.xlsx / the xlsx file to write")
    p.add_argument("--year", metavar="年份", help="受理年份，如 2026 / year of acceptance")
    p.add_argument("--month", metavar="年-月", help="受理月份，如 2026-10 / month of acceptance")
    p.add_argument("--status", metavar="状态", action="append", default=[],
                   help="案件状态，可写多次或用逗号隔开，如 调解中 / status (repeatable)")
    p.add_argument("--hamlet", metavar="屯组", help="屯组名称，如 一组 / hamlet")
    p.add_argument("--type", metavar="类型", dest="type_name", help="纠纷类型，如 邻里 / dispute type")
    p.add_argument("--search", metavar="查找", default="",
                   help="与 F3 按 / 查找相同：姓名、拼音首字母、电话、身份证号后几位、案情 / search words")
    p.add_argument("--mediator", metavar="主持人", help="主持调解的干部姓名 / presiding mediator")
    p.add_argument("--open", action="store_true", dest="open_only", help="只导出未办结的案件 / open cases only")
    p.add_argument("--overdue", action="store_true", dest="overdue_only",
                   help="只导出已超期的案件 / overdue cases only")
    p.add_argument("--voided", action="store_true", help="也导出已作废的案件 / include voided cases")
    p.add_argument("--full-ids", action="store_true",
                   help="写出完整身份证号（默认隐藏出生日期；请妥善保管文件）/ do not mask ID numbers")
    p.set_defaults(func=cmd_export)


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    s = text.strip()
    if not re.fullmatch(r"[0-9]{4}", s) or not 1900 <= int(s) <= 2100:
        raise CliFailure(f"年份“{text}”不对，请写四位年份，如 --year 2026。", f"bad year {text!r}")
    return int(s)


def _month(text: str | None) -> str | None:
    if text is None:
        return None
    m = re.fullmatch(r"\s*([0-9]{4})-([0-9]{1,2})\s*", text)
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1900 <= int(m.group(1)) <= 2100:
        raise CliFailure(f"月份“{text}”不对，请写成 年-月，如 --month 2026-10。", f"bad month {text!r}")
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"


def _statuses(values: list[str]) -> tuple[str, ...]:
    from db.models.register import STATUSES

    by_label = {label: code for code, label in STATUSES.items()}
    out: list[str] = []
    for value in values:
        for word in re.split(r"[,，、\s]+", value):
            if not word:
                continue
            code = by_label.get(word) or (word if word in STATUSES else None)
            if code is None:
                raise CliFailure(f"没有“{word}”这个状态，请写：{'、'.join(STATUSES.values())}。",
                                    f"unknown status {word!r}")
            if code not in out:
                out.append(code)
    return tuple(out)


def _named(name: str | None, known: dict[str, int], what: str, flag: str) -> int | None:
    if name is None:
        return None
    key = name.strip()
    for candidate in (key, key.removesuffix("纠纷"), key + "纠纷") if what == "纠纷类型" else (key,):
        if candidate in known:
            return known[candidate]
    listed = "、".join(known) or "（还没有设置）"
    raise CliFailure(f"没有“{key}”这个{what}，{flag} 请写以下之一：{listed}。", f"unknown {flag[2:]} {key!r}")


def build_filters(engine, args) -> dict:
    """The export's filter fields from the command's options (CliFailure on a bad one)."""
    from db.settings.village import list_hamlets, list_types

    filters: dict = {}
    year, month = _year(args.year), _month(args.month)
    if year and month and not month.startswith(f"{year:04d}-"):
        raise CliFailure(f"--year {year} 和 --month {month} 不在同一年，请只写一个或改成同一年。",
                            "year and month disagree")
    if year:
        filters["year"] = year
    if month:
        filters["month"] = month
    statuses = _statuses(args.status)
    if statuses:
        filters["statuses"] = statuses
    hamlet_id = _named(args.hamlet, {h.name: h.id for h in list_hamlets(engine)}, "屯组", "--hamlet")
    if hamlet_id is not None:
        filters["hamlet_id"] = hamlet_id
    type_id = _named(args.type_name, {t.name: t.id for t in list_types(engine, active_only=False)},
                     "纠纷类型", "--type")
    if type_id is not None:
        filters["type_id"] = type_id
    if args.search.strip():
        from forms.validate import ValidationError, check_visible

        try:
            check_visible(args.search, "--search")
        except ValidationError as exc:
            raise CliFailure(str(exc), "invisible characters in --search") from None
        filters["q"] = args.search.strip()
    if args.mediator:
        from db.settings.village import list_cadres

        filters["presiding_id"] = _named(args.mediator, {v.cadre.name: v.cadre.id for v in list_cadres(engine)},
                                         "主持人", "--mediator")
    if args.open_only:
        filters["open_only"] = True
    if args.overdue_only:
        filters["overdue_only"] = True
    if args.voided:
        filters["include_voided"] = True
    return filters


def cmd_export(args) -> int:
    """Run `desk export`; returns the exit code (0 written, 2 refused)."""
    target = Path(args.file).expanduser()
    if target.suffix.lower() != ".xlsx":
        raise CliFailure(f"导出文件要以 .xlsx 结尾，如 台账.xlsx（现在是“{target.name}”）。", "the file must end in .xlsx")
    path = existing_database(args.db)
    from db.schema import open_database
    from forms.register_export import export_register

    # A bad option, a damaged file or an unwritable target reaches desk.cli.main and is said
    # there in one line (desk.cli.errors).
    engine = open_database(path, progress=rekey_progress())
    filters = build_filters(engine, args)
    line = ProgressLine("正在导出调解台账")
    try:
        count = export_register(engine, target, filters, mask_ids=not args.full_ids, progress=line)
    except BaseException:
        line.abort()
        raise
    line.close()
    print(f"已导出 {count} 件到：{target}")
    return 0
