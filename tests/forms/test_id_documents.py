"""A party's document type and number, what an ID says, the agent, 涉及人数 (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.models.register import ID_TYPES
from forms import register_fields as rf
from forms.id_documents import (
    facts_from_number,
    id_type_label,
    identity_errors,
    parse_document_number,
)
from forms.validate import ValidationError, id_check_char
from tests.hostile import hostile_text

TODAY = date(2026, 12, 1)


def with_check(first17: str) -> str:
    return first17 + id_check_char(first17)


ID_MAN = with_check("45010219800101123")  # 17th digit 3: 男
HK_PERMIT = with_check("81000019900101124")  # 17th digit 4: 女
BAD_CHECK = ID_MAN[:17] + ("0" if ID_MAN[17] != "0" else "1")


@pytest.mark.parametrize("id_type, typed, stored", [
    ("resident", ID_MAN.lower(), ID_MAN.upper()),
    (None, f" {ID_MAN} ", ID_MAN),  # no type: 居民身份证
    ("residence_permit", HK_PERMIT, HK_PERMIT),
    ("hk_macao_permit", "h12345678", "H12345678"),
    ("hk_macao_permit", "M1234567890", "M1234567890"),
    ("taiwan_permit", "12345678", "12345678"),
    ("taiwan_permit", "１２３４５６７８９０", "1234567890"),  # full-width digits
    ("foreign_permanent", "usa123456789012", "USA123456789012"),
    ("foreign_permanent", "911000199001011234", "911000199001011234"),
    ("passport", "e 1234 5678", "E12345678"),
    ("other", "军官字第123号", "军官字第123号"),
    ("passport", "  ", ""),  # blank stays blank
])
def test_each_document_type_takes_its_own_numbers(id_type, typed, stored):
    assert parse_document_number(id_type, typed, today=TODAY) == stored


@pytest.mark.parametrize("id_type, typed, words", [
    ("resident", BAD_CHECK, "校验码"),
    ("resident", "H12345678", "18位"),
    ("residence_permit", ID_MAN, "810000"),  # a mainland number is not a 居住证
    ("residence_permit", BAD_CHECK.replace("450102", "810000"), "居住证号码"),
    ("hk_macao_permit", "12345678", "H（香港）或M（澳门）"),
    ("hk_macao_permit", "H123456789", "8位或10位"),
    ("taiwan_permit", "1234567", "8位数字"),
    ("taiwan_permit", "T12345678", "8位数字"),
    ("foreign_permanent", "123456789012345", "15位"),
    ("foreign_permanent", "811000199001011234", "以9开头"),
    ("passport", "E123456789012345678", "最多18位"),
    ("passport", "E123\u202e4567", "看不见的控制字符"),
    ("other", "号码\u200b", "看不见"),
])
def test_a_wrong_number_is_refused_with_the_check_it_failed(id_type, typed, words):
    with pytest.raises(ValidationError) as err:
        parse_document_number(id_type, typed, today=TODAY)
    assert words in err.value.message


@settings(max_examples=40, deadline=None)
@given(id_type=st.sampled_from([*ID_TYPES, None]), text=hostile_text())
def test_any_text_is_a_number_or_one_chinese_sentence(id_type, text):
    try:
        out = parse_document_number(id_type, text, today=TODAY)
    except ValidationError as exc:
        assert exc.message and exc.message.endswith("。")
    else:
        assert len(out) <= 18 and out == out.strip()


def test_labels_and_what_an_id_says():
    assert id_type_label(None) == id_type_label("") == "居民身份证"
    assert id_type_label("passport") == "护照"
    assert facts_from_number("resident", ID_MAN) == ("男", date(1980, 1, 1))
    assert facts_from_number("residence_permit", HK_PERMIT) == ("女", date(1990, 1, 1))
    assert facts_from_number("passport", ID_MAN) is None  # only the GB 11643 kinds
    assert facts_from_number("foreign_permanent", "911000199001011234") is None
    assert facts_from_number("resident", "") is None


def test_sex_and_birth_are_filled_from_the_id_and_a_contradiction_is_refused():
    values = {"id_type": "resident", "id_number": ID_MAN.lower(), "sex": None, "birth_date": None}
    assert identity_errors(values) == {}
    assert values == {"id_type": "resident", "id_number": ID_MAN, "sex": "男", "birth_date": date(1980, 1, 1)}
    values = {"id_type": "resident", "id_number": ID_MAN, "sex": "女", "birth_date": date(1980, 1, 2)}
    errors = identity_errors(values)
    assert set(errors) == {"sex", "birth_date"}
    assert "第17位表示“男”" in errors["sex"] and "1980-01-01" in errors["birth_date"]
    values = {"id_type": "passport", "id_number": "E12345678", "sex": "女", "birth_date": None}
    assert identity_errors(values) == {} and values["birth_date"] is None
    assert "id_number" in identity_errors({"id_type": "taiwan_permit", "id_number": "12"})


def test_the_party_form_checks_the_agent_and_builds_the_data():
    base = {"role": "third", "name": "小明", "kind": "person", "id_type": "resident", "id_number": "",
            "sex": None, "birth_date": None}
    assert rf.check_party(dict(base, agent_name="王五"))["agent_kind"].startswith("填了代理人")
    assert "请填写代理人姓名" in rf.check_party(dict(base, agent_kind="法定代理人"))["agent_name"]
    values = dict(base, agent_kind="法定代理人", agent_name="王五", agent_relation="父子")
    assert rf.check_party(values) == {}
    data = rf.party_data(values)
    assert data["agent_kind"] == "法定代理人" and data["id_type"] == "resident" and data["sex"] == ""
    assert rf.party_data(dict(base, agent_kind=None))["agent_kind"] is None
    names = [f.name for f in rf.PARTY_FORM]
    for field in ("id_type", "agent_kind", "agent_name", "agent_relation", "agent_id_number", "agent_phone"):
        assert field in names
    assert names.index("id_type") < names.index("id_number")


def test_people_error():
    assert rf.people_error(None, 3) is None and rf.people_error(3, 3) is None
    assert "不能少于已登记的当事人（3人）" in rf.people_error(2, 3)


def test_an_organisation_number_is_its_credit_code():
    values = {"kind": "org", "id_type": "resident", "id_number": "91450100ma5kxxxx0q", "sex": None,
              "birth_date": None}
    assert identity_errors(values) == {} and values["id_number"] == "91450100MA5KXXXX0Q"
    assert values["sex"] is None  # no sex or birth date for an organisation
    errors = identity_errors({"kind": "org", "id_type": "resident", "id_number": "91450100MA5KIO0000"})
    assert "统一社会信用代码" in errors["id_number"]
