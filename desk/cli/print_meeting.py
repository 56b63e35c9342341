"""`desk print meeting YYYY-MM --pdf FILE`: the 会议记录 of a month's situation meeting.

The same PDF as p on the meeting screen (forms.documents, kind 'meeting'): built in memory,
then written safely, so a malformed month, a month with no meeting, a character no font has
or an unwritable file leaves no file behind and says why in one Chinese line (exit 2).
"""

from __future__ import annotations

import sys
from pathlib import Path

from desk.cli.errors import CliFailure, existing_database
from desk.cli.progress import rekey_progress

USAGE = "desk print meeting 2026-11 --pdf 会议记录.pdf"


def cmd_print_meeting(args) -> int:
    """Run `desk print meeting`; returns the exit code (0 printed)."""
    month = (getattr(args, "month", None) or "").strip()
    if not month:
        raise CliFailure(f"请写出要打印哪个月的分析会，如：{USAGE}。", "the month YYYY-MM is required")
    if not args.pdf:
        raise CliFailure(f"请用 --pdf 指定要写的文件，如：{USAGE}。", "--pdf FILE is required")
    target = Path(args.pdf)
    if target.suffix.lower() != ".pdf":
        raise CliFailure(f"“{target}”不是 .pdf 文件名，请写成如 会议记录.pdf。", "the file name must end in .pdf")
    if args.doc:
        raise CliFailure("打印分析会记录不用 --doc。", "--doc is for case documents")
    path = existing_database(args.db)
    from db.schema import open_database
    from db.values import need_month
    from forms.documents import build_document

    month = need_month(month)
    engine = open_database(path, progress=rekey_progress())
    doc = build_document(engine, "meeting", month, blank_missing=bool(getattr(args, "blank_missing", False)))
    doc.save(target)
    print(f"已写入：{target}")
    if doc.left_blank:
        what = "；".join(f"“{ch}”（U+{ord(ch):04X}，{field}）" for ch, field in doc.left_blank.items())
        print(f"注意：这些字没有字体可印，纸上已留空（＿），请用笔补写：{what}", file=sys.stderr)
    return 0
