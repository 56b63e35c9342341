"""A varied, deterministic register for the report tests, written with the ORM only.

Cases over 15 months before TODAY: every status, source and prevention column, hamlets and
none, voided cases / parties / agreements / visits that the report must leave out, agreements
written and oral in every performance state, follow-up visits, and checklist work.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from db.models import (
    Agreement,
    Answer,
    Assignment,
    Dispute,
    FollowUp,
    FollowUpItem,
    Party,
    Proceeding,
    Question,
    Round,
)
from db.models.register import PREVENTION, SOURCES, STATUSES
from db.session import unit

TODAY = date(2026, 11, 20)
FIRST = date(2025, 9, 1)
SURNAMES = "张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施"
GIVEN = ["三", "四", "秀英", "建国", "美玲", "德明", "小燕", "振华", "长青", "桂芳"]
# A valid 18-digit resident ID (check digit by ISO 7064 MOD 11-2).
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(rng: random.Random) -> str:
    body = f"450102{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]
    return body + check


def build(engine, n_cases: int = 260, seed: int = 7) -> None:
    """Fill the `engine` fixture's village (4 hamlets, 4 cadres) with a varied register."""
    rng = random.Random(seed)
    span = (TODAY - FIRST).days
    statuses = list(STATUSES)
    sources = list(SOURCES)
    seqs: dict[int, int] = {}
    with unit(engine, who="测试") as s:
        for i in range(n_cases):
            accepted = FIRST + timedelta(days=rng.randint(0, span))
            status = rng.choice(statuses)
            seqs[accepted.year] = seqs.get(accepted.year, 0) + 1
            seq = seqs[accepted.year]
            closed = None
            if status not in ("accepted", "mediating") and rng.random() < 0.8:
                closed = min(accepted + timedelta(days=rng.randint(0, 50)), TODAY)
            people = rng.choice([0, 1, 2, 3, 5, 6, 12])
            d = Dispute(
                year=accepted.year, seq=seq, number=f"({accepted.year})青调字第{seq:03d}号",
                accepted_on=accepted, registered_by="李文书", source=rng.choice(sources),
                type_id=rng.randint(1, 16), hamlet_id=rng.choice([1, 2, 3, 4, None]),
                summary=f"第{i}号测试纠纷，双方因宅基地边界发生争执。", request="请求调解",
                people_involved=people, amount_fen=rng.choice([None, 0, 150050, 2000000, 99]),
                is_mass=people >= 5 or rng.random() < 0.05, presiding_id=rng.choice([2, 3, None]),
                other_mediators=rng.choice(["", "村民代表"]), leader_id=rng.choice([1, None]),
                deadline=accepted + timedelta(days=rng.choice([10, 30, 60])), status=status,
                closed_on=closed, closed_by="钱调解" if closed else "",
                voided=rng.random() < 0.06, void_reason="测试作废",
            )
            for col in PREVENTION:
                if rng.random() < 0.12:
                    setattr(d, col, rng.randint(1, 9))
            s.add(d)
            s.flush()
            _children(s, rng, d)
        _checklist(s, rng)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _children(s, rng: random.Random, d: Dispute) -> None:
    roles = ["applicant", "respondent"] + ["third"] * rng.choice([0, 0, 1, 2])
    for role in roles:
        s.add(Party(
            dispute_id=d.id, role=role, name=_person(rng), sex=rng.choice(["男", "女"]),
            ethnicity="汉族", id_number=id_number(rng), phone="139077100" + f"{rng.randint(10, 99)}",
            address="青石村一组", voided=rng.random() < 0.08,
        ))
    if rng.random() < 0.5:
        s.add(Proceeding(dispute_id=d.id, kind="mediation", held_on=d.accepted_on, place="村委会调解室",
                         mediators="钱调解", recorder="李文书", statements="双方陈述", result="达成协议",
                         rights_notified=True))
    if d.status == "succeeded" or rng.random() < 0.1:
        signed = d.accepted_on + timedelta(days=rng.randint(0, 40))
        performance = rng.choice(["none", "partial", "done"])
        applied = signed + timedelta(days=3) if rng.random() < 0.3 else None
        s.add(Agreement(
            dispute_id=d.id, form=rng.choice(["written", "written", "oral"]), number=f"{d.number}-1",
            signed_on=signed, terms="一、甲方赔偿乙方500元。\n二、双方不再追究。", performance=performance,
            performed_on=signed + timedelta(days=5) if performance == "done" else None,
            jc_applied_on=applied, jc_confirmed_on=applied + timedelta(days=7) if applied and rng.random() < 0.6 else None,
            voided=rng.random() < 0.05,
        ))
    if rng.random() < 0.3:
        first = d.accepted_on + timedelta(days=rng.randint(5, 40))
        for k in range(rng.choice([1, 2])):
            s.add(FollowUp(
                dispute_id=d.id, visited_on=first + timedelta(days=30 * k), party_name=_person(rng),
                reason="回访履行情况", performed=True, satisfied=True, visitor="钱调解",
                next_due=first + timedelta(days=30 * k + rng.choice([20, 45, 90])) if rng.random() < 0.8 else None,
                voided=rng.random() < 0.1,
            ))


def _checklist(s, rng: random.Random) -> None:
    questions = []
    for i in range(1, 7):
        q = Question(code=f"A{i:02d}", category="基本情况", text=f"本组第{i}个问题：常住人口有多少？",
                     scope="hamlet", position=i)
        s.add(q)
        questions.append(q)
    s.flush()
    rounds = [
        Round(name="2026年第三季度", starts_on=date(2026, 7, 1), ends_on=date(2026, 9, 30)),
        Round(name="2026年10月专项", starts_on=date(2026, 10, 5), ends_on=date(2026, 11, 10)),
        Round(name="作废轮次", starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 31), voided=True),
    ]
    for r in rounds:
        s.add(r)
    s.flush()
    for r in rounds:
        for q in questions:
            for hamlet in (1, 2, 3, 4):
                a = Assignment(round_id=r.id, question_id=q.id, hamlet_id=hamlet, cadre_id=rng.choice([2, 4]))
                s.add(a)
                s.flush()
                if rng.random() < 0.7:
                    day = r.starts_on + timedelta(days=rng.randint(0, (r.ends_on - r.starts_on).days))
                    ans = Answer(assignment_id=a.id, text="共有常住人口120人。", answered_on=day,
                                 cadre_id=a.cadre_id, needs_action=rng.random() < 0.3,
                                 voided=rng.random() < 0.05)
                    s.add(ans)
                    s.flush()
                    if ans.needs_action:
                        done = day + timedelta(days=rng.randint(1, 40))
                        s.add(FollowUpItem(answer_id=ans.id, hamlet_id=hamlet, title="修缮饮水管道",
                                           cadre_id=a.cadre_id, opened_on=day, due_on=day + timedelta(days=30),
                                           done_on=done if done <= TODAY and rng.random() < 0.6 else None))
