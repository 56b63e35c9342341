"""Demonstration data for 村事百晓: the default bank, two finished rounds (the two quarters
before today's) fully answered, and the current quarter's round about half answered. Some
answers need action; some of those became cases in the register (source 排查发现) and some
follow-up items (done, open, overdue). Everything is fictional; the same seed gives the same data.
"""

from __future__ import annotations

import random
from calendar import monthrange
from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.checklist.questions import (
    answer_in,
    load_default_bank,
    open_round_in,
    tick_off_in,
    to_case_in,
    to_follow_up_in,
)
from db.demo.register import fake_name, fake_phone
from db.models import Assignment, Cadre, Question, Round
from db.register.write import add_agreement_in, add_party_in, add_proceeding_in
from db.session import DataError, unit

CN_QUARTER = "一二三四"

# Ordinary answers, by category letter: general enough for every question of the category.
PLAIN = {
    "A": ["已逐户核实，情况与上季度基本一致。", "已了解，本季度无新增情况。"],
    "B": ["已上门看望，生活基本正常，暂无急需的帮助。", "由家人或邻居照看，情况良好。"],
    "C": ["已核实，政策落实到位，群众无意见。", "本季度无新增情况。"],
    "D": ["已核实，情况正常。", "已了解，群众无困难反映。"],
    "E": ["已查看，情况正常。", "已走访，群众无问题反映。"],
    "F": ["已核实，情况清楚，群众无意见。", "本季度无新增情况。"],
    "G": ["已查看，设施正常。", "已了解，群众无问题反映。"],
    "H": ["已巡查，未发现新的安全隐患。", "已查看，防护措施完好。"],
    "I": ["暂无此类情况，群众关系和睦。", "已了解，群众反映的事项都已答复。"],
    "J": ["已按时办理，群众无意见。", "已征求群众意见，暂无新的要求。"],
    "K": ["已按要求开展，群众无意见。", "已了解，情况良好。"],
}
# Findings, by question code: (answer, 'case' + dispute type | 'item' + item title). {n}: 2-9.
FINDINGS = {
    "A06": ("有{n}位老人身份证过期，行动不便，需要上门办理。", "item", "联系派出所上门为老人补办身份证"),
    "B02": ("有{n}位独居老人子女在外，其中1位行动不便，急需有人定期探望。", "item", "为独居老人安排邻里结对照看"),
    "B06": ("有{n}名重度残疾人还没领到护理补贴。", "item", "协助重度残疾人申请护理补贴"),
    "C03": ("有{n}户因家人住院花费较大，生活困难，尚未申请救助。", "item", "协助因病困难家庭申请临时救助"),
    "D01": ("有1名初二学生外出打工未返校，家长希望村里帮忙劝返。", "item", "联系学校上门劝返辍学学生"),
    "E03": ("有{n}户房屋墙体开裂，仍有人居住。", "item", "报镇里对开裂房屋进行安全鉴定"),
    "E07": ("水池到屯里的管道有两处破损漏水，下游几户水量不足。", "item", "修复饮水管道破损处"),
    "F03": ("土地流转租金拖欠一年未付，涉及{n}户。", "case", "合同"),
    "F04": ("两户因承包地边界不清多次争吵，需要村里出面勘界调解。", "case", "山林土地"),
    "F05": ("两户因林地界线和桉树采伐发生争执。", "case", "山林土地"),
    "G01": ("通组道路雨后塌方一处，车辆无法通行。", "item", "修复通组道路塌方路段"),
    "G07": ("屯口一根电杆倾斜，离房屋较近。", "item", "联系供电所扶正倾斜电杆"),
    "H02": ("屯边河段水深，没有警示牌，暑期孩子常去玩水。", "item", "在河边设置防溺水警示牌"),
    "H04": ("有几户柴草堆在屋边，靠近电线。", "item", "督促清理屋边柴草堆"),
    "I01": ("两户因宅基地滴水位发生争执，需要村里调解。", "case", "房屋宅基地"),
    "I02": ("两户因排水沟堵塞积水多次发生口角，需要调解。", "case", "邻里"),
    "I03": ("一户兄弟间因赡养老人费用分摊有矛盾，老人希望村里调解。", "case", "婚姻家庭"),
    "I04": ("{n}名群众在外地工地务工被拖欠工资，希望村里帮忙协调。", "case", "劳动争议"),
    "I07": ("群众反映屯内路灯坏了两个月没人修。", "item", "维修屯内路灯并答复群众"),
    "J04": ("群众想硬化屯里的晒场，愿意出工出力。", "item", "召开一事一议会议商量硬化晒场"),
    "K02": ("片长公示牌被风雨损坏，群众看不清电话。", "item", "重新张贴片长公示牌"),
}
FINDING_ODDS = 0.12  # of a question that has a finding above, per hamlet and round


def quarter(today: date, back: int = 0) -> tuple[str, date, date]:
    """(name, first day, last day) of the quarter `back` quarters before today's."""
    index = today.year * 4 + (today.month - 1) // 3 - back
    year, q = divmod(index, 4)
    first = date(year, q * 3 + 1, 1)
    last_month = q * 3 + 3
    return f"{year}年第{CN_QUARTER[q]}季度", first, date(year, last_month, monthrange(year, last_month)[1])


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def add_demo_checklist(engine: Engine, today: date, seed: int = 2026) -> dict[str, int]:
    """Load the bank and add three rounds with answers, findings, cases and items.
    Needs the village's hamlets and cadres. Returns counts of what was added."""
    rng = random.Random(seed)
    load_default_bank(engine)
    counts = dict(rounds=0, answers=0, findings=0, cases=0, items=0, items_done=0)
    for back in (2, 1, 0):
        name, first, last = quarter(today, back)
        with unit(engine, note="演示数据") as s:
            if not s.exec(select(Cadre.id).where(Cadre.active)).first():
                raise DataError("请先设置村干部，再添加村事百晓演示数据。")
            rnd = open_round_in(s, name, first, last)
            _fill_round(s, rng, rnd, today, finished=back > 0, counts=counts)
            if back > 0:
                rnd.closed = True
            counts["rounds"] += 1
    return counts


def _fill_round(s: Session, rng: random.Random, rnd: Round, today: date, *, finished: bool,
                counts: dict) -> None:
    # Keep the rows referenced: the session's identity map is weak, and answer_in looks each up.
    cadre_rows = list(s.exec(select(Cadre).where(Cadre.active).order_by(Cadre.position, Cadre.id)))
    cadres = [c.id for c in cadre_rows]
    codes = {q.id: q.code for q in s.exec(select(Question))}
    cells = list(s.exec(select(Assignment).where(Assignment.round_id == rnd.id).order_by(Assignment.id)))
    # The current round: each hamlet at its own pace, about half answered overall.
    pace = {h: rng.uniform(0.3, 0.7) for h in {a.hamlet_id for a in cells}}
    last_day = min(rnd.ends_on, today)
    items_before = counts["items"]
    for a in cells:
        if not finished and rng.random() > pace[a.hamlet_id]:
            continue
        code = codes[a.question_id]
        cadre = a.cadre_id or rng.choice(cadres)
        when = _day(rng, rnd.starts_on, last_day)
        n = rng.randint(2, 9)
        finding = FINDINGS.get(code)
        # The current round gets at least one follow-up item (open, not yet due).
        forced = finding is not None and finding[1] == "item" and not finished and counts["items"] == items_before
        if finding and (forced or rng.random() < FINDING_ODDS):
            text, kind, what = finding
            ans = answer_in(s, a.id, text.format(n=n), when, cadre, needs_action=True)
            counts["answers"] += 1
            counts["findings"] += 1
            if forced or rng.random() < (0.8 if finished else 0.55):  # the rest wait for action
                if kind == "case":
                    _case(s, rng, ans, a, what, today, cadre)
                    counts["cases"] += 1
                else:
                    # The first item of each round stays open (overdue once the round is past),
                    # the second of a finished round is done: the demo always shows all three.
                    nth = counts["items"] - items_before
                    force = "open" if nth == 0 else "done" if nth == 1 and finished else None
                    counts["items_done"] += _item(s, rng, ans, what, today, cadre, finished, force)
                    counts["items"] += 1
            continue
        answer_in(s, a.id, rng.choice(PLAIN[code[:1]]), when, cadre)
        counts["answers"] += 1


def _case(s: Session, rng: random.Random, ans, a: Assignment, type_name: str, today: date,
          cadre: int) -> None:
    accepted = min(today, ans.answered_on + timedelta(days=rng.randint(0, 3)))
    age = (today - accepted).days
    extra = dict(accepted_on=accepted, type=type_name, presiding_id=cadre,
                 people_involved=rng.randint(2, 4), request="请求村里调解")
    closed = age > 35
    if closed:
        ended = accepted + timedelta(days=rng.randint(5, 25))
        extra.update(status="succeeded", closed_on=ended, closed_by=s.get(Cadre, cadre).name)
    elif age > 7:
        extra["status"] = "mediating"
    case = to_case_in(s, ans.id, extra)
    for role in ("applicant", "respondent"):
        name, sex = fake_name(rng)
        add_party_in(s, case.id, dict(role=role, name=name, sex=sex, hamlet_id=a.hamlet_id,
                                      phone=fake_phone(rng), occupation="务农"))
    if closed:
        mediator = s.get(Cadre, cadre).name
        add_proceeding_in(s, case.id, dict(kind="mediation", held_on=ended, place="村委会调解室", rights_notified=True,
                                           mediators=mediator, result="达成协议"))
        add_agreement_in(s, case.id, dict(form="oral", signed_on=ended, performance="done",
                                          performed_on=ended, terms="双方互谅互让，按约定处理。"))


def _item(s: Session, rng: random.Random, ans, title: str, today: date, cadre: int,
          finished: bool, force: str | None = None) -> int:
    """Add a follow-up item; returns 1 when it was ticked off. force: 'open' or 'done'."""
    opened = min(today, ans.answered_on + timedelta(days=rng.randint(0, 2)))
    due = opened + timedelta(days=rng.choice((10, 15, 20, 30)))
    if force == "open" and not finished:
        due = max(due, today + timedelta(days=7))  # one open item not yet due
    item = to_follow_up_in(s, ans.id, title, cadre, due, opened)
    if force == "open":
        return 0
    if force == "done" or rng.random() < (0.85 if finished else 0.3):
        done = min(today, opened + timedelta(days=rng.randint(1, (due - opened).days + 10)))
        if force == "done" or done < today:
            tick_off_in(s, item.id, done, "已办结，已向群众反馈。")
            return 1
    return 0
