"""The demonstration village's mediation network and emergency plans (fictional people;
phone numbers in a made-up 138-0771-xxxx range)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.engine import Engine

from db import network as nw
from db import plans as pl

# (kind, role, name, phone, hamlet index or None, cadre id or None, background)
MEMBERS = [
    ("committee", "主任", "覃美玲", "", None, 2, "村干部"),
    ("committee", "副主任", "黄德明", "", None, 3, "村干部"),
    ("committee", "委员", "莫秀英", "", None, 4, "村干部"),
    ("committee", "委员", "罗福生", "13807710201", None, None, "老干部"),
    ("group", "组长", "梁小燕", "", 0, 7, "村干部"),
    ("group", "成员", "蒙老伯", "13807710202", 0, None, "老党员"),
    ("group", "组长", "农丽华", "13807710203", 1, None, "乡贤"),
    ("group", "组长", "黄德明", "", 2, 3, "村干部"),
    ("group", "成员", "岑大山", "13807710204", 2, None, "老党员"),
    ("group", "组长", "陆长青", "", 6, 6, "村干部"),
    ("contact", "信息员", "韦春花", "13807710205", 0, None, "群众"),
    ("contact", "十户长", "潘有才", "13807710206", 1, None, "老党员"),
    ("contact", "义务调解员", "谭启明", "13807710207", 3, None, "乡贤"),
    ("contact", "信息员", "卢秀兰", "13807710208", 4, None, "群众"),
    ("contact", "十户长", "覃永福", "13807710209", 5, None, "老干部"),
    ("contact", "义务调解员", "杨志刚", "13807710210", 7, None, "老干部"),
]


def add_demo_network(engine: Engine, today: date) -> int:
    """The 人民调解委员会, some 调解小组 and contacts; returns how many members."""
    term_from = date(today.year - 2, 1, 10)
    for kind, role, name, phone, hamlet, cadre, background in MEMBERS:
        values = dict(kind=kind, role=role, name=name, phone=phone, cadre_id=cadre, background=background,
                      hamlet_id=None if hamlet is None else hamlet + 1)
        if kind == "committee":
            values.update(appointed_on=term_from, term_ends_on=date(term_from.year + 5, 1, 9))
        nw.save_member(engine, None, values)
    return len(MEMBERS)


def _past(today: date, year: int, month: int, day: int) -> date | None:
    """That day, when it is not after today."""
    d = date(year, month, day)
    return d if d <= today else None


def add_demo_plans(engine: Engine, today: date) -> int:
    """Five plans, teams and a phone tree for 防汛, sites linked to the checklist's shelter
    question, drills last year (and this year for 森林防火 when the day has come)."""
    plans = [
        ("flood", "防汛应急预案", "蓝振华", "13907710101", "救生衣30件\n冲锋舟1艘\n沙袋800个\n应急照明灯20盏"),
        ("geohazard", "地质灾害应急预案", "黄德明", "13907710103", "警示牌15块\n对讲机6部\n铜锣4面"),
        ("forest_fire", "森林防火应急预案", "陆长青", "13907710106", "风力灭火机4台\n二号工具（扫把）40把"),
        ("fire", "火灾应急预案", "覃美玲", "13907710102", "灭火器60具（分放各屯）\n消防水带200米"),
        ("mass_dispute", "突发群体性纠纷调处预案", "覃美玲", "13907710102", "调解室1间\n扩音器2个"),
    ]
    shelter = pl.shelter_questions(engine)
    qid = shelter[0][0] if shelter else None
    ids = {}
    for kind, name, leader, phone, materials in plans:
        p = pl.save_plan(engine, None, dict(kind=kind, name=name, leader=leader, leader_phone=phone,
                                            materials=materials, adopted_on=date(today.year - 1, 3, 1)))
        ids[kind] = p.id
    flood = ids["flood"]
    rescue = pl.save_team(engine, flood, None, {"name": "抢险组", "duty": "巡查河堤、抢修险段"})
    move = pl.save_team(engine, flood, None, {"name": "转移组", "duty": "通知和护送低洼处群众转移到安置点"})
    supply = pl.save_team(engine, flood, None, {"name": "后勤组", "duty": "物资发放、安置点生活保障"})
    a = pl.save_plan_member(engine, rescue.id, None, {"name": "黄德明", "phone": "13907710103", "duty": "组长"})
    pl.save_plan_member(engine, rescue.id, None, {"name": "岑大山", "phone": "13807710204", "caller_id": a.id})
    b = pl.save_plan_member(engine, move.id, None, {"name": "梁小燕", "phone": "13907710107", "duty": "组长"})
    pl.save_plan_member(engine, move.id, None, {"name": "韦春花", "phone": "13807710205", "caller_id": b.id,
                                                "duty": "大塘屯逐户通知"})
    pl.save_plan_member(engine, move.id, None, {"name": "潘有才", "phone": "13807710206", "caller_id": b.id,
                                                "duty": "枫木屯逐户通知"})
    pl.save_plan_member(engine, supply.id, None, {"name": "韦建国", "phone": "13907710105", "duty": "组长"})
    pl.save_site(engine, flood, None, {"name": "青石村小学", "place": "枫木屯后坡", "capacity": 300, "hamlet_id": 2,
                                       "question_id": qid})
    pl.save_site(engine, flood, None, {"name": "村委会办公楼", "place": "大塘屯村部", "capacity": 120, "hamlet_id": 1,
                                       "question_id": qid})
    pl.save_site(engine, ids["geohazard"], None, {"name": "石门屯晒场", "place": "石门屯东", "capacity": 150,
                                                  "hamlet_id": 3, "question_id": qid})
    last = today.year - 1
    drills = [
        (flood, date(last, 4, 18), "三个工作组及大塘屯、枫木屯群众共46人", "低洼处两户老人行动不便，转移慢",
         "转移组指定专人负责两户老人"),
        (ids["geohazard"], date(last, 4, 25), "石门屯群众32人", "铜锣声在屯尾听不清", "屯尾增设一面铜锣"),
        (ids["fire"], date(last, 11, 9), "各屯义务消防队员20人", "部分灭火器压力不足", "更换灭火器8具"),
    ]
    forest = _past(today, today.year, 3, 12)
    if forest:
        drills.append((ids["forest_fire"], forest, "护林员和民兵18人", "二号工具数量不够", "补充二号工具20把"))
    for plan_id, day, who, found, changed in drills:
        pl.record_drill(engine, plan_id, None, dict(held_on=day, participants=who, found=found, changed=changed),
                        today=today)
    event = today - timedelta(days=60)
    pl.record_drill(engine, ids["mass_dispute"], None, dict(
        kind="event", held_on=event, what="两屯因灌溉水渠分水发生争执，二十余人聚集，调委会到场调解后散去",
        participants="覃美玲、黄德明、罗福生", found="分水口没有约定", changed="两屯签订分水约定，纳入调解台账跟进"),
        today=today)
    return len(plans)
