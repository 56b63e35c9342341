"""`desk import FILE.xlsx|FILE.csv [--apply]` and `desk import --template F.xlsx`.

Refusals are CliFailure; a read-only, full or locked database is said by desk.cli.main."""

from __future__ import annotations

from desk.cli.progress import ProgressLine, rekey_progress


def describe(plan) -> list[str]:
    """The dry-run report: what would be added, every bad row, ignored headers (Chinese)."""
    lines = [f"可以导入 {len(plan.rows_ok) - len(plan.duplicates)} 件；有错误的行 {len({e.line for e in plan.errors})} 行；"
             f"可能重复 {len(plan.duplicates)} 件（默认跳过）。"]
    if plan.ignored_headers:
        lines.append("这些列不认识，已忽略：" + "、".join(plan.ignored_headers))
    lines += [f"错误  {e}" for e in plan.errors]
    lines += [f"重复  {d}" for d in plan.duplicates]
    return lines


def cmd_import(args) -> int:
    from db.lock import DatabaseBusy, DatabaseLock
    from db.session import DataError
    from desk.cli.errors import CliFailure as Failure
    from desk.cli.where import check_openable

    if args.template:
        from forms.register_import import write_template

        path = write_template(args.template)  # an unwritable place is said by desk.cli.main
        print(f"已写出空白模板：{path}")
        return 0
    if args.file is None:
        raise Failure("请给出要导入的表格文件，如：desk import 台账.xlsx", "no file given")
    if not args.file.exists():
        raise Failure(f"找不到文件 {args.file}。", f"no such file: {args.file}")
    if args.file.suffix.lower() not in (".xlsx", ".csv"):
        raise Failure("只能导入 .xlsx 或 .csv 文件；.xls 请先在 WPS 或 Excel 里另存为 .xlsx。", "only .xlsx or .csv")
    check_openable(args.db)
    try:
        lock = DatabaseLock(args.db)
        lock.acquire()
    except DatabaseBusy as exc:
        raise Failure(exc.message, exc.english, code=1) from None
    try:
        from db.schema import open_database
        from forms.register_import import apply_import, plan_import

        engine = open_database(args.db, progress=rekey_progress())
        line = ProgressLine("正在读取并检查表格", "行")
        try:
            plan = plan_import(engine, args.file, progress=line)
        except BaseException as exc:
            line.abort()
            if isinstance(exc, DataError):
                raise Failure(exc.message, "the file cannot be read as a register") from None
            raise
        line.close()
        for line in describe(plan):
            print(line)
        if not args.apply:
            print("这是预览，没有改动数据库。确认无误后加 --apply 导入。" if plan.ok
                  else "请改正以上错误后再导入；加 --apply 也不会导入有错误的表格。")
            return 0 if plan.ok else 1
        line = ProgressLine("正在导入", "行")
        try:
            ids = apply_import(engine, plan, progress=line)
        except BaseException as exc:
            line.abort()
            if isinstance(exc, DataError):
                raise Failure(exc.message, "nothing imported", code=1) from None
            raise
        line.close()
        print(f"已导入 {len(ids)} 件。")
        return 0
    finally:
        lock.release()
