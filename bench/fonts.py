"""Font candidates for the PDFs: glyph coverage and the time to print a typical case file.

    python bench/fonts.py [--font LABEL=PATH[#FACE] ...] [--runs N]

For each candidate font present on this machine (the packaged one, the Debian / Windows
system fonts of forms.render.fonts, and any --font given, e.g. a wheel unpacked to look at):
- coverage of CJK Ext-A (U+3400-4DBF), Ext-B (U+20000-2A6DF), and the 通用规范汉字表
  (8105 characters, read from Unihan's kTGH field when Debian's unicode-data package is
  installed: /usr/share/unicode/Unihan_*.txt.bz2; without it the table is approximated by the
  6763 Chinese characters of GB2312, and the column says so);
- whether 𠮷 (U+20BB7) is there, the file size, and the median wall and CPU time to render a
  typical case file (卷宗: cover, contents, acceptance sheet, 3 records, agreement, follow-ups;
  10 pages) to a PDF file with that font alone as the chain (no bold face: bold is stroked)
  (fonts loaded each time, as the app does), and with the whole chain of this machine.
"""

from __future__ import annotations

import argparse
import bz2
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EXT_A = range(0x3400, 0x4DC0)
EXT_B = range(0x20000, 0x2A6E0)
UNIHAN = Path("/usr/share/unicode")


def tongyong() -> tuple[set[int], str]:
    """(code points, name) of the 通用规范汉字表, or the GB2312 approximation."""
    found: set[int] = set()
    for f in sorted(UNIHAN.glob("Unihan_*.txt.bz2")):
        with bz2.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                if "\tkTGH\t" in line:
                    found.add(int(line.split("\t", 1)[0][2:], 16))
    if len(found) >= 8000:
        return found, f"通用规范汉字表 {len(found)}"
    gb = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                gb.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return gb, f"GB2312 {len(gb)}（代替通用规范汉字表）"


def candidates(extra: list[str]) -> list[tuple[str, Path, int | None]]:
    from forms.render import fonts

    out: list[tuple[str, Path, int | None]] = []
    seen = set()
    for source, path, _bold in fonts._candidates():
        if path is not None and path.is_file() and path.resolve() not in seen:
            seen.add(path.resolve())
            out.append((f"{source}: {path.name}", path, None))
    for item in extra:
        label, _, spec = item.partition("=")
        raw, _, face = spec.partition("#")
        out.append((label, Path(raw), int(face) if face else None))
    return out


def typical_case(tmp: Path):
    """A database with one typical case; returns (engine, dispute id)."""
    from db.models import Agreement, Dispute, FollowUp, Party, Proceeding
    from db.schema import open_database
    from db.session import unit
    from db.settings.village import save_cadre, setup_village

    engine = open_database(tmp / "bench.db")
    setup_village(engine, dict(name="青石村", committee="青石村民委员会", township="云岭镇", county="安平县",
                               case_prefix="青调", clerk="李文书"), ["一组", "二组", "三组"])
    save_cadre(engine, None, name="钱调解", roles=["调解员"], phone="13907710002", hamlet_ids=[1])
    story = ("双方因宅基地边界的围墙位置发生争执，申请人认为被申请人新砌的围墙占用了自家约半米宽的土地，"
             "被申请人则认为围墙是在原有旧墙基础上重建，位置没有变化。双方多次争吵，并惊动了邻居和组长。")
    with unit(engine, who="bench") as s:
        d = Dispute(year=2026, seq=117, number="(2026)青调字第117号", accepted_on=date(2026, 10, 3),
                    registered_by="李文书", source="applied", type_id=3, hamlet_id=2, summary=story,
                    request="请求确认边界并拆除越界围墙，赔偿损失。", people_involved=3, amount_fen=800000,
                    presiding_id=1, deadline=date(2026, 11, 2), status="succeeded")
        s.add(d)
        s.flush()
        for role, name in (("applicant", "张大山"), ("respondent", "李秀兰"), ("third", "王小明")):
            s.add(Party(dispute_id=d.id, role=role, name=name, id_number="450102198005061234", sex="男",
                        ethnicity="壮族", phone="13907719999", address="青石村二组", birth_date=date(1980, 5, 6)))
        for day, kind in ((4, "investigation"), (8, "mediation"), (12, "mediation")):
            s.add(Proceeding(dispute_id=d.id, kind=kind, held_on=date(2026, 10, day), place="村委会调解室",
                             mediators="钱调解", recorder="李文书", statements=story * 2, facts=story,
                             result="双方同意按协议处理，围墙后退半米，补偿拆墙费用。"))
        s.add(Agreement(dispute_id=d.id, form="written", number="青调协字第117号", signed_on=date(2026, 10, 12),
                        facts=story, responsibilities="被申请人一方负主要责任。",
                        terms="1. 李秀兰于十日内拆除越界围墙\n2. 张大山补偿拆墙费用800元\n3. 双方今后和睦相处",
                        perform_how="现金支付并当场拆除", perform_where="青石村二组", perform_by=date(2026, 10, 22),
                        performance="done", performed_on=date(2026, 10, 20)))
        for day, who in ((25, "张大山"), (28, "李秀兰")):
            s.add(FollowUp(dispute_id=d.id, visited_on=date(2026, 10, day), party_name=who, reason="回访履行情况",
                           performed=True, satisfied=True, visitor="钱调解", measures="叮嘱双方遵守协议"))
    return engine, d.id


def render_times(engine, case_id: int, chain, out: Path, runs: int) -> tuple[float, float]:
    """(median wall s, median CPU s) of the case file written to `out`."""
    from forms.documents import render_document

    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        render_document(engine, "case_file", case_id, out, chain=chain)
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    from forms.render import fonts
    from forms.render.fonts import FontChain, FontChoice, GlyphMissing

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--font", action="append", default=[], metavar="LABEL=PATH[#FACE]")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    import logging

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "BDF NOT subset" from AR PL UMing
    common, common_name = tongyong()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        engine, case_id = typical_case(Path(tmp))
        for label, path, face in candidates(args.font):
            found = fonts._face(path, face, probe="")
            if found is None:
                continue
            index, name = found
            cmap = fonts.cmap_of(path, index)
            chain = FontChain((FontChoice(path, index, None, 0, name, "bench"),))
            try:
                wall, cpu = render_times(engine, case_id, chain, Path(tmp) / "out.pdf", args.runs)
                timing = f"{wall:.2f} / {cpu:.2f}"
            except GlyphMissing as exc:
                timing = f"缺字 U+{ord(exc.char):04X}"
            rows.append([label, name, f"{path.stat().st_size / 2**20:.0f}",
                         f"{sum(c in cmap for c in common)}/{len(common)}",
                         f"{sum(c in cmap for c in EXT_A)}/{len(EXT_A)}",
                         f"{sum(c in cmap for c in EXT_B)}/{len(EXT_B)}",
                         "有" if 0x20BB7 in cmap else "无", timing])
        chain = fonts.find_chain()  # the chain this machine prints with (DESK_FONT honoured)
        union = frozenset().union(*(fonts.cmap_of(f.path, f.index) for f in chain.fonts))
        wall, cpu = render_times(engine, case_id, chain, Path(tmp) / "out.pdf", args.runs)
        rows.append([f"chain of this machine ({len(chain.fonts)} fonts)", chain.primary.name, "",
                     f"{sum(c in union for c in common)}/{len(common)}",
                     f"{sum(c in union for c in EXT_A)}/{len(EXT_A)}",
                     f"{sum(c in union for c in EXT_B)}/{len(EXT_B)}",
                     "有" if 0x20BB7 in union else "无", f"{wall:.2f} / {cpu:.2f}"])
    from tabulate import tabulate

    print(tabulate(rows, headers=["candidate", "face", "MB", common_name, "Ext-A", "Ext-B", "𠮷",
                                  "case file s (wall / CPU)"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
