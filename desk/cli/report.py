"""`desk report YYYY-MM [--pdf F] [--xlsx F] [--text] [--submit DIR]`: the monthly report from the
command line; --submit writes the figures-only 上报 file (db.township.submit) into DIR.

Text goes to stdout when --text is given or no file is asked for. Everything is rendered in
memory first, then each file is written safely (temporary file, rename), so a bad month, a
missing font or an unwritable folder leaves no half-written file under the final name.
Errors: a CliFailure (one Chinese line and its English gist on stderr, exit code 2), said by
desk.cli.main; a read-only, full or locked file on the way is said there too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desk.cli.errors import CliFailure, say
from desk.cli.progress import rekey_progress
from desk.cli.where import check_month, missing_database


def _print(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:  # a console code page without some character (e.g. GBK)
        enc = sys.stdout.encoding or "utf-8"
        sys.stdout.buffer.write(text.encode(enc, "replace"))
    sys.stdout.flush()


def cmd_report(args) -> int:
    """Run the report command; returns the exit code (0 ok, 2 bad input or unwritable)."""
    try:
        return _report(args)
    except CliFailure as failure:
        say(failure.line)
        return failure.code


def _report(args) -> int:
    from db.session import DataError

    check_month(args.month)
    if (failure := missing_database(args)) is not None:
        raise failure
    path = Path(args.db)
    submit = getattr(args, "submit", None)
    if submit is not None and not Path(submit).is_dir():
        raise CliFailure(f"找不到文件夹 {submit}，请确认U盘已插好，或输入正确的文件夹路径。", f"no folder {submit}")
    from forms.render.output import OutputError, check_target

    for target in (args.pdf, args.xlsx):  # a missing folder is said before the month is worked out
        try:
            if target:
                check_target(target)
        except OutputError as exc:
            raise CliFailure(exc.message, exc.english) from None
    # open_database looks at the file read-only first and refuses a foreign or damaged one.
    from db.schema import DatabaseRefused, open_database
    from db.stats.figures import monthly_figures
    from forms.monthly_report import render_report
    from forms.render.fonts import FontMissing
    from forms.render.output import OutputError, write_atomic

    try:
        engine = open_database(path, progress=rekey_progress())
        figures = monthly_figures(engine, args.month)
        outputs: list[tuple[Path, bytes]] = []
        if args.pdf:
            outputs.append((Path(args.pdf), render_report(figures, "pdf")))
        if args.xlsx:
            outputs.append((Path(args.xlsx), render_report(figures, "xlsx")))
        for target, data in outputs:
            write_atomic(target, lambda tmp, data=data: tmp.write_bytes(data))
        if submit is not None:
            from db.township.submit import write_submission

            outputs.append((write_submission(engine, args.month, submit), b""))
    except DataError as exc:
        raise CliFailure(exc.message, "the report could not be made") from None
    except DatabaseRefused as exc:
        raise CliFailure(exc.message, exc.english or "database refused") from None
    except FontMissing as exc:
        raise CliFailure(exc.message, exc.english) from None
    except OutputError as exc:
        raise CliFailure(exc.message, exc.english) from None
    if args.text or not (args.pdf or args.xlsx or submit):
        _print(render_report(figures, "text"))
    for target, _ in outputs:
        print(f"已写入：{target}", file=sys.stderr if args.text else sys.stdout)
    return 0
