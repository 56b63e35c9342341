"""The whole case file (卷宗): every document, numbered contents, no placeholders, masked
copies, risk and 上报 (issue 13). PDFs are read back with pdftotext."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

from db.register import records, write
from db.register.docs import get_case_info
from db.session import DataError
from forms.documents import render_document
from forms.documents.common import mask_id, mask_phone
from tests.forms.conftest import build_database, copy_database, isolated_env, shared_engine
from tests.forms.pdftools import pdf_text
from tests.hostile import storable_text

ID_A = "450102198005061234"  # made-up numbers of the right shape
ID_B = "450102199912310027"
PHONE_A = "13812345678"

PLACEHOLDERS = ("（未填写）", "（无）", "未填写", "协议内容未填写", "另附纸质材料）")


def make_case(engine, *, closed: bool = True, applied: bool = True, escalate: bool = True,
              note: str = "本卷证据照片三张另存于档案柜。", responsibilities: str = "") -> int:
    """A case through the write API: applied, risk 较大, investigation, two mediations, a written
    agreement (performed when `closed`), a follow-up and two reports up."""
    d = write.create_dispute(engine, dict(
        accepted_on=date(2026, 10, 3), source="applied" if applied else "checklist", type_id=3, hamlet_id=2,
        summary="双方因宅基地边界的围墙位置发生争执。", request="请求确认边界并拆除围墙。", people_involved=3,
        presiding_id=2, leader_id=1, severity="较大", risk_assessment="双方言语冲突，有动手迹象。",
        risk_measures="包案领导约谈双方，派出所民警到场。", file_note=note,
    ), [dict(role="applicant", name="张大山", id_number=ID_A, phone=PHONE_A, sex="男", birth_date=date(1980, 5, 6)),
        dict(role="respondent", name="李秀兰", id_number=ID_B, phone="13907719999", sex="女")], who="测试")
    records.add_proceeding(engine, d.id, dict(kind="investigation", held_on=date(2026, 10, 4), place="现场",
                                              attendees="李秀兰", mediators="钱调解", recorder="李文书",
                                              statements="查看了围墙。", facts="围墙越界0.5米。",
                                              rights_notified=True))
    for day in (8, 12):
        records.add_proceeding(engine, d.id, dict(kind="mediation", held_on=date(2026, 10, day), place="调解室",
                                                  statements=f"10月{day}日陈述", rights_notified=True))
    if escalate:
        records.add_escalation(engine, d.id, dict(reported_on=date(2026, 10, 5), to_whom="云岭镇司法所",
                                                  channel="phone", reported_by="钱调解", matter="双方有冲突风险",
                                                  replied_on=date(2026, 10, 6), reply="请派出所协助"))
        records.add_escalation(engine, d.id, dict(reported_on=date(2026, 10, 7), to_whom="云岭镇综治中心",
                                                  channel="written", matter="书面报告进展"))
    write.move_status(engine, d.id, "succeeded")
    a = records.add_agreement(engine, d.id, dict(
        form="written", signed_on=date(2026, 10, 12), facts="围墙越界0.5米。", responsibilities=responsibilities,
        terms="李秀兰于十日内拆除越界围墙\n张大山补偿拆墙费用800元"))
    if closed:
        records.record_performance(engine, a.id, "done", date(2026, 10, 20))
    records.add_follow_up(engine, d.id, dict(visited_on=date(2026, 10, 25), party_name="张大山", performed=True,
                                             satisfied=True, visitor="钱调解"))
    return d.id


def flat(txt: str) -> str:
    return re.sub(r"\s+", "", txt)


@pytest.fixture(scope="module")
def case_template(tmp_path_factory, _template_files):
    """(database file, case id): the case of make_case(), made once per module."""
    return build_database(tmp_path_factory, _template_files["village"], "case", make_case)


@pytest.fixture(scope="module")
def case_file(tmp_path_factory, case_template):
    """That case, read-only, shared by the tests that only print it: each document (the whole
    file first) is rendered once and read back once (tests/forms/conftest.py, Shared)."""
    path, did = case_template
    with shared_engine(tmp_path_factory, path, "case-shared") as shared:
        shared.did = did
        yield shared


@pytest.fixture
def own_case(case_template, db_path):
    """(engine, case id): that case on the test's own copy, for a test that writes."""
    path, did = case_template
    return copy_database(path, db_path), did


def test_the_whole_file_holds_every_document(case_file):
    f = flat(case_file.doc_text("case_file", case_file.did))
    for title in ("人民调解卷宗", "卷内目录", "人民调解申请书", "人民调解受理登记表", "人民调解当事人权利义务告知书",
                  "人民调解调查记录", "人民调解记录", "人民调解协议书", "人民调解回访记录", "矛盾纠纷上报记录",
                  "卷宗情况说明", "卷内备考表"):
        assert title in f, title
    assert "本卷证据照片三张另存于档案柜" in f
    assert "另附纸质材料" in f and "当事人身份证明" in f
    # the notice is printed now, with the rights and a signature line for each party
    assert "要求调解公开进行或者不公开进行" in f and "如实陈述纠纷事实" in f
    assert "告知人（调解员）签名" in f


def _page_texts(whole: str) -> list[str]:
    return [flat(p) for p in whole.split("\f")]


def _contents_rows(whole: str) -> list[tuple[str, str, str]]:
    """(序号, 文件材料名称, 页号) of each row of the 卷内目录, read from pdftotext -layout."""
    text = whole.split("\f")[1]
    rows = []
    for line in text.splitlines():
        m = re.match(r"^\s*(\d+)\s+(\S+)\s+(?:\d{4}-\d{2}-\d{2})?\s*(\d+(?:-\d+)?)?", line)
        if m:
            rows.append((m.group(1), m.group(2), m.group(3) or ""))
    return rows


TITLES = {"人民调解申请书": "人民调解申请书", "人民调解受理登记表": "人民调解受理登记表",
          "当事人权利义务告知书": "人民调解当事人权利义务告知书", "调查记录": "人民调解调查记录",
          "调解记录": "人民调解记录", "回访记录": "人民调解回访记录", "上报记录": "矛盾纠纷上报记录",
          "卷宗情况说明": "卷宗情况说明", "卷内备考表（封底）": "卷内备考表"}


def test_contents_page_numbers_point_at_the_documents(case_file):
    path = case_file.doc("case_file", case_file.did)
    pages = _page_texts(case_file.text(path))
    rows = _contents_rows(case_file.text(path))
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    numbered = {name: page for _n, name, page in rows if page}
    assert set(TITLES) <= set(numbered), rows
    assert any(name.startswith("人民调解协议书") for name in numbered)
    for name, page in numbered.items():
        first = int(page.split("-")[0])
        title = TITLES.get(name, "人民调解协议书")
        assert flat(title) in pages[first - 1], (name, page)
    # papers kept on paper only carry no page number, and say so
    assert [r for r in rows if r[1] == "当事人身份证明"][0][2] == ""
    n_pages = case_file.pages(path)
    assert numbered["卷内备考表（封底）"] == str(n_pages)  # the back cover is the last page
    assert "共印制" + str(n_pages) + "页" in pages[n_pages - 1]


def test_contents_printed_alone_carry_the_same_page_numbers(case_file):
    alone = case_file.doc("contents", case_file.did)
    text = case_file.text(alone)
    whole = [r for r in _contents_rows(case_file.doc_text("case_file", case_file.did))]
    assert case_file.pages(alone) == 1 and len(whole) >= 10
    for n, name, page in whole:
        assert re.search(rf"^\s*{n}\s+{re.escape(name)}\s+(\d{{4}}-\d{{2}}-\d{{2}})?\s*{page}", text, re.M), (n, name, page)


def test_no_placeholder_on_any_page(engine, tmp_path):
    did = make_case(engine, note="", responsibilities="")
    path = render_document(engine, "case_file", did, tmp_path / "卷宗.pdf")
    f = flat(pdf_text(path))
    for word in PLACEHOLDERS:
        assert word not in f, word
    assert "各方责任" in f  # the clause is there, with ruled lines to fill by hand
    assert "卷宗情况说明" not in f  # optional: not printed, not listed, when empty


def test_a_case_never_closed_prints_no_closing_date(engine, tmp_path):
    did = make_case(engine, closed=False)
    f = flat(pdf_text(render_document(engine, "cover", did, tmp_path / "封面.pdf")))
    assert "尚未结案" in f and "至年月日" not in f and "至" not in f.split("调解日期")[1][:20]


def test_a_fully_performed_case_closes_on_the_performance_date(engine):
    did = make_case(engine, closed=False)
    case = get_case_info(engine, did)
    assert case.closed_on is None
    records.record_performance(engine, case.agreements[0].id, "partial", date(2026, 10, 18))
    assert get_case_info(engine, did).closed_on is None  # partly performed: still open
    records.record_performance(engine, case.agreements[0].id, "done", date(2026, 10, 20))
    assert get_case_info(engine, did).closed_on == date(2026, 10, 20)
    records.record_performance(engine, case.agreements[0].id, "done", date(2026, 10, 22))
    assert get_case_info(engine, did).closed_on == date(2026, 10, 20)  # a closing date is never moved


def test_masked_copy(case_file):
    f = flat(case_file.doc_text("case_file", case_file.did, mask_ids=True))
    assert ID_A not in f and ID_B not in f and PHONE_A not in f and "13907719999" not in f
    assert "4501**********1234" in f and "138****5678" in f
    assert "1980年5月6日" not in f and "1980-05-06" not in f
    assert mask_id(ID_A) == "4501**********1234" and mask_phone(PHONE_A) == "138****5678"
    assert mask_phone("0771-5551234") == "0771-***1234"
    whole = flat(case_file.doc_text("acceptance", case_file.did))
    assert ID_A in whole and "1980-05-06" in whole


def test_acceptance_prints_the_risk(case_file):
    f = flat(case_file.doc_text("acceptance", case_file.did))
    assert "风险等级较大" in f and "有动手迹象" in f and "派出所民警到场" in f


def test_risk_level_is_one_of_three(engine):
    did = make_case(engine, escalate=False)
    with pytest.raises(DataError) as e:
        write.update_dispute(engine, did, {"severity": "很大"})
    assert "一般、较大、重大" in e.value.message
    write.update_dispute(engine, did, {"severity": "重大"})
    assert get_case_info(engine, did).severity == "重大"


def test_investigation_record_names_who_was_asked_and_who_asked(case_file):
    f = flat(case_file.doc_text("investigation_record", case_file.did))
    assert "被调查人李秀兰" in f and "调查人钱调解" in f and "被调查人（签名）" in f and "调查人（签名）" in f


def test_oral_agreement_shows_performance_once(engine, tmp_path):
    did = make_case(engine, escalate=False)
    case = get_case_info(engine, did)
    records.void_agreement(engine, case.agreements[0].id, "改为口头协议")
    records.add_agreement(engine, did, dict(form="oral", signed_on=date(2026, 10, 12), terms="拆墙",
                                            performance="partial", performed_on=date(2026, 10, 15)))
    f = flat(pdf_text(render_document(engine, "oral_agreement", did, tmp_path / "口头.pdf")))
    assert f.count("履行情况") == 1 and "部分履行" in f


def test_escalations_are_records_audited_and_printed(own_case, tmp_path):
    engine, did = own_case
    case = get_case_info(engine, did)
    assert [e.to_whom for e in case.escalations] == ["云岭镇司法所", "云岭镇综治中心"]
    with pytest.raises(DataError):
        records.add_escalation(engine, did, dict(reported_on=date(2026, 10, 5), to_whom="  "))
    with pytest.raises(DataError):
        records.add_escalation(engine, did, dict(reported_on=date(2026, 10, 9), to_whom="司法所",
                                                 replied_on=date(2026, 10, 8)))
    e = records.update_escalation(engine, case.escalations[1].id, dict(replied_on=date(2026, 10, 9), reply="已收悉"))
    assert e.reply == "已收悉"
    from sqlalchemy import text

    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM audit_entry WHERE table_name = 'escalation'")).scalar()
    assert n == 3  # two added, one changed
    records.void_escalation(engine, case.escalations[0].id, "重复登记")
    assert len(get_case_info(engine, did).escalations) == 1
    f = flat(pdf_text(render_document(engine, "escalation", did, tmp_path / "上报.pdf")))
    assert "云岭镇综治中心" in f and "已收悉" in f and "云岭镇司法所" not in f


def test_power_of_attorney_only_for_an_agent(case_file, tmp_path):
    """Printed for a party whose agent_kind is 委托代理人 (fields of migration 0004, set here on
    the read case: this branch has no such columns)."""
    from forms.documents import notice_docs as nd
    from forms.render.pdf import Doc

    engine, did = case_file.engine, case_file.did
    case = get_case_info(engine, did)
    assert nd.agented(case) == []
    with pytest.raises(DataError):
        render_document(engine, "power_of_attorney", did, tmp_path / "委托.pdf")
    p = case.parties[0]
    p.agent_kind, p.agent_name, p.agent_relation, p.agent_id_number = "委托代理人", "张小山", "儿子", ID_B
    doc = Doc("授权委托书")
    nd.draw_power_of_attorney(doc, case, p, mask=True)
    out = tmp_path / "委托书.pdf"
    doc.save(out)
    f = flat(pdf_text(out))
    assert "授权委托书" in f and "受托人：张小山" in f and "与委托人关系：儿子" in f and ID_B not in f
    assert "代理权限" in f and "委托人：张大山" in f


def test_a_case_not_applied_for_has_no_application(engine, tmp_path):
    did = make_case(engine, applied=False, escalate=False)
    f = flat(pdf_text(render_document(engine, "case_file", did, tmp_path / "卷宗.pdf")))
    assert "人民调解申请书" not in f and "人民调解受理登记表" in f
    with pytest.raises(DataError):
        render_document(engine, "application", did, tmp_path / "申请.pdf")


def test_desk_print_whole_file_and_masked_copy(own_case, db_path, tmp_path):
    """`desk print CASE --pdf F [--masked]`: the whole file run as the clerk runs it (a
    subprocess, `python -m desk`); the masked copy by the same command line in this process
    (desk.cli.main.main, as tests/test_cli_clerk.py does), which saves a second start-up."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from desk.cli.main import main

    assert own_case[1] == 1  # the file holds make_case()'s case, 2026-001, and nothing else
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    whole, masked = tmp_path / "卷宗.pdf", tmp_path / "外送.pdf"
    run = subprocess.run([sys.executable, "-m", "desk", "--db", str(db_path), "print", "2026-001",
                          "--pdf", str(whole)], capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert main(["--db", str(db_path), "print", "2026-001", "--pdf", str(masked), "--masked"]) == 0
    f, m = flat(pdf_text(whole)), flat(pdf_text(masked))
    assert ID_A in f and PHONE_A in f
    assert ID_A not in m and PHONE_A not in m and "4501**********1234" in m and "138****5678" in m
    for title in ("卷内目录", "人民调解申请书", "人民调解当事人权利义务告知书", "人民调解协议书", "卷内备考表"):
        assert title in m


def test_the_monthly_report_counts_cases_reported_up(own_case, tmp_path):
    """上报 N 件: live cases with a live report dated in the month, a case reported twice once."""
    from db.stats.figures import monthly_figures
    from forms.monthly_report import render_report

    engine, first = own_case  # make_case(): two reports in October (5th and 7th)
    second = make_case(engine, escalate=False)
    records.add_escalation(engine, second, dict(reported_on=date(2026, 11, 2), to_whom="派出所"))
    voided = make_case(engine, escalate=False)
    e = records.add_escalation(engine, voided, dict(reported_on=date(2026, 10, 9), to_whom="派出所"))
    records.void_escalation(engine, e.id, "登记错了")
    october = monthly_figures(engine, "2026-10", today=date(2026, 11, 28))
    assert october.escalated == 1
    assert monthly_figures(engine, "2026-11", today=date(2026, 11, 28)).escalated == 1
    write.void_dispute(engine, first, "重复")
    assert monthly_figures(engine, "2026-10", today=date(2026, 11, 28)).escalated == 0
    text = render_report(october, "text")
    assert re.search(r"上报（件）\s*\|?\s*1", text), text


SIGN_STARTS = ("申请人：", "被申请人：", "第三人：", "调解员（签名）", "记录人（签名）", "人民调解员（签名）",
               "当事人（签名", "登记人", "受理人（签名）", "被调查人（签名）", "回访人（签名）", "告知人",
               "青石村人民调解委员会（盖章）", "以上记录", "以上内容")
HEADS = ("各方责任：", "当事人陈述：", "查明事实：", "调解结果：", "纠纷主要事实、争议事项：", "履行方式、地点、期限：",
         "经本委员会调解，当事人自愿达成如下协议：", "当事人（签名、盖章或按指印）：")


def _body_lines(page: str) -> list[str]:
    lines = [x.strip() for x in page.splitlines() if x.strip()]
    return [x for x in lines if not re.match(r"^第\s*\d+\s*页", x) and "卷宗（全部文书）" not in x
            and not re.match(r"^\(\d{4}\)青调字第\d+号\s", x)]


WORDS = [150, 350, 550, 750, 950, 1150, 1350, 1550]
COVER = dict(retention="长期", remarks="", filed_by=None, filed_on=None)  # render_document's defaults


def long_case(engine, words: int) -> int:
    """A case whose statement and responsibilities grow with `words`."""
    did = make_case(engine, escalate=False, responsibilities="双方各负一半责任。" * (words // 40))
    case = get_case_info(engine, did)
    # facts and result written: an empty clause is ruled lines, which pdftotext cannot see
    # (those were looked at as PNGs)
    records.update_proceeding(engine, case.proceedings[1].id, {"statements": "陈述内容，" * (words // 5),
                                                               "facts": "围墙越界。", "result": "达成协议。"})
    return did


@pytest.fixture(scope="module")
def long_pages(tmp_path_factory, _template_files) -> dict[tuple[str, int], list[str]]:
    """{(kind, words): the pdftotext pages of that document}, for a long_case of each length.

    The 16 documents (mediation records and agreement of 8 cases) are drawn by the code
    render_document runs (forms.documents._draw_case, into a Doc made as build_document makes
    it) one after another into ONE PDF, which costs one font load and one subset instead of
    16 (~1 s each). Each document starts on a new page (_head: add_page), so its pages are laid
    out as when printed alone; only the foot's "第 N 页 共 M 页" and the running head (both
    left out by _body_lines) differ."""
    from forms.documents import KINDS, _draw_case, case_sources
    from forms.render.pdf import Doc

    path, ids = build_database(tmp_path_factory, _template_files["village"], "long",
                               lambda engine: {w: long_case(engine, w) for w in WORDS})
    with shared_engine(tmp_path_factory, path, "long-shared") as shared:
        with isolated_env(tmp_path_factory):
            doc, spans = None, {}
            for words, did in ids.items():
                case = get_case_info(shared.engine, did)
                for kind in ("mediation_record", "agreement"):
                    if doc is None:
                        doc = Doc(f"{KINDS[kind]} {case.number}", running_head=f"{case.number} {KINDS[kind]}")
                    doc.add_sources(case_sources(case, COVER))
                    first = doc.page_no()
                    _draw_case(doc, case, kind, mask=False, agreement_id=None, proceeding_id=None, cover=COVER)
                    spans[(kind, words)] = (first, doc.page_no())
            out = shared.folder / "long.pdf"
            doc.save(out)
            pages = pdf_text(out).split("\f")
        yield {key: pages[start:end] for key, (start, end) in spans.items()}


@pytest.mark.parametrize("words", WORDS)
def test_signatures_and_headings_never_stand_alone(long_pages, words):
    """A long statement pushes the end of the record and of the agreement across the page
    break at every step: no page starts with signatures, no page ends with a heading."""
    for kind in ("mediation_record", "agreement"):
        pages = long_pages[(kind, words)]
        assert pages and all(p.strip() for p in pages), (kind, words)
        for n, page in enumerate(pages):
            body = _body_lines(page)
            assert body, (kind, n)
            if n > 0:
                assert not flat(body[0]).startswith(SIGN_STARTS), (kind, words, n, body[:3])
            assert not flat(body[-1]).endswith(HEADS), (kind, words, n, body[-3:])


@pytest.fixture(scope="module")
def hostile_case(tmp_path_factory):
    from db.engine import dispose_engine
    from db.schema import open_database
    from db.settings.village import save_cadre, setup_village

    path = tmp_path_factory.mktemp("hostile") / "village.db"
    eng = open_database(path)
    setup_village(eng, dict(name="青石村", committee="青石村民委员会", township="云岭镇", county="安平县",
                            case_prefix="青调", clerk="李文书"), ["一组", "二组"])
    save_cadre(eng, None, name="赵书记", roles=["书记"], phone="13907710001")
    save_cadre(eng, None, name="钱调解", roles=["调解员"], phone="13907710002")
    yield eng, make_case(eng, escalate=False), tmp_path_factory.mktemp("hostile-out")
    dispose_engine(path)


def _shown(text: str) -> str:
    """The characters pdftotext gives back reliably: CJK ideographs, ASCII letters and digits."""
    return "".join(ch for ch in text if (ch.isascii() and ch.isalnum()) or "\u4e00" <= ch <= "\u9fff")


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(to_whom=storable_text(max_size=5), matter=storable_text(max_size=5), note=storable_text(max_size=6))
def test_hostile_text_in_reports_up_and_the_file_note_prints_or_names_its_field(hostile_case, to_whom, matter, note):
    """Every character prints (read back), or printing stops naming the character and its field."""
    from forms.render.fonts import GlyphMissing

    engine, did, out = hostile_case
    e = records.add_escalation(engine, did, dict(reported_on=date(2026, 10, 5), to_whom=to_whom[:100],
                                                  matter=matter[:500]))
    write.update_dispute(engine, did, {"file_note": note[:2000]})
    try:
        for kind, wanted in (("escalation", to_whom + matter), ("file_note", note)):
            try:
                path = render_document(engine, kind, did, out / f"{kind}.pdf")
            except GlyphMissing as exc:
                assert exc.field in ("上报记录的上报对象", "上报记录的上报事项", "卷宗情况说明"), exc.field
                continue
            got = flat(pdf_text(path, layout=False))
            assert all(ch in got for ch in _shown(wanted)), (kind, wanted)
    finally:
        records.void_escalation(engine, e.id, "测试完毕")
