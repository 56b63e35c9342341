"""Records that keep themselves right (issue 12): the data layer's rules on parties and cases.

涉及人数 follows the parties, sex and birth date come from an 18-digit ID, a mediation record
starts the mediation, a document type and an agent are kept with their checks. Real files.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlmodel import Session, select

from db.models import AuditEntry, Dispute, Party
from db.register import write as r
from db.session import DataError

DAY = date(2026, 3, 5)
ID_MAN = "45990019800101123X"  # 17th digit 3: 男, born 1980-01-01
ID_WOMAN = "450102199912310027"  # 17th digit 2: 女, born 1999-12-31


def new_case(engine, parties=None, **extra):
    data = dict(accepted_on=DAY, type_id=2, hamlet_id=1, summary="排水沟堵塞")
    data.update(extra)
    if parties is None:
        parties = [dict(name="曾三"), dict(name="张四", role="respondent")]
    return r.create_dispute(engine, data, parties)


def fresh(engine, model, row_id):
    with Session(engine) as s:
        return s.get(model, row_id)


def audit_actions(engine, since: int = 0) -> list[tuple[str, str]]:
    with Session(engine) as s:
        rows = s.exec(select(AuditEntry).where(AuditEntry.id > since).order_by(AuditEntry.id)).all()
        return [(a.table_name, a.action) for a in rows]


def last_audit_id(engine) -> int:
    with Session(engine) as s:
        return max(s.exec(select(AuditEntry.id)).all(), default=0)


# ---- 涉及人数 ----------------------------------------------------------------------------------


def test_a_new_case_counts_at_least_its_named_parties(engine):
    d = new_case(engine, people_involved=0)
    assert fresh(engine, Dispute, d.id).people_involved == 2
    d = new_case(engine, people_involved=7)  # more people than named: kept
    assert fresh(engine, Dispute, d.id).people_involved == 7
    five = [dict(name=f"村民{c}", role="third") for c in "甲乙丙丁戊"]
    d = new_case(engine, parties=five, people_involved=1)
    case = fresh(engine, Dispute, d.id)
    assert case.people_involved == 5 and case.is_mass  # 5 people: a mass dispute


def test_adding_a_party_raises_the_figure_in_the_same_change(engine):
    d = new_case(engine, people_involved=2)
    since = last_audit_id(engine)
    r.add_party(engine, d.id, dict(name="王五", role="third"))
    assert fresh(engine, Dispute, d.id).people_involved == 3
    assert audit_actions(engine, since) == [("party", "insert"), ("dispute", "update")]
    since = last_audit_id(engine)
    r.update_dispute(engine, d.id, {"people_involved": 9})
    r.add_party(engine, d.id, dict(name="赵六", role="third"))  # 4 named, 9 involved: kept
    assert fresh(engine, Dispute, d.id).people_involved == 9


def test_a_smaller_figure_is_refused_at_its_field_and_changes_nothing(engine):
    d = new_case(engine, people_involved=2)
    with pytest.raises(DataError) as err:
        r.update_dispute(engine, d.id, {"people_involved": 1, "summary": "改了"})
    assert err.value.field == "people_involved"
    assert "不能少于已登记的当事人（2人）" in err.value.message
    case = fresh(engine, Dispute, d.id)
    assert (case.people_involved, case.summary) == (2, "排水沟堵塞")
    r.update_dispute(engine, d.id, {"people_involved": 2})  # equal is fine


def test_a_voided_party_no_longer_counts_and_one_brought_back_does(engine):
    d = new_case(engine, people_involved=2)
    p = r.add_party(engine, d.id, dict(name="王五", role="third"))
    r.void_party(engine, p.id, "登记错了")
    assert fresh(engine, Dispute, d.id).people_involved == 3  # voiding keeps the figure
    r.update_dispute(engine, d.id, {"people_involved": 2})  # now 2 live parties: allowed
    r.unvoid_record(engine, "party", p.id)
    assert fresh(engine, Dispute, d.id).people_involved == 3


# ---- sex and birth date from the ID --------------------------------------------------------


def test_sex_and_birth_date_are_filled_from_an_18_digit_id(engine):
    d = new_case(engine)
    p = r.add_party(engine, d.id, dict(name="李梅", role="third", id_number=ID_WOMAN))
    row = fresh(engine, Party, p.id)
    assert (row.sex, row.birth_date) == ("女", date(1999, 12, 31))
    p = r.add_party(engine, d.id, dict(name="韦强", role="third", id_number=ID_MAN, sex="男",
                                       birth_date=date(1980, 1, 1)))
    assert fresh(engine, Party, p.id).sex == "男"


@pytest.mark.parametrize("data, field, words", [
    (dict(sex="女"), "sex", "第17位表示“男”"),
    (dict(birth_date=date(1980, 1, 2)), "birth_date", "1980-01-01"),
])
def test_a_typed_value_the_id_contradicts_is_refused(engine, data, field, words):
    d = new_case(engine)
    before = last_audit_id(engine)
    with pytest.raises(DataError) as err:
        r.add_party(engine, d.id, dict(name="韦强", role="third", id_number=ID_MAN, **data))
    assert err.value.field == field and words in err.value.message
    assert last_audit_id(engine) == before
    p = r.add_party(engine, d.id, dict(name="韦强", role="third"))
    with pytest.raises(DataError) as err:
        r.update_party(engine, p.id, dict(id_number=ID_MAN, **data))
    assert err.value.field == field
    assert fresh(engine, Party, p.id).id_number == ""


def test_only_18_digit_ids_of_the_mainland_kinds_say_sex_and_birth(engine):
    d = new_case(engine)
    p = r.add_party(engine, d.id, dict(name="Anna Lee", role="third", id_type="passport",
                                       id_number="450102199912310027", sex="男"))
    row = fresh(engine, Party, p.id)
    assert (row.sex, row.birth_date, row.id_type) == ("男", None, "passport")
    p = r.add_party(engine, d.id, dict(name="陈港生", role="third", id_type="residence_permit",
                                       id_number="810000199001011237"))
    assert fresh(engine, Party, p.id).birth_date == date(1990, 1, 1)


# ---- document type and agent ----------------------------------------------------------------


def test_existing_and_new_parties_default_to_the_resident_id(engine):
    d = new_case(engine)
    with Session(engine) as s:
        types = s.exec(select(Party.id_type).where(Party.dispute_id == d.id)).all()
    assert types == ["resident", "resident"]
    with pytest.raises(DataError) as err:
        r.add_party(engine, d.id, dict(name="王五", id_type="军官证"))
    assert err.value.field == "id_type" and "居民身份证" in err.value.message


def test_an_agent_is_kept_with_its_kind_and_name(engine):
    d = new_case(engine)
    p = r.add_party(engine, d.id, dict(name="小明", role="third", agent_kind="法定代理人", agent_name=" 王五 ",
                                       agent_relation="父子", agent_id_number=ID_MAN, agent_phone="13907710001"))
    row = fresh(engine, Party, p.id)
    assert (row.agent_kind, row.agent_name, row.agent_relation) == ("法定代理人", "王五", "父子")
    r.update_party(engine, p.id, dict(agent_kind="", agent_name="", agent_relation="", agent_id_number="",
                                      agent_phone=""))
    assert fresh(engine, Party, p.id).agent_kind is None


@pytest.mark.parametrize("data, field", [
    (dict(agent_name="王五"), "agent_kind"),  # details without a kind
    (dict(agent_phone="13907710001"), "agent_kind"),
    (dict(agent_kind="委托代理人"), "agent_name"),  # a kind without a name
    (dict(agent_kind="监护人", agent_name="王五"), "agent_kind"),
])
def test_an_incomplete_agent_is_refused(engine, data, field):
    d = new_case(engine)
    with pytest.raises(DataError) as err:
        r.add_party(engine, d.id, dict(name="小明", **data))
    assert err.value.field == field


def test_the_file_itself_refuses_a_bad_type_or_agent(engine, db_path):
    d = new_case(engine)
    con = sqlite3.connect(db_path)
    try:
        for sql in ("UPDATE party SET id_type = 'x' WHERE dispute_id = ?",
                    "UPDATE party SET agent_kind = '监护人' WHERE dispute_id = ?",
                    "UPDATE party SET agent_name = '王五' WHERE dispute_id = ?"):
            with pytest.raises(sqlite3.IntegrityError):
                con.execute(sql, (d.id,))
    finally:
        con.close()


# ---- a mediation record starts the mediation; the agreement says why not ------------------------


def test_a_mediation_record_moves_an_accepted_case_to_mediating(engine):
    d = new_case(engine)
    r.add_proceeding(engine, d.id, dict(kind="investigation", held_on=DAY, rights_notified=True))
    assert fresh(engine, Dispute, d.id).status == "accepted"  # an investigation does not
    since = last_audit_id(engine)
    r.add_proceeding(engine, d.id, dict(kind="mediation", held_on=DAY, rights_notified=True))
    assert fresh(engine, Dispute, d.id).status == "mediating"
    assert audit_actions(engine, since) == [("proceeding", "insert"), ("dispute", "update")]
    r.move_status(engine, d.id, "failed")
    r.add_proceeding(engine, d.id, dict(kind="mediation", held_on=DAY, rights_notified=True))
    assert fresh(engine, Dispute, d.id).status == "failed"  # only 受理 moves


def test_status_after_record_and_agreement_refusal():
    assert r.status_after_record("accepted", "mediation") == "mediating"
    assert r.status_after_record("accepted", "investigation") is None
    assert r.status_after_record("mediating", "mediation") is None
    assert r.agreement_refusal("succeeded") is None
    for status, hint in (("accepted", "改为“调解成功”"), ("mediating", "改为“调解成功”"),
                         ("failed", "重新打开"), ("withdrawn", "重新打开")):
        message = r.agreement_refusal(status)
        assert "只有“调解成功”的案件才能登记调解协议" in message and hint in message


def test_an_agreement_on_a_case_still_mediating_is_refused_with_the_reason(engine):
    d = new_case(engine)
    with pytest.raises(DataError) as err:
        r.add_agreement(engine, d.id, dict(signed_on=DAY))
    assert err.value.message == r.agreement_refusal("accepted")


def test_a_known_person_brings_the_type_of_their_document(engine):
    from db.register.query import known_people

    d = new_case(engine)
    r.add_party(engine, d.id, dict(name="Anna Lee", role="third", id_type="passport", id_number="E12345678"))
    (person,) = known_people(engine, "Anna")
    data = person.party_data()
    assert (data["id_type"], data["id_number"]) == ("passport", "E12345678")
    r.add_party(engine, d.id, dict(data, role="applicant"))  # reused as typed: accepted again


def test_an_organisation_gets_no_sex_or_birth_date_from_its_number(engine):
    d = new_case(engine)
    p = r.add_party(engine, d.id, dict(name="青石砂场", kind="org", role="respondent", id_number=ID_MAN))
    row = fresh(engine, Party, p.id)
    assert (row.sex, row.birth_date) == ("", None)
