"""`desk print roster --pdf FILE` (the mediation network's 名册) and `desk print plans --pdf FILE`
(every emergency plan and the drill log). Built in memory first, then written safely: a
refusal (no village, no plan, a character no font has, an unwritable file) writes nothing and
reaches desk.cli.main as one Chinese line."""

from __future__ import annotations

import sys
from pathlib import Path

from desk.cli.errors import existing_database
from desk.cli.progress import rekey_progress

WHATS = {"roster": "调解组织网络名册", "plans": "应急预案和演练记录"}


def print_network(args, target: Path) -> int:
    """Run `desk print roster|plans`; returns the exit code."""
    path = existing_database(args.db)
    from db.schema import open_database
    from forms.documents.plans import build_plans
    from forms.documents.roster import build_roster

    engine = open_database(path, progress=rekey_progress())
    build = build_roster if args.case.strip() == "roster" else build_plans
    doc = build(engine, blank_missing=bool(getattr(args, "blank_missing", False)))
    doc.save(target)
    print(f"已写入：{target}（{WHATS[args.case.strip()]}）")
    if doc.left_blank:  # asked for with --blank-missing: never a silent gap
        what = "；".join(f"“{ch}”（U+{ord(ch):04X}，{field}）" for ch, field in doc.left_blank.items())
        print(f"注意：这些字没有字体可印，纸上已留空（＿），请用笔补写：{what}", file=sys.stderr)
    return 0
