"""The 名册, the plans and each 屯's 联系公示 on paper, read back with pdftotext."""

from __future__ import annotations

import re
from datetime import date

import pytest

from db import network as nw
from db import plans as pl
from db.session import DataError
from forms.documents import render_document
from forms.documents.plans import build_plans
from forms.documents.roster import build_roster
from forms.render.fonts import GlyphMissing
from tests.forms.conftest import build_database, shared_engine
from tests.forms.pdftools import pdf_pages, pdf_text
from tests.forms.test_fonts import RARE, packaged_chain


def flat(txt: str) -> str:
    return re.sub(r"\s+", "", txt)


def add_network(engine) -> None:
    nw.save_member(engine, None, dict(kind="committee", role="主任", name="孙主任", cadre_id=3,
                                      appointed_on=date(2024, 1, 5), term_ends_on=date(2028, 12, 31)))
    nw.save_member(engine, None, dict(kind="committee", role="委员", name="覃老支书", phone="13800000009",
                                      background="老干部"))
    nw.save_member(engine, None, dict(kind="group", role="组长", name="韦组长", phone="13800000002", hamlet_id=1))
    nw.save_member(engine, None, dict(kind="contact", role="十户长", name="蓝十户", phone="13800000003",
                                      hamlet_id=1, background="老党员"))
    nw.save_member(engine, None, dict(kind="contact", role="信息员", name="黄信息", phone="13800000004", hamlet_id=2))


@pytest.fixture(scope="module")
def net_engine(tmp_path_factory, _template_files):
    """The network above, made once per module, read-only (the tests below only print it)."""
    path, _ = build_database(tmp_path_factory, _template_files["village"], "network", add_network)
    with shared_engine(tmp_path_factory, path, "network-shared") as shared:
        yield shared.engine


def test_the_roster_lists_the_committee_with_terms_and_each_hamlet(net_engine, tmp_path):
    path = tmp_path / "名册.pdf"
    build_roster(net_engine, today=date(2026, 11, 1)).save(path)
    f = flat(pdf_text(path))
    assert "青石村人民调解组织网络名册" in f and "共5人" in f
    assert "孙主任主任村干部13907710003" in f  # the linked cadre's phone when none is given
    assert "2024-01-05" in f and "2028-12-31" in f
    assert "一组调解小组组长韦组长" in f and "一组联络员十户长蓝十户老党员13800000003" in f
    assert "二组联络员信息员黄信息" in f and "三组（尚未登记）" in f


def test_the_contact_notice_is_built_from_the_network(net_engine, tmp_path):
    path = render_document(net_engine, "contact_notice", 1, tmp_path / "公示.pdf", today=date(2026, 11, 1))
    f = flat(pdf_text(path))
    assert "本组调解小组和联络员" in f and "韦组长组长13800000002" in f and "蓝十户十户长13800000003" in f
    assert "黄信息" not in f  # another hamlet's contact
    assert "覃老支书委员13800000009" in f  # the committee from the network, not the cadres' roles
    path = render_document(net_engine, "contact_notice", None, tmp_path / "all.pdf")
    assert pdf_pages(path) == 4


def test_the_plans_print_each_plan_and_the_drill_log(engine, tmp_path):
    flood = pl.save_plan(engine, None, dict(kind="flood", name="防汛应急预案", leader="赵书记", leader_phone="13907710001",
                                            materials="救生衣20件\n沙袋500个"))
    fire = pl.save_plan(engine, None, dict(kind="fire", name="火灾应急预案", leader="孙主任"))
    team = pl.save_team(engine, flood.id, None, {"name": "抢险组", "duty": "巡堤抢险"})
    a = pl.save_plan_member(engine, team.id, None, {"name": "钱调解", "phone": "13907710002"})
    pl.save_plan_member(engine, team.id, None, {"name": "韦组长", "phone": "13800000002", "caller_id": a.id})
    pl.save_site(engine, flood.id, None, {"name": "村小学", "place": "二组后山", "capacity": 200, "hamlet_id": 2})
    pl.record_drill(engine, flood.id, None, {"held_on": date(2026, 4, 20), "participants": "抢险组12人",
                                             "found": "冲锋舟缺油", "changed": "每月检查油料"}, today=date(2026, 5, 1))
    pl.record_drill(engine, fire.id, None, {"kind": "event", "held_on": date(2026, 7, 2), "what": "柴房起火，已扑灭"},
                    today=date(2026, 7, 3))
    path = tmp_path / "预案.pdf"
    build_plans(engine, today=date(2026, 11, 1)).save(path)
    text = pdf_text(path)
    f = flat(text)
    assert "青石村防汛应急预案" in f and "演练要求：每年5月1日前" in f and "青石村火灾应急预案" in f
    assert "抢险组巡堤抢险" in f and "钱调解13907710002赵书记" in f  # phoned by the 总指挥
    assert "韦组长13800000002钱调解" in f  # phoned by 钱调解
    assert "赵书记13907710001（总指挥）└钱调解13907710002（抢险组）└韦组长" in f  # the phone tree
    assert "村小学二组后山200二组" in f and "1.救生衣20件" in f and "2.沙袋500个" in f
    assert "应急预案演练和处置记录" in f and "共2次" in f
    assert "防汛应急预案2026-04-20演练抢险组12人冲锋舟缺油每月检查油料" in f
    assert "火灾应急预案2026-07-02实际处置经过：柴房起火，已扑灭" in f
    assert pdf_pages(path) == 3


def test_no_plan_yet_says_so_in_chinese(engine):
    with pytest.raises(DataError, match="还没有应急预案"):
        build_plans(engine)


def test_no_village_yet_says_so_in_chinese(empty_engine):
    with pytest.raises(DataError, match="村庄信息"):
        build_roster(empty_engine)


def test_a_name_no_font_has_stops_the_roster_and_names_the_field(engine, tmp_path):
    nw.save_member(engine, None, dict(kind="contact", role="信息员", name=f"王小{RARE}", hamlet_id=1))
    with pytest.raises(GlyphMissing) as err:
        build_roster(engine, chain=packaged_chain()).save(tmp_path / "r.pdf")
    assert "U+20BB7" in err.value.message and "调解网络成员姓名" in err.value.message
    assert not (tmp_path / "r.pdf").exists()
    path = tmp_path / "ok.pdf"
    build_roster(engine).save(path)  # the machine's fonts have it: every character prints
    assert f"王小{RARE}" in pdf_text(path)
