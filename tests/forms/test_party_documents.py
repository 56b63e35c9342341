"""The party block on paper: the document type where it is not 居民身份证, and the agent."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest

from db.register import write as r
from forms.documents import render_document
from forms.validate import id_check_char
from tests.forms.conftest import build_database, shared_engine
from tests.forms.pdftools import pdf_text

DAY = date(2026, 10, 3)
ID_FATHER = "45010219750101001" + id_check_char("45010219750101001")
ID_CHILD = "45010220150601002" + id_check_char("45010220150601002")


def flat(txt: str) -> str:
    return re.sub(r"\s+", "", txt)


def make_case(engine) -> int:
    d = r.create_dispute(engine, dict(accepted_on=DAY, type_id=2, hamlet_id=1, summary="邻里噪音"), [
        dict(name="李小明", role="applicant", id_number=ID_CHILD, agent_kind="法定代理人", agent_name="李大山",
             agent_relation="父子", agent_id_number=ID_FATHER, agent_phone="13907710001"),
        dict(name="Anna Lee", role="respondent", id_type="passport", id_number="E12345678"),
        dict(name="陈港生", role="third", id_type="hk_macao_permit", id_number="H12345678",
             agent_kind="委托代理人", agent_name="黄律师", agent_relation="律师"),
    ])
    r.move_status(engine, d.id, "succeeded")
    r.add_agreement(engine, d.id, dict(signed_on=DAY, terms="不再深夜放音乐"))
    return d.id


@pytest.fixture(scope="module")
def party_case(tmp_path_factory, _template_files):
    """(engine, case id): make_case's case made once per module, read-only (the tests below
    only print and export it; tests/forms/conftest.py checks nothing was written)."""
    path, case_id = build_database(tmp_path_factory, _template_files["village"], "party", make_case)
    with shared_engine(tmp_path_factory, path, "party-shared") as shared:
        yield shared.engine, case_id


def test_the_agreement_names_the_document_and_the_agents(party_case, tmp_path):
    engine, case_id = party_case
    f = flat(pdf_text(render_document(engine, "agreement", case_id, tmp_path / "a.pdf")))
    # A resident ID keeps its usual words; the others name their document.
    assert f"公民身份号码：{ID_CHILD}" in f
    assert "护照号码：E12345678" in f and "港澳居民来往内地通行证号码：H12345678" in f
    assert "居民身份证号码" not in f
    # The agents follow their party, and sign too.
    assert f"法定代理人：李大山，与申请人关系：父子，公民身份号码：{ID_FATHER}，联系电话：13907710001。" in f
    assert "委托代理人：黄律师，与第三人关系：律师。" in f
    assert "申请人法定代理人：李大山" in f and "第三人委托代理人：黄律师" in f
    assert f.count("按指印：") == 5  # three parties and two agents
    assert "一式四份" in f  # copies follow the parties, not the agents


def test_the_parties_table_shows_the_type_and_the_agent(party_case, tmp_path):
    engine, case_id = party_case
    path = render_document(engine, "acceptance", case_id, tmp_path / "s.pdf", mask_ids=True)
    f = flat(pdf_text(path, layout=False))  # cells in reading order: a wrapped cell reads whole
    assert "证件号码" in f and "身份证号码" not in f
    assert "护照*****5678" in f and "港澳通行证*****5678" in f  # masked: the last four show
    assert "（法定代理人：李大山）" in f and "（委托代理人：黄律师）" in f
    assert ID_FATHER not in f and ID_CHILD not in f  # masked copy: birth dates hidden


def test_the_export_writes_other_documents_with_their_type_and_the_import_reads_them_back(party_case, tmp_path):
    from forms.register_export import export_register
    from forms.register_import import plan_import

    engine, _case_id = party_case
    path = tmp_path / "r.xlsx"
    assert export_register(engine, path, mask_ids=False) == 1
    sheet = openpyxl.load_workbook(path).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "护照：E12345678" in cells and ID_CHILD in cells  # a resident ID stays bare
    plan = plan_import(engine, path)
    assert not plan.errors, plan.errors
    (row,) = plan.rows_ok
    respondent = next(p for p in row.parties if p["role"] == "respondent")
    assert (respondent["id_type"], respondent["id_number"]) == ("passport", "E12345678")
    applicant = next(p for p in row.parties if p["role"] == "applicant")
    assert applicant["id_number"] == ID_CHILD and "id_type" not in applicant


def test_a_typed_document_in_an_imported_cell_is_checked_as_that_document(engine, tmp_path):
    from forms.register_import import COLUMNS, plan_import

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    base = {"受理日期": "2026-10-03", "纠纷类型": "邻里", "申请人": "陈港生", "纠纷简要情况": "噪音"}
    for number in ("港澳居民来往内地通行证:h12345678", "台湾居民来往大陆通行证：1234"):
        sheet.append([base.get(col, number if col == "申请人身份证号" else "") for col in COLUMNS])
    book.save(tmp_path / "i.xlsx")
    plan = plan_import(engine, tmp_path / "i.xlsx")
    assert plan.rows_ok[0].parties[0]["id_type"] == "hk_macao_permit"
    assert plan.rows_ok[0].parties[0]["id_number"] == "H12345678"
    assert len(plan.errors) == 1 and "8位数字" in str(plan.errors[0])
