"""Demonstration cases for the register: about two years of fictional disputes.

Every person is made up: names are drawn from lists of surnames and given-name characters,
ID numbers use the made-up region code 459900 (no such county), phones a fixed fictional
range. The same seed always gives the same cases. The name lists are shared with the
benchmark generator (bench/generate.py).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.models import Cadre, DisputeType, Hamlet
from db.register.check import set_void
from db.register.write import (
    add_agreement_in,
    add_follow_up_in,
    add_proceeding_in,
    create_dispute_in,
)
from db.session import DataError, unit

# Surnames weighted roughly as in a southern county; 曾 / 单 / 区 / 解 have two readings.
SURNAMES = (
    "黄" * 9 + "韦" * 8 + "李" * 7 + "陈" * 6 + "梁" * 5 + "覃" * 5 + "莫" * 4 + "蒙" * 3 + "陆" * 3
    + "蓝" * 3 + "农" * 2 + "廖" * 2 + "卢" * 2 + "罗" * 2 + "何" * 2 + "杨" * 2 + "张" * 3 + "刘" * 2
    + "王" * 2 + "周" + "吴" + "曾" * 2 + "唐" + "邓" + "潘" + "谭" + "冯" + "许" + "单" + "区" + "解"
    + "谢" + "赵" + "钟" + "苏" + "石" + "马" + "欧" + "甘" + "滕"
)
GIVEN_MALE = "建国志强德明文军海波春生永福金华伟荣宝成光明国平家兴立新勇胜林峰俊杰世忠振华贵"
GIVEN_FEMALE = "秀英美玲丽娟桂兰春梅小燕红霞玉芳凤琴月娥金花翠萍海燕彩云丽华雪梅"
ETHNICITIES = ("汉族",) * 5 + ("壮族",) * 4 + ("瑶族", "苗族")
OCCUPATIONS = ("务农",) * 6 + ("个体户", "外出务工", "教师", "退休", "货车司机", "养殖户")
ORG_NAMES = ("青山建材有限公司", "永丰农资店", "顺达运输队", "绿源养殖合作社", "宏图建筑工程队", "福康砂石场")
FAKE_REGION = "459900"  # no such region: the numbers look real but belong to nobody
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def fake_name(rng: random.Random, sex: str | None = None) -> tuple[str, str]:
    """(name, sex) of a made-up person."""
    sex = sex or rng.choice("男女")
    chars = GIVEN_MALE if sex == "男" else GIVEN_FEMALE
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.75 else "")
    return rng.choice(SURNAMES) + given, sex


def fake_id_number(rng: random.Random, born: date, sex: str) -> str:
    """A well-formed ID number in the made-up region, with the right check character."""
    order = rng.randrange(0, 100) * 10 + (rng.randrange(1, 10, 2) if sex == "男" else rng.randrange(0, 10, 2))
    first17 = f"{FAKE_REGION}{born:%Y%m%d}{order:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]
    return first17 + check


def fake_phone(rng: random.Random) -> str:
    """A mobile number in a fictional range."""
    return f"1990771{rng.randrange(0, 10000):04d}"


# Type name -> (summary templates, what is asked, amount range in yuan, people range).
STORIES = {
    "婚姻家庭": (["{a}与{b}因家庭琐事长期争吵，要求调解", "{a}与{b}因赡养老人费用分摊发生纠纷"],
             "请求调解家庭矛盾", (0, 20000), (2, 4)),
    "邻里": (["{a}与{b}因排水沟堵塞积水发生争执", "{a}家的狗咬伤{b}家的鸡鸭引发纠纷", "{a}与{b}因门前道路堆放杂物发生口角"],
           "请求对方清理并赔偿损失", (0, 3000), (2, 3)),
    "房屋宅基地": (["{a}与{b}因宅基地界址不清发生争议", "{a}建房占用{b}家滴水位引发纠纷"],
              "请求确认宅基地界址", (0, 50000), (2, 6)),
    "合同": (["{a}与{b}因买卖砂糖桔货款结算发生纠纷", "{a}承包{b}鱼塘合同到期后未交还"],
           "请求支付货款", (2000, 80000), (2, 3)),
    "损害赔偿": (["{a}的耕牛踩坏{b}的甘蔗地，双方对赔偿金额有争议", "{a}燃烧秸秆烧毁{b}的果苗"],
             "请求赔偿损失", (500, 15000), (2, 3)),
    "山林土地": (["{a}与{b}因林地界线及桉树采伐发生争议", "{a}与{b}因承包地边界发生纠纷"],
             "请求确认山林界线", (0, 60000), (2, 12)),
    "劳动争议": (["{a}等人为{b}做工后被拖欠工资", "{a}在{b}的工地受伤，双方对医疗费有争议"],
             "请求支付拖欠工资", (3000, 90000), (1, 15)),
    "道路交通事故": (["{a}驾驶摩托车与{b}的三轮车相撞，双方对责任和赔偿有争议"],
               "请求赔偿医疗费和误工费", (1000, 40000), (2, 3)),
    "其他": (["{a}与{b}因借款归还问题发生纠纷", "{a}与{b}因水费分摊发生争执"],
           "请求调解", (0, 10000), (2, 4)),
}
PLACES = ("村委会调解室", "当事人家中", "纠纷现场", "屯活动室")


def _person(rng: random.Random, role: str, hamlet_id: int | None, hamlets: list[int]) -> dict:
    if rng.random() < 0.05 and role == "respondent":
        rep, _ = fake_name(rng)
        return dict(role=role, kind="org", name=rng.choice(ORG_NAMES), representative=rep,
                    phone=fake_phone(rng))
    name, sex = fake_name(rng)
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
    data = dict(role=role, kind="person", name=name, sex=sex, ethnicity=rng.choice(ETHNICITIES),
                occupation=rng.choice(OCCUPATIONS), phone=fake_phone(rng) if rng.random() < 0.85 else "",
                hamlet_id=hamlet_id if rng.random() < 0.8 else rng.choice(hamlets))
    if rng.random() < 0.65:
        data["id_number"] = fake_id_number(rng, born, sex)
        data["birth_date"] = born
    return data


def _status(rng: random.Random, age_days: int) -> str:
    if age_days < 12:
        return rng.choice(("accepted", "accepted", "mediating"))
    if age_days < 30:
        return rng.choice(("mediating", "mediating", "succeeded", "succeeded", "failed"))
    r = rng.random()
    return ("succeeded" if r < 0.74 else "failed" if r < 0.86 else "referred" if r < 0.93 else "withdrawn")


def add_demo_cases(engine: Engine, today: date, rng_seed: int = 2026, count: int = 300) -> int:
    """Add about `count` fictional cases accepted over the two years before `today`, in one
    transaction: every status, parties, records, agreements, performance, judicial
    confirmations, follow-ups (some due soon), a few overdue open cases and a few voided ones.
    Uses the hamlets and cadres already set up. Returns the number of cases added."""
    rng = random.Random(rng_seed)
    with unit(engine) as s:
        hamlets = [h.id for h in s.exec(select(Hamlet).where(Hamlet.active == True))]  # noqa: E712
        cadres = list(s.exec(select(Cadre).where(Cadre.active == True)))  # noqa: E712
        types = {t.name: t.id for t in s.exec(select(DisputeType).where(DisputeType.active == True))}  # noqa: E712
        if not hamlets or not cadres or not types:
            raise DataError("请先设置村庄、屯组和村干部，再添加演示案件。")
        mediators = [c for c in cadres if "调解员" in c.role_list] or cadres
        leaders = [c for c in cadres if {"书记", "主任"} & set(c.role_list)] or cadres
        stories = [(types[n], v) for n, v in STORIES.items() if n in types] or [
            (tid, STORIES["其他"]) for tid in types.values()]
        ages = sorted((rng.randrange(0, 730) for _ in range(count)), reverse=True)
        # A few open cases past their deadline, and a few voided (entered twice).
        late = [i for i, age in enumerate(ages) if 35 <= age <= 80]
        forced_open = set(rng.sample(late, min(5, len(late))))
        voided = set(rng.sample(range(count), min(3, count)))
        for i, age in enumerate(ages):
            _one_case(s, rng, today, age, "mediating" if i in forced_open else None,
                      rng.choice(stories), hamlets, mediators, leaders, i in voided)
        # Some agreements whose window for judicial confirmation closes this week.
        for k in range(3):
            _case_with_agreement_due(s, rng, today, today - timedelta(days=24 + k * 2), rng.choice(stories),
                                     hamlets, mediators, leaders)
        return count + 3


def _dispute_data(rng, today, accepted, story, hamlet, mediators, leaders, status) -> dict:
    type_id, (summaries, request, amounts, people) = story
    n_people = rng.randint(*people)
    amount = rng.randint(*amounts) if amounts[1] else 0
    data = dict(
        accepted_on=accepted, type_id=type_id, hamlet_id=hamlet, source=rng.choice(
            ("applied",) * 6 + ("initiative", "reported", "referred")),
        request=request, arose_on=accepted - timedelta(days=rng.randrange(0, 20)),
        arose_at=rng.choice(("", "屯口", "田间", "当事人家门前")), people_involved=n_people,
        amount_fen=amount * 100 if amount else None, presiding_id=rng.choice(mediators).id,
        leader_id=rng.choice(leaders).id if n_people >= 5 or rng.random() < 0.3 else None,
        status=status,
    )
    if data["source"] == "referred":
        data["source_detail"] = rng.choice(("派出所", "镇司法所", "镇政府"))
    if rng.random() < 0.06:
        data[rng.choice(("prevent_crime", "prevent_petition", "prevent_fight", "prevent_suicide"))] = rng.randint(1, 6)
    return data


def _one_case(s, rng, today, age, status, story, hamlets, mediators, leaders, void=False) -> None:
    accepted = today - timedelta(days=age)
    status = status or _status(rng, age)
    hamlet = rng.choice(hamlets)
    parties = [_person(rng, "applicant", hamlet, hamlets) for _ in range(1 + (rng.random() < 0.2))]
    parties += [_person(rng, "respondent", hamlet, hamlets) for _ in range(1 + (rng.random() < 0.15))]
    if rng.random() < 0.08:
        parties.append(_person(rng, "third", hamlet, hamlets))
    data = _dispute_data(rng, today, accepted, story, hamlet, mediators, leaders, status)
    data["summary"] = rng.choice(story[1][0]).format(a=parties[0]["name"], b=parties[-1]["name"])
    ended = min(today, accepted + timedelta(days=rng.randint(3, 28)))
    if status in ("failed", "referred", "withdrawn") or (status == "succeeded" and rng.random() < 0.8):
        if (today - ended).days > 5:
            data["closed_on"] = ended
            data["closed_by"] = rng.choice(mediators).name
    if status == "failed":
        data["result_note"] = "已告知当事人可通过仲裁、诉讼等途径解决"
    elif status == "referred":
        data["result_note"] = rng.choice(("移交镇司法所", "移交镇综治中心"))
    d = create_dispute_in(s, data, parties)
    mediator = s.get(Cadre, d.presiding_id).name
    if status != "accepted":
        for k in range(rng.randint(1, 3)):
            held = min(ended, accepted + timedelta(days=k * rng.randint(1, 6)))
            add_proceeding_in(s, d.id, dict(
                kind="investigation" if k == 0 and rng.random() < 0.4 else "mediation", held_on=held,
                place=rng.choice(PLACES), attendees="、".join(p["name"] for p in parties),
                mediators=mediator, recorder=rng.choice(mediators).name, rights_notified=True,
                statements="双方陈述了各自意见。", facts=data["summary"] + "，情况属实。",
                result="达成协议" if status == "succeeded" and held == ended else "继续做双方工作",
            ))
    if status == "succeeded":
        _agreement_and_visits(s, rng, today, d, ended, parties, mediator)
    if void:
        set_void(d, "重复登记")


def _agreement_and_visits(s, rng, today, d, signed, parties, mediator) -> None:
    written = rng.random() < 0.8
    age = (today - signed).days
    perf = "done" if age > 20 and rng.random() < 0.75 else rng.choice(("none", "partial"))
    a = dict(form="written" if written else "oral", signed_on=signed,
             terms=f"一、{parties[-1]['name']}于协议签订后十五日内履行约定义务。\n二、双方今后互谅互让，不再因此事发生纠纷。",
             perform_how="现金或转账", perform_by=signed + timedelta(days=15), performance=perf,
             performed_on=min(today, signed + timedelta(days=rng.randint(1, 15))) if perf != "none" else None)
    if written and age > 10 and rng.random() < 0.2:
        a["jc_applied_on"] = signed + timedelta(days=rng.randint(1, 10))
        if age > 30:
            a["jc_confirmed_on"] = a["jc_applied_on"] + timedelta(days=rng.randint(5, 15))
    add_agreement_in(s, d.id, a)
    if age > 10 and rng.random() < 0.6:
        visited = signed + timedelta(days=rng.randint(7, min(age, 40)))
        due = visited + timedelta(days=rng.choice((30, 60, 90)))
        if rng.random() < 0.15:  # some visits fall due around now
            due = max(visited, today + timedelta(days=rng.randint(-3, 6)))
        add_follow_up_in(s, d.id, dict(
            visited_on=visited, party_name=parties[0]["name"], reason="回访协议履行情况",
            performed=perf == "done", satisfied=rng.random() < 0.9,
            flare_up="" if rng.random() < 0.92 else "双方仍有言语冲突",
            measures="" if rng.random() < 0.8 else "再次做双方思想工作", visitor=mediator,
            # Visits planned long ago were made (or dropped): only recent plans remain open.
            next_due=due if due >= today - timedelta(days=5) else None,
        ))


def _case_with_agreement_due(s, rng, today, signed, story, hamlets, mediators, leaders) -> None:
    accepted = signed - timedelta(days=rng.randint(2, 10))
    hamlet = rng.choice(hamlets)
    parties = [_person(rng, "applicant", hamlet, hamlets), _person(rng, "respondent", hamlet, hamlets)]
    data = _dispute_data(rng, today, accepted, story, hamlet, mediators, leaders, "succeeded")
    data["summary"] = rng.choice(story[1][0]).format(a=parties[0]["name"], b=parties[-1]["name"])
    d = create_dispute_in(s, data, parties)
    add_proceeding_in(s, d.id, dict(kind="mediation", held_on=signed, place=PLACES[0], result="达成协议", rights_notified=True,
                                    mediators=s.get(Cadre, d.presiding_id).name))
    add_agreement_in(s, d.id, dict(form="written", signed_on=signed, terms="一、按约定分期赔偿。",
                                   perform_by=signed + timedelta(days=30)))
