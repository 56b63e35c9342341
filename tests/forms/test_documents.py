"""Every official document renders; pdftotext shows what the law and the office require."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest

from db.models import (
    Agreement,
    Answer,
    Assignment,
    Dispute,
    FollowUp,
    Party,
    Proceeding,
    Question,
    Round,
)
from db.session import DataError, unit
from forms.documents import KINDS, render_document
from forms.documents.common import cn_number, numbered_terms
from forms.register_export import export_register
from tests.forms.conftest import build_database, copy_database, shared_engine
from tests.forms.pdftools import pdf_text

ID_A = "450102198005061234"  # made-up numbers of the right shape
ID_B = "450102199912310027"
ID_C = "45010219750101002X"
MASKED_A = "4501**********1234"  # forms.documents.common.mask_id


def fill(engine) -> dict[str, int]:
    """Two cases: a written agreement with three parties, and an oral one; a checklist round."""
    with unit(engine, who="测试") as s:
        d = Dispute(year=2026, seq=12, number="(2026)青调字第012号", accepted_on=date(2026, 10, 3),
                    registered_by="李文书", source="applied", type_id=3, hamlet_id=2,
                    summary="双方因宅基地边界的围墙位置发生争执。", request="请求确认边界并拆除围墙。",
                    people_involved=3, amount_fen=800000, presiding_id=2, other_mediators="村民代表王叔",
                    leader_id=1, deadline=date(2026, 11, 2), status="succeeded", closed_on=date(2026, 10, 30),
                    closed_by="钱调解")
        s.add(d)
        s.flush()
        for role, name, idn, sex in (("applicant", "张大山", ID_A, "男"), ("respondent", "李秀兰", ID_B, "女"),
                                     ("third", "王小𠮷", ID_C, "男")):
            s.add(Party(dispute_id=d.id, role=role, name=name, id_number=idn, sex=sex, ethnicity="壮族",
                        phone="13907719999", address="青石村二组", birth_date=date(1980, 5, 6)))
        s.add(Party(dispute_id=d.id, role="third", name="作废的人", voided=True))
        s.add(Proceeding(dispute_id=d.id, kind="investigation", held_on=date(2026, 10, 4), place="现场",
                         statements="查看了围墙。", facts="围墙越界0.5米。", result="需调解", rights_notified=True))
        for day, said in ((8, "第一次调解陈述"), (12, "第二次调解陈述")):
            s.add(Proceeding(dispute_id=d.id, kind="mediation", held_on=date(2026, 10, day), place="村委会调解室",
                             mediators="钱调解", recorder="李文书", statements=said, facts="围墙越界。",
                             result="达成协议" if day == 12 else "未达成", rights_notified=day == 12))
        s.add(Agreement(dispute_id=d.id, form="written", number="青调协字第012号", signed_on=date(2026, 10, 12),
                        facts="围墙越界0.5米。", responsibilities="李秀兰一方负主要责任。",
                        terms="1. 李秀兰于十日内拆除越界围墙\n2、张大山补偿李秀兰拆墙费用800元\n\n(3) 双方今后不再因此事争执",
                        perform_how="现金支付并当场拆除", perform_where="青石村二组", perform_by=date(2026, 10, 22),
                        performance="done", performed_on=date(2026, 10, 20), jc_applied_on=date(2026, 10, 15)))
        s.add(FollowUp(dispute_id=d.id, visited_on=date(2026, 10, 25), party_name="张大山", reason="回访履行",
                       performed=True, satisfied=True, visitor="钱调解", measures="叮嘱双方", next_due=date(2026, 11, 25)))
        s.add(FollowUp(dispute_id=d.id, visited_on=date(2026, 11, 10), party_name="李秀兰", reason="再次回访",
                       performed=True, satisfied=False, flare_up="对补偿数额仍有意见", visitor="孙主任"))
        o = Dispute(year=2026, seq=13, number="(2026)青调字第013号", accepted_on=date(2026, 10, 5),
                    type_id=2, hamlet_id=1, summary="邻里噪音", deadline=date(2026, 11, 4), status="succeeded")
        s.add(o)
        s.flush()
        s.add(Party(dispute_id=o.id, role="applicant", name="赵一", id_number=ID_A))
        s.add(Party(dispute_id=o.id, role="respondent", name="钱二"))
        s.add(Agreement(dispute_id=o.id, form="oral", number="口协字第013号", signed_on=date(2026, 10, 5),
                        terms="赵一晚上十点后不再放音乐", performance="partial"))
        v = Dispute(year=2026, seq=14, number="(2026)青调字第014号", accepted_on=date(2026, 10, 6), type_id=2,
                    deadline=date(2026, 11, 5), voided=True)
        s.add(v)
        q1 = Question(code="A01", category="人口", text="本组常住人口有多少？", hint="含外出半年以内的", position=1)
        q2 = Question(code="B01", category="饮水", text="饮水是否安全？", position=2)
        s.add_all([q1, q2])
        r = Round(name="2026年第四季度", starts_on=date(2026, 10, 1), ends_on=date(2026, 12, 31))
        s.add(r)
        s.flush()
        a1 = Assignment(round_id=r.id, question_id=q1.id, hamlet_id=1, cadre_id=2)
        a2 = Assignment(round_id=r.id, question_id=q2.id, hamlet_id=1, cadre_id=2)
        a3 = Assignment(round_id=r.id, question_id=q1.id, hamlet_id=4, cadre_id=4)
        s.add_all([a1, a2, a3])
        s.flush()
        s.add(Answer(assignment_id=a1.id, text="常住人口132人", answered_on=date(2026, 10, 9), cadre_id=2))
        s.add(Answer(assignment_id=a3.id, text="常住人口88人，旧答复", answered_on=date(2026, 10, 2), cadre_id=4))
        s.add(Answer(assignment_id=a3.id, text="常住人口90人", answered_on=date(2026, 10, 20), cadre_id=4,
                     needs_action=True))
    return {"written": d.id, "oral": o.id, "voided": v.id, "round": r.id}


@pytest.fixture(scope="module")
def cases_template(tmp_path_factory, _template_files):
    """(database file, ids) of `fill`, made once per module."""
    return build_database(tmp_path_factory, _template_files["village"], "cases", fill)


@pytest.fixture(scope="module")
def cases(tmp_path_factory, cases_template):
    """The cases, read-only, shared by the tests that only print them: each distinct document
    is rendered once and read back once (tests/forms/conftest.py, Shared)."""
    path, ids = cases_template
    with shared_engine(tmp_path_factory, path, "cases-shared") as shared:
        shared.engine.ids = ids
        yield shared


@pytest.fixture
def case_engine(cases_template, db_path):
    """The cases on the test's own copy, for a test that writes."""
    path, ids = cases_template
    engine = copy_database(path, db_path)
    engine.ids = ids
    return engine


def render(cases, kind, key, **kw) -> str:
    return cases.doc_text(kind, key, **kw)


def flat(txt: str) -> str:
    return re.sub(r"\s+", "", txt)


def test_agreement_has_everything_the_law_asks(cases):
    txt = render(cases, "agreement", cases.engine.ids["written"])
    f = flat(txt)
    assert "人民调解协议书" in f and "青调协字第012号" in f
    for name in ("张大山", "李秀兰", "王小𠮷"):
        assert f"{name}签名" in f.replace("：", "") or name in f
    assert "作废的人" not in f
    assert "一、李秀兰于十日内拆除越界围墙" in f
    assert "二、张大山补偿李秀兰拆墙费用800元" in f
    assert "三、双方今后不再因此事争执" in f and "四、" not in f
    assert "三十日内共同向人民法院申请司法确认" in f
    assert "一式四份" in f  # three live parties + the committee
    assert "履行方式：现金支付并当场拆除" in f and "履行地点：青石村二组" in f and "2026年10月22日前" in f
    assert "李秀兰一方负主要责任" in f and "围墙越界0.5米" in f
    assert f.count("按指印：") == 3 and "人民调解员（签名）" in f
    assert "青石村人民调解委员会（盖章）" in f and "2026年10月12日" in f
    assert ID_A in f and ID_B in f and ID_C in f  # the parties' own copies: whole numbers


def test_agreement_copies_follow_the_number_of_parties(case_engine, tmp_path):
    with unit(case_engine) as s:
        p = s.get(Party, 3)
        p.voided = True
    f = flat(pdf_text(render_document(case_engine, "agreement", case_engine.ids["written"], tmp_path / "a.pdf")))
    assert "一式三份" in f and "王小𠮷" not in f


def test_masked_copies_hide_the_birth_date(cases):
    f = flat(render(cases, "agreement", cases.engine.ids["written"], mask_ids=True))
    assert MASKED_A in f and ID_A not in f and ID_B not in f
    f = flat(render(cases, "acceptance", cases.engine.ids["written"]))
    assert ID_A in f


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in (
    "oral_agreement", "checklist_sheet", "checklist_summary", "contact_notice",
    "power_of_attorney", "escalation", "file_note", "meeting")])  # those three: tests/forms/test_case_file.py
def test_every_case_document_renders(cases, kind):
    f = flat(render(cases, kind, cases.engine.ids["written"]))
    assert "张大山" in f and "(2026)青调字第012号" in f


def test_acceptance_sheet(cases):
    f = flat(render(cases, "acceptance", cases.engine.ids["written"]))
    for text in ("人民调解受理登记表", "2026年10月3日", "当事人申请", "房屋宅基地", "二组", "8,000.00元",
                 "钱调解", "村民代表王叔", "赵书记", "2026年11月2日", "请求确认边界并拆除围墙", "壮族"):
        assert text in f, text


def test_one_mediation_record_per_proceeding(cases):
    path = cases.doc("mediation_record", cases.engine.ids["written"])
    assert cases.pages(path) == 2
    f = flat(cases.text(path))
    assert "第一次调解陈述" in f and "第二次调解陈述" in f and "查看了围墙" not in f
    f = flat(render(cases, "investigation_record", cases.engine.ids["written"]))
    assert "人民调解调查记录" in f and "查看了围墙" in f


def test_follow_up_cover_and_contents(cases):
    path = cases.doc("follow_up", cases.engine.ids["written"])
    assert cases.pages(path) == 2
    f = flat(cases.text(path))
    assert "对补偿数额仍有意见" in f and "2026年11月25日" in f and "青调协字第012号" in f
    f = flat(render(cases, "cover", cases.engine.ids["written"], retention="永久", remarks="无"))
    for text in ("人民调解卷宗", "张大山与李秀兰房屋宅基地纠纷", "钱调解、村民代表王叔", "自2026年10月3日至2026年10月30日",
                 "永久", "青石村人民调解委员会"):
        assert text in f, text
    f = flat(render(cases, "contents", cases.engine.ids["written"]))
    for text in ("卷内目录", "人民调解受理登记表", "调查记录", "调解记录", "人民调解协议书", "履行凭证",
                 "司法确认材料", "回访记录", "封底"):
        assert text in f, text
    assert f.count("调解记录") == 2


def test_case_file_holds_every_document(cases):
    path = cases.doc("case_file", cases.engine.ids["written"])
    # cover, contents, acceptance, 1 investigation + 2 mediation records, agreement, 2 visits
    assert cases.pages(path) >= 9
    f = flat(cases.text(path))
    assert all(t in f for t in ("人民调解卷宗", "卷内目录", "人民调解受理登记表", "人民调解记录",
                                "人民调解协议书", "人民调解回访记录"))


def test_oral_agreement_register(cases):
    f = flat(render(cases, "oral_agreement", cases.engine.ids["oral"]))
    assert "人民调解口头协议登记表" in f and "一、赵一晚上十点后不再放音乐" in f
    assert "部分履行" in f and "赵一" in f and "钱二" in f and ID_A in f


def test_nothing_to_print_is_a_clear_refusal(case_engine, tmp_path):
    with pytest.raises(DataError) as err:
        render_document(case_engine, "agreement", case_engine.ids["oral"], tmp_path / "x.pdf")
    assert "书面调解协议" in err.value.message
    with pytest.raises(DataError) as err:
        render_document(case_engine, "acceptance", case_engine.ids["voided"], tmp_path / "x.pdf")
    assert "已作废" in err.value.message
    with pytest.raises(DataError):
        render_document(case_engine, "follow_up", case_engine.ids["oral"], tmp_path / "x.pdf")
    with pytest.raises(DataError):
        render_document(case_engine, "acceptance", 9999, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_checklist_sheet_summary_and_notice(cases):
    rid = cases.engine.ids["round"]
    f = flat(render(cases, "checklist_sheet", (rid, 1)))
    assert "村事百晓排查登记表" in f and "一组" in f and "本组常住人口有多少？" in f and "饮水是否安全？" in f
    assert "含外出半年以内的" in f and "常住人口132人" not in f  # blank: answers are not printed
    f = flat(render(cases, "checklist_summary", rid))
    assert "常住人口132人" in f and "常住人口90人" in f and "旧答复" not in f
    assert "本轮共3项，已答复2项，未答复1项，需跟进1项" in f
    f = flat(render(cases, "contact_notice", 1, today=date(2026, 11, 1)))
    assert "青石村一组" in f and "钱调解" in f and "13907710002" in f and "李信息" not in f
    path = cases.doc("contact_notice", None)
    assert cases.pages(path) == 4
    assert "13907710004" in flat(cases.text(path))


def test_register_export_masks_ids_by_default(case_engine, tmp_path):
    n = export_register(case_engine, tmp_path / "台账.xlsx")
    assert n == 2  # the voided case is left out
    ws = openpyxl.load_workbook(tmp_path / "台账.xlsx").active
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    headers = next(ws.iter_rows(min_row=3, max_row=3, values_only=True))
    first = dict(zip(headers, rows[0], strict=True))
    assert first["编号"] == "(2026)青调字第012号" and first["申请人"] == "张大山"
    assert first["申请人身份证号"] == "450102********1234" and first["第三人"] == "王小𠮷"
    assert first["涉及金额（元）"] == pytest.approx(8000.0) and first["协议形式"] == "书面"
    assert all(ID_A not in str(v) for row in rows for v in row)
    export_register(case_engine, tmp_path / "全.xlsx", {"include_voided": True}, mask_ids=False)
    ws = openpyxl.load_workbook(tmp_path / "全.xlsx").active
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 3 and rows[0][6] == ID_A and rows[2][-1] == "作废"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$3"
    assert export_register(case_engine, tmp_path / "空.xlsx", {"month": "2025-01"}) == 0


def test_numbering_helpers():
    assert [cn_number(n) for n in (1, 3, 10, 11, 20, 23)] == ["一", "三", "十", "十一", "二十", "二十三"]
    assert numbered_terms("一、甲\n（二）乙\n第三条 丙\n 4) 丁\n\n戊") == ["一、甲", "二、乙", "三、丙", "四、丁", "五、戊"]
