"""Demonstration data for the office's own records: the reception log (来访来电) over the last
four months and a situation meeting (形势分析会) in each of the last three, with decisions done,
running and overdue. Everything is fictional; the same seed gives the same data.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.demo.register import fake_name, fake_phone
from db.meeting.write import create_meeting_in
from db.models import Cadre, Dispute, MeetingDecision
from db.models.reception import CHANNELS
from db.reception.convert import to_case_in, to_item_in
from db.reception.write import add_request_in
from db.session import unit

# (category, matter, what the office can answer on the spot or "" when it must be followed up)
MATTERS = [
    ("政策咨询", "询问今年医保缴费标准和截止时间", "已告知缴费标准及截止日期，可在村委代缴"),
    ("社会保障", "询问低保申请需要哪些材料", "已告知需身份证、户口簿、收入证明，交村委初审"),
    ("矛盾纠纷", "反映邻居新建围墙占用通行道路", ""),
    ("矛盾纠纷", "反映与兄弟因老人赡养费分摊有争执", ""),
    ("土地山林", "反映承包地边界与邻户说法不一", ""),
    ("基础设施", "反映屯里路灯坏了三盏", ""),
    ("民生求助", "独居老人家中漏雨，请求帮助修缮", ""),
    ("村务公开", "询问村集体收入公开的时间", "已告知每季度末在公开栏公布"),
    ("基础设施", "反映饮水管道破裂", ""),
    ("其他", "询问村委办公时间", "已告知工作日8:00-12:00、14:30-17:30"),
]
DECISIONS = [
    "对逾期未结的案件逐件明确包案领导，月底前再组织一次调解",
    "到期回访本周内完成，回访记录交村委存档",
    "路灯、饮水管道问题报乡镇，跟进答复",
    "各屯信息员每周报一次本屯情况",
    "组织一次矛盾纠纷集中排查，重点是山林土地边界",
]


def _requests(s: Session, rng: random.Random, today: date, cadres: list[int]) -> None:
    start = today - relativedelta(months=4)
    days = (today - start).days
    cases = 0
    for _ in range(32):
        received = start + timedelta(days=rng.randrange(0, days + 1))
        category, matter, answer = rng.choice(MATTERS)
        channel = rng.choices(list(CHANNELS), weights=[5, 4, 1, 1])[0]
        named = rng.random() < 0.8
        data = dict(received_on=received, channel=channel, category=category, matter=matter,
                    name=fake_name(rng)[0] if named else "", contact=fake_phone(rng) if named and rng.random() < 0.7 else "")
        if answer:
            data.update(handling="answered", reply=answer)
        r = add_request_in(s, data)
        age = (today - received).days
        if answer:
            if age > 3:
                r.closed_on, r.satisfied = received, rng.random() < 0.9
            continue
        if category == "矛盾纠纷" and age > 2 and (rng.random() < 0.7 or not cases):
            to_case_in(s, r.id, dict(accepted_on=received, type="邻里"), today=received)
            cases += 1
        elif age > 2 and rng.random() < 0.5:
            to_item_in(s, r.id, "", rng.choice(cadres), received + timedelta(days=20), opened_on=received)
        elif age > 20 and rng.random() < 0.6:
            r.handling, r.reply = "township", "已报乡镇，乡镇答复将安排处理"
            r.replied_on = received + timedelta(days=rng.randrange(2, 10))
        if r.replied_on is None and r.handling in ("case", "item") and age > 10:
            r.reply, r.replied_on = "已转办，告知办理进度", received + timedelta(days=rng.randrange(1, 8))
        if r.replied_on and age > 25 and rng.random() < 0.7:
            r.closed_on = min(today, r.replied_on + timedelta(days=rng.randrange(3, 15)))
            r.satisfied = rng.random() < 0.85
        s.flush()


def _meetings(s: Session, rng: random.Random, today: date, people: list[tuple[int, str, str]]) -> None:
    first = date(today.year, today.month, 1)
    months = [first - relativedelta(months=k) for k in (2, 1, 0)]
    for start in months:
        held = start + timedelta(days=4)
        if held > today:
            continue
        attendees = []
        for cid, name, roles in people:
            present = rng.random() < 0.85
            attendees.append(dict(name=name, duty=roles.split(",")[0], cadre_id=cid, present=present,
                                  absence_reason="" if present else rng.choice(["到乡镇开会", "生病请假", "外出办事"])))
        case = s.exec(select(Dispute).where(Dispute.voided == False, Dispute.closed_on == None)  # noqa: E711, E712
                      .order_by(Dispute.deadline)).first()
        decisions = []
        for k, text in enumerate(rng.sample(DECISIONS, 3)):
            owner = rng.choice(people)[1]
            d = dict(text=text, owner=owner, deadline=held + timedelta(days=rng.choice([7, 15, 25])))
            if k == 0 and case is not None and case.accepted_on <= held:
                d["dispute_id"] = case.id
            decisions.append(d)
        m = create_meeting_in(s, f"{start:%Y-%m}", dict(
            held_on=held, place="村委会会议室", chair=people[0][1], recorder="韦文书",
            notes="对照本月台账、村事百晓待办和来访来电逐项分析，各屯片长汇报本屯情况。\n"
                  "会议认为本月矛盾纠纷总体平稳，山林土地边界纠纷需提前排查。"), attendees, decisions)
        for d in s.exec(select(MeetingDecision).where(MeetingDecision.meeting_id == m.id)).all():
            done = held + timedelta(days=rng.randrange(2, 30))
            if done <= today and rng.random() < 0.6:
                d.done_on, d.progress = done, "已按期落实"
        s.flush()


def add_demo_office(engine: Engine, today: date, seed: int = 15) -> None:
    """The reception log and the meetings of the demonstration village."""
    rng = random.Random(seed)
    with unit(engine) as s:
        rows = s.exec(select(Cadre).where(Cadre.active == True).order_by(Cadre.position, Cadre.id)).all()  # noqa: E712
        people = [(c.id, c.name, c.roles) for c in rows]
        _requests(s, rng, today, [c.id for c in rows if "片长" in c.roles or "调解员" in c.roles] or [rows[0].id])
        _meetings(s, rng, today, people)
