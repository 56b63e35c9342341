"""`desk print CASE --pdf FILE [--doc KIND]`: a case's documents from the command line.

The same PDF as p on the case screen (forms.documents.render_document); the whole 卷宗 by
default. CASE is the number as the register lists it (2026-117, 2026-012) or in full
((2026)青调字第117号). The document is built in memory first and written safely (temporary
file, rename), so an unknown case or kind, a character no font has, or an unwritable file
leaves no file behind. Errors: one Chinese line and its English gist on stderr, exit code 2.
With --blank-missing a character no font has is printed as a blank (＿) to write in by hand,
and each such character is listed on stderr with its field. With --masked the copy is for
outside the office: every party's ID number and phone masked (4501**********1234,
138****5678) and only the year of birth printed beside them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from desk.cli.errors import CliFailure, existing_database
from desk.cli.progress import rekey_progress

DEFAULT_KIND = "case_file"


# The case kinds of forms.documents (CASE_KINDS / KINDS), written out so that `desk --help`
# does not import the database layer; tests/test_cli_print.py checks that the two agree.
KIND_NAMES = {
    "case_file": "卷宗（全部文书）",
    "application": "人民调解申请书",
    "acceptance": "受理登记表",
    "rights_notice": "当事人权利义务告知书",
    "power_of_attorney": "授权委托书",
    "investigation_record": "调查记录",
    "mediation_record": "调解记录",
    "agreement": "人民调解协议书",
    "oral_agreement": "口头协议登记表",
    "follow_up": "回访记录",
    "escalation": "上报记录",
    "file_note": "卷宗情况说明",
    "cover": "卷宗封面",
    "contents": "卷内目录",
    "back_cover": "卷内备考表（封底）",
}


def kinds_help() -> str:
    """The KIND list for --help: key and its Chinese name."""
    return "\n".join(f"  {k:<22}{name}" for k, name in KIND_NAMES.items())




def parse_kind(value: str | None) -> str:
    """A KIND key (agreement) or its Chinese name (人民调解协议书); CliFailure otherwise."""
    from forms.documents import CASE_KINDS, KINDS

    if not value:
        return DEFAULT_KIND
    text = value.strip()
    for k in CASE_KINDS:
        if text.lower() == k or text == KINDS[k]:
            return k
    names = "、".join(f"{k}（{KINDS[k]}）" for k in CASE_KINDS)
    raise CliFailure(f"没有“{value}”这种文书，--doc 可以是：{names}。", f"unknown document kind {value!r}")


_SHORT = re.compile(r"^\s*(\d{4})\s*[-－/年]\s*(\d{1,6})\s*号?\s*$")
_FULL = re.compile(r"^\s*[(（]\s*(\d{4})\s*[)）].*?第?\s*(\d{1,6})\s*号\s*$")


def parse_case(value: str) -> tuple[int, int] | None:
    """(year, seq) of 2026-117 / 2026-012 / (2026)青调字第117号 / （2026）青调字第117号, or None."""
    m = _SHORT.match(value) or _FULL.match(value)
    return (int(m.group(1)), int(m.group(2))) if m else None


def find_case(engine, value: str) -> int:
    """The dispute id of CASE; CliFailure when it is not a case number or not in the register."""
    from sqlalchemy import text

    ym = parse_case(value)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT id, number, voided FROM dispute WHERE number = :n"),
                           {"n": value.strip()}).first()
        if row is None and ym is not None:
            row = conn.execute(text("SELECT id, number, voided FROM dispute WHERE year = :y AND seq = :s"),
                               {"y": ym[0], "s": ym[1]}).first()
    if row is None:
        if ym is None:
            raise CliFailure(f"“{value}”不是案号，请写成台账列表里的样子，如 2026-117，或写全，如 (2026)青调字第117号。",
                               f"{value!r} is not a case number")
        raise CliFailure(f"台账里没有{ym[0]}年第{ym[1]}号案件，请在台账（F3）中核对案号。",
                           f"no case {ym[0]}-{ym[1]} in the register")
    if row.voided:
        raise CliFailure(f"案件{row.number}已作废，不能打印文书；如需打印，请先在台账中恢复该案件。",
                           f"case {value} is voided")
    return int(row.id)


def cmd_print(args) -> int:
    """Run `desk print`; returns the exit code (0 printed, 2 refused: nothing written)."""
    if args.case == "meeting":  # desk print meeting YYYY-MM --pdf FILE
        from desk.cli.print_meeting import cmd_print_meeting

        return cmd_print_meeting(args)
    if getattr(args, "month", None):
        raise CliFailure(f"多写了“{args.month}”：打印案件文书只写案号，如 desk print 2026-117 --pdf 卷宗.pdf。",
                         "unexpected second argument")
    if not args.pdf:
        raise CliFailure("请用 --pdf 指定要写的文件，如：desk print 2026-117 --pdf 卷宗.pdf。", "--pdf FILE is required")
    target = Path(args.pdf)
    if target.suffix.lower() != ".pdf":
        raise CliFailure(f"“{target}”不是 .pdf 文件名，请写成如 卷宗.pdf。", "the file name must end in .pdf")
    if args.case.strip() in ("roster", "plans"):  # the network's 名册, the emergency plans
        from desk.cli.print_network import print_network

        return print_network(args, target)
    path = existing_database(args.db)
    from db.schema import open_database
    from forms.documents import build_document

    # A refusal (a bad case or kind, a damaged file, GlyphMissing naming the character and its
    # field, an unwritable target) reaches desk.cli.main and is said there in one line.
    kind = parse_kind(args.doc)
    engine = open_database(path, progress=rekey_progress())
    dispute_id = find_case(engine, args.case)
    blank = bool(getattr(args, "blank_missing", False))
    # In memory first: a refusal (GlyphMissing included) writes nothing.
    # --masked: a copy that leaves the office (IDs and phones masked, birth year only).
    doc = build_document(engine, kind, dispute_id, blank_missing=blank, mask_ids=bool(getattr(args, "masked", False)))
    doc.save(target)
    print(f"已写入：{target}")
    if doc.left_blank:  # asked for with --blank-missing: never a silent gap
        what = "；".join(f"“{ch}”（U+{ord(ch):04X}，{field}）" for ch, field in doc.left_blank.items())
        print(f"注意：这些字没有字体可印，纸上已留空（＿），请用笔补写：{what}", file=sys.stderr)
    return 0
