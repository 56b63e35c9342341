"""Which database file a command reads, and what to say when it is not there."""

from __future__ import annotations

import os
from pathlib import Path

from desk.cli.errors import CliFailure


def resolve_db(arg: str | None, *, demo: bool = False, village: str | None = None) -> Path:
    """--db, else DESK_DB, else the user data directory (demo.db there for the demonstration)."""
    if arg:
        return Path(arg).expanduser()
    if demo:  # beside the default file, never beside DESK_DB (that may be the office's stick)
        from db.engine import user_data_home

        if village:  # one file per demo village: three make a township to try
            from db.backup.io import safe_stem

            return user_data_home() / f"demo-{safe_stem(village)}.db"
        return user_data_home() / "demo.db"
    from db.engine import default_db_path

    return default_db_path()


def missing_database(args) -> CliFailure | None:
    """The reason a command cannot read args.db, naming the file and where its path came from;
    None when the file is there. After `desk demo` the office file does not exist yet: say --demo."""
    path = Path(args.db)
    if path.is_file():
        return None
    if getattr(args, "db_given", False):
        where = "--db 指定的"
    elif os.environ.get("DESK_DB"):
        where = "环境变量 DESK_DB 指定的"
    else:
        where = "默认的"
    text = f"找不到{where}数据库文件 {path}。"
    demo = resolve_db(None, demo=True)
    if not getattr(args, "demo", False) and demo.is_file() and demo != path:
        example = " ".join(x for x in ("desk", args.command, getattr(args, "month", ""), "--demo") if x)
        text += f"演示村在 {demo}：在命令后面加上 --demo（如 {example}），或用 --db 指定文件。"
    else:
        text += "请用 --db 指定正确的文件，或先运行 desk demo 试用。"
    return CliFailure(text, f"database {path} not found")


def check_openable(path: Path, *, thorough: bool = True) -> None:
    """Refuse a foreign, damaged or newer file before anything is started (stdlib only).

    thorough=False skips PRAGMA quick_check (0.6 s on a 200 MB file): the app runs it in its
    worker after the first frame, and moves a damaged file aside there (offering a backup).
    """
    from db.probe import inspect_file, refusal

    reason = refusal(path, inspect_file(path, thorough=thorough))
    if reason:
        raise CliFailure(*reason)


def check_month(month: str) -> None:
    """A report month as YYYY-MM and not in the future, or the one-line failure that says so."""
    from db.session import DataError
    from db.stats.model import parse_month

    try:
        parse_month(month)
    except DataError as exc:
        raise CliFailure(exc.message, f"bad month {month!r}: use YYYY-MM, not in the future") from None
