"""A big fictional village for benchmarks: 100,000 cases and 250,000 parties by default.

The ORM is bypassed for speed (executemany in one transaction), but every column the app
fills is filled the same way: case numbers, search_text, search_initials, party initials,
records, agreements, follow-ups and one audit entry per row.

    python bench/generate.py OUT.db [--cases N] [--parties N] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.demo.register import (  # noqa: E402
    ETHNICITIES,
    OCCUPATIONS,
    STORIES,
    fake_id_number,
    fake_name,
    fake_phone,
)
from db.engine import dispose_engine  # noqa: E402
from db.models.register import OPEN_STATUSES  # noqa: E402
from db.pinyin import name_keys  # noqa: E402
from db.register.write import case_number, search_fields  # noqa: E402
from db.schema import open_database  # noqa: E402
from db.settings.village import save_cadre, setup_village  # noqa: E402

HAMLET_WORDS = "大塘 枫木 石门 新寨 坡脚 龙井 下坝 沙子 上岭 团结 那坡 弄怀 平安 岜豆 古榕 六合 长田 清水 板价 凤凰 高峰 那良".split()
CADRES = ["蓝振华", "覃美玲", "黄德明", "莫秀英", "韦建国", "陆长青", "梁小燕", "农家宝", "潘月英", "蒙志远", "卢晓红", "甘正德"]


class _Party:
    """Just the fields search_fields reads."""

    __slots__ = ("name", "representative", "phone", "id_number", "voided")

    def __init__(self, name, phone, id_number):
        self.name, self.representative, self.phone, self.id_number, self.voided = name, "", phone, id_number, False


def _stamp(d: date) -> str:
    return f"{d.isoformat()} 09:00:00.000000"


def _status(rng: random.Random, age: int) -> str:
    if age < 12:
        return rng.choice(("accepted", "mediating"))
    if age < 40:
        return rng.choice(("mediating", "succeeded", "succeeded", "failed"))
    if age < 200 and rng.random() < 0.01:
        return "mediating"  # a few long-overdue cases
    r = rng.random()
    return "succeeded" if r < 0.74 else "failed" if r < 0.86 else "referred" if r < 0.93 else "withdrawn"


def make_big_village(path: Path | str, cases: int = 100_000, parties: int = 250_000, hamlets: int = 20,
                     years: int = 10, seed: int = 1, today: date | None = None) -> Path:
    """Create `path` (must not exist) holding a village with `cases` cases and about `parties`
    parties over the `years` years before `today`. Returns the path."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} 已存在，请换一个文件名。")
    today = today or date.today()
    rng = random.Random(seed)
    engine = open_database(path)
    setup_village(engine, dict(name="大榕村", committee="大榕村民委员会", township="云岭镇", county="安平县",
                               case_prefix="榕调", clerk="韦文书"),
                  [HAMLET_WORDS[i % len(HAMLET_WORDS)] + ("屯" if i < len(HAMLET_WORDS) else f"{i}屯")
                   for i in range(hamlets)])
    for i, name in enumerate(CADRES):
        roles = ["书记"] if i == 0 else ["调解员", "片长"] if i % 2 else ["委员", "调解员"]
        save_cadre(engine, None, name=name, roles=roles, phone=f"1390771{i:04d}",
                   hamlet_ids=[h for h in range(1, hamlets + 1) if h % len(CADRES) == i])
    dispose_engine(path)

    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    type_ids = dict(con.execute("SELECT name, id FROM dispute_type"))
    stories = [(type_ids[n], v) for n, v in STORIES.items() if n in type_ids]
    extra_parties = max(0, parties - 2 * cases)
    ages = sorted((rng.randrange(0, 365 * years) for _ in range(cases)), reverse=True)
    seqs: dict[int, int] = {}
    d_rows, p_rows, r_rows, a_rows, f_rows, audit = [], [], [], [], [], []
    party_id = 0
    for i, age in enumerate(ages, 1):
        accepted = today - timedelta(days=age)
        status = _status(rng, age)
        seqs[accepted.year] = seq = seqs.get(accepted.year, 0) + 1
        type_id, (summaries, request, amounts, people) = rng.choice(stories)
        hamlet = rng.randint(1, hamlets)
        n_people = rng.randint(*people)
        case_parties = []
        count = 2 + (rng.random() < extra_parties / cases)
        for k in range(count):
            party_id += 1
            name, sex = fake_name(rng)
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
            idn = fake_id_number(rng, born, sex) if rng.random() < 0.6 else ""
            phone = fake_phone(rng) if rng.random() < 0.85 else ""
            role = "applicant" if k == 0 else "respondent" if k == 1 else "third"
            stamp = _stamp(accepted)
            p_rows.append((stamp, stamp, 0, "", party_id, i, role, "person", name, "", sex, rng.choice(ETHNICITIES),
                           born if idn else None, None, idn, rng.choice(OCCUPATIONS), "", hamlet, phone,
                           name_keys(name)))
            audit.append((stamp, "bench", "party", party_id, "insert", json.dumps({"name": [None, name]}, ensure_ascii=False), ""))
            case_parties.append(_Party(name, phone, idn))
        summary = rng.choice(summaries).format(a=case_parties[0].name, b=case_parties[1].name)
        text, readings = search_fields(case_parties, summary)
        ended = accepted + timedelta(days=rng.randint(3, 28))
        closed = ended if status not in OPEN_STATUSES and ended < today - timedelta(days=5) else None
        number = case_number("榕调", accepted.year, seq)
        amount = rng.randint(*amounts) * 100 if amounts[1] else None
        stamp = _stamp(accepted)
        d_rows.append((stamp, stamp, int(rng.random() < 0.003), "", i, accepted.year, seq, number, accepted, "韦文书",
                       "applied", "", type_id, hamlet, summary, request, None, "", n_people, amount,
                       int(n_people >= 5), "一般", rng.randint(2, len(CADRES)), "", None,
                       accepted + timedelta(days=30), status, "", closed, "", 0, 0, 0, 0, text, readings))
        audit.append((stamp, "bench", "dispute", i, "insert", json.dumps({"number": [None, number]}, ensure_ascii=False), ""))
        if status != "accepted":
            r_rows.append((stamp, stamp, 0, "", i, "mediation", min(ended, today), "村委会调解室", "", "", "", "",
                           1, "双方陈述了各自意见。", summary, "达成协议" if status == "succeeded" else ""))
        if status == "succeeded" and ended <= today:
            a_rows.append((stamp, stamp, 0, "", i, "written" if rng.random() < 0.8 else "oral", number, ended,
                           "", "", "一、按约定履行。", "", "", None, "done", ended, None, None))
            if rng.random() < 0.3:
                due = ended + timedelta(days=60)
                f_rows.append((stamp, stamp, 0, "", i, ended + timedelta(days=10), case_parties[0].name, "回访",
                               1, 1, 0, "", "", "", due if due > today - timedelta(days=5) else None))
        if i % 10_000 == 0:  # bounded memory; still one transaction
            _insert(con, d_rows, p_rows, r_rows, a_rows, f_rows, audit)
    _insert(con, d_rows, p_rows, r_rows, a_rows, f_rows, audit)
    con.commit()
    con.close()
    return path


def _insert(con: sqlite3.Connection, d_rows, p_rows, r_rows, a_rows, f_rows, audit) -> None:
    """Insert the collected rows (the caller's transaction stays open) and empty the lists."""
    con.executemany("INSERT INTO dispute (created_at, updated_at, voided, void_reason, id, year, seq, number, "
                    "accepted_on, registered_by, source, source_detail, type_id, hamlet_id, summary, request, "
                    "arose_on, arose_at, people_involved, amount_fen, is_mass, severity, presiding_id, "
                    "other_mediators, leader_id, deadline, status, result_note, closed_on, closed_by, "
                    "prevent_suicide, prevent_crime, prevent_petition, prevent_fight, search_text, "
                    f"search_initials) VALUES ({','.join('?' * 36)})", d_rows)
    con.executemany("INSERT INTO party (created_at, updated_at, voided, void_reason, id, dispute_id, role, kind, "
                    "name, representative, sex, ethnicity, birth_date, age, id_number, occupation, address, "
                    f"hamlet_id, phone, initials) VALUES ({','.join('?' * 20)})", p_rows)
    con.executemany("INSERT INTO proceeding (created_at, updated_at, voided, void_reason, dispute_id, kind, "
                    "held_on, place, attendees, helpers, mediators, recorder, rights_notified, statements, "
                    f"facts, result) VALUES ({','.join('?' * 16)})", r_rows)
    con.executemany("INSERT INTO agreement (created_at, updated_at, voided, void_reason, dispute_id, form, "
                    "number, signed_on, facts, responsibilities, terms, perform_how, perform_where, "
                    "perform_by, performance, performed_on, jc_applied_on, jc_confirmed_on) "
                    f"VALUES ({','.join('?' * 18)})", a_rows)
    con.executemany("INSERT INTO follow_up (created_at, updated_at, voided, void_reason, dispute_id, "
                    "visited_on, party_name, reason, performed, satisfied, lawsuit, flare_up, measures, "
                    f"visitor, next_due) VALUES ({','.join('?' * 15)})", f_rows)
    con.executemany("INSERT INTO audit_entry (at, who, table_name, row_id, action, changes, note) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", audit)
    for rows in (d_rows, p_rows, r_rows, a_rows, f_rows, audit):
        rows.clear()


sqlite3.register_adapter(date, lambda d: d.isoformat())
sqlite3.register_adapter(datetime, lambda d: d.isoformat(" "))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成基准测试用的大村庄数据库（虚构数据）")
    ap.add_argument("out", type=Path)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--parties", type=int, default=None, help="默认为案件数的 2.5 倍")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    make_big_village(args.out, cases=args.cases, parties=args.parties or int(args.cases * 2.5), seed=args.seed)
    print(f"{args.out}: {args.cases} cases in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
