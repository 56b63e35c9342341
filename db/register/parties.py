"""The parties of a case (当事人): add, change, void; and the rules a party keeps.

Same contract as db/register/write.py (which re-exports these): one transaction per call, one
audit entry for each row changed, DataError(message, field) with one Chinese sentence.

Rules kept here, whatever path the party comes by (screen, import, demo):
- 涉及人数 follows the parties: a case never counts fewer people than its live parties; adding
  (or bringing back) a party raises the figure when needed, and is_mass follows it.
- Sex and birth date of an 18-digit ID (居民身份证, 港澳台居民居住证) come from the number: a
  blank is filled, a contradicting value refused.
- A document type from ID_TYPES; an agent (法定代理人 / 委托代理人) has a kind and a name, and
  agent details without a kind are refused.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.models import Dispute, Hamlet, Party
from db.models.register import (
    AGENT_KINDS,
    ID_TYPES,
    ID_TYPES_WITH_BIRTH,
    MASS_THRESHOLD,
    PARTY_KINDS,
    PARTY_ROLES,
)
from db.pinyin import case_keys, name_keys
from db.register.check import (
    SEXES,
    choice,
    coerce,
    exists,
    id_facts,
    live,
    live_dispute,
    need_text,
    set_void,
)
from db.session import DataError, unit

PARTY_FIELDS = (
    "role", "kind", "name", "representative", "sex", "ethnicity", "birth_date", "age",
    "id_number", "occupation", "address", "hamlet_id", "phone", "id_type",
    "agent_kind", "agent_name", "agent_relation", "agent_id_number", "agent_phone",
)
AGENT_FIELDS = ("agent_name", "agent_relation", "agent_id_number", "agent_phone")
MAX_AGE = 150


# ---- rules ------------------------------------------------------------------------------------


def _check_party(s: Session, p: Party) -> None:
    with s.no_autoflush:
        _check_party_rules(s, p)


def _check_party_rules(s: Session, p: Party) -> None:
    choice(p.role, PARTY_ROLES, "role")
    choice(p.kind, PARTY_KINDS, "kind")
    choice(p.id_type, ID_TYPES, "id_type")
    if p.sex not in SEXES:
        raise DataError("“性别”只能填“男”或“女”，不清楚可以空着。", "sex")
    if p.age is not None and p.age > MAX_AGE:
        raise DataError(f"“年龄”{p.age} 不对，请填写 0 到 {MAX_AGE} 之间的数。", "age")
    _from_id(p)
    if p.agent_kind is None:
        if any(getattr(p, f) for f in AGENT_FIELDS):
            raise DataError("填了代理人的情况，请选择代理人类别：法定代理人或委托代理人。", "agent_kind")
    elif p.agent_kind not in AGENT_KINDS:
        raise DataError("“代理人类别”只能是法定代理人或委托代理人，没有代理人请空着。", "agent_kind")
    elif not p.agent_name:
        raise DataError(f"选了{p.agent_kind}，请填写代理人姓名。", "agent_name")
    exists(s, Hamlet, p.hamlet_id, "hamlet_id", "屯组")


def _from_id(p: Party) -> None:
    """Fill a blank sex / birth date from an 18-digit ID; refuse values it contradicts."""
    facts = id_facts(p.id_number) if p.id_type in ID_TYPES_WITH_BIRTH and p.kind == "person" else None
    if facts is None:
        return
    sex, born = facts
    if not p.sex:
        p.sex = sex
    elif p.sex != sex:
        raise DataError(f"身份证号第17位表示“{sex}”，性别却是“{p.sex}”，请核对身份证号或改正性别。", "sex")
    if p.birth_date is None:
        p.birth_date = born
    elif p.birth_date != born:
        raise DataError(f"身份证号里的出生日期是{born:%Y-%m-%d}，出生日期却是{p.birth_date:%Y-%m-%d}，"
                        f"请核对身份证号或改正出生日期。", "birth_date")


def live_parties(s: Session, dispute_id: int) -> int:
    """How many live parties the case has (flushed ones)."""
    q = select(func.count()).select_from(Party).where(Party.dispute_id == dispute_id, Party.voided == False)  # noqa: E712
    return s.exec(q).one()


def follow_parties(s: Session, d: Dispute) -> None:
    """Raise 涉及人数 to the number of live parties when it is lower (is_mass follows)."""
    named = live_parties(s, d.id)
    if d.people_involved < named:
        d.people_involved = named
        if named >= MASS_THRESHOLD and not d.is_mass:
            d.is_mass = True


# ---- search columns ---------------------------------------------------------------------------


def search_fields(parties: Iterable[Party], summary: str) -> tuple[str, str]:
    """(search_text, search_initials) of a case from its live parties and its summary.

    search_text: names, representatives, phones and ID numbers, then the summary, separated
    by spaces; search_initials: every party's (and representative's) pinyin keys (db.pinyin).
    """
    words: list[str] = []
    names: list[str] = []
    for p in parties:
        if p.voided:
            continue
        words += [w for w in (p.name, p.representative, p.phone, p.id_number) if w]
        if "-" in p.phone:  # a landline is found whether typed with its dash or without
            words.append(p.phone.replace("-", ""))
        names += [p.name, p.representative]
    text = " ".join(words + [summary.strip()]).strip()[:4000]
    return text, case_keys(names)


def refresh_search(s: Session, d: Dispute) -> None:
    # Denormalised columns only: the audit hook skips them, so no extra audit entry is written.
    parties = s.exec(select(Party).where(Party.dispute_id == d.id).order_by(Party.id)).all()
    text, readings = search_fields(parties, d.summary)
    if d.search_text != text:
        d.search_text = text
    if d.search_initials != readings:
        d.search_initials = readings


# ---- changes ----------------------------------------------------------------------------------


def _party_values(data: dict, *, partial: bool) -> dict:
    data = dict(data)
    if data.get("agent_kind") == "":
        data["agent_kind"] = None
    if data.get("id_type") is None and "id_type" in data:
        data["id_type"] = "resident"
    vals = coerce(Party, data, PARTY_FIELDS)
    if "name" in vals or not partial:
        vals["name"] = need_text(vals.get("name", ""), "name", "当事人姓名")
    for key in ("representative", "id_number", "phone", "sex", "ethnicity") + AGENT_FIELDS:
        if key in vals:
            vals[key] = vals[key].strip()
    return vals


def new_party(s: Session, d: Dispute, data: dict) -> Party:
    """A party of `d` added to the session (not flushed; 涉及人数 is the caller's step)."""
    p = Party(dispute_id=d.id, **_party_values(data, partial=False))
    p.initials = name_keys(p.name)
    _check_party(s, p)
    s.add(p)
    return p


def add_party_in(s: Session, dispute_id: int, data: dict) -> Party:
    """add_party inside the caller's transaction."""
    d = live_dispute(s, dispute_id)
    p = new_party(s, d, data)
    s.flush()
    follow_parties(s, d)
    refresh_search(s, d)
    return p


def add_party(engine: Engine, dispute_id: int, data: dict, *, who: str | None = None) -> Party:
    """Add an applicant, respondent or third party (dict of PARTY_FIELDS; name required).
    涉及人数 is raised to the number of parties when it was lower."""
    with unit(engine, who=who) as s:
        return add_party_in(s, dispute_id, data)


def update_party(engine: Engine, party_id: int, changes: dict, *, who: str | None = None) -> Party:
    """Change a party's details (PARTY_FIELDS); keeps initials and the case's search columns."""
    with unit(engine, who=who) as s:
        p = live(s, Party, party_id, "当事人")
        d = live_dispute(s, p.dispute_id)
        for key, value in _party_values(changes, partial=True).items():
            if getattr(p, key) != value:
                setattr(p, key, value)
        if p.initials != name_keys(p.name):
            p.initials = name_keys(p.name)
        _check_party(s, p)
        refresh_search(s, d)
        return p


def void_party(engine: Engine, party_id: int, reason: str, *, who: str | None = None) -> Party:
    """Void a party entered by mistake (kept in the file and the history, hidden elsewhere).
    涉及人数 stays as it is: the people were involved whether or not they are named."""
    with unit(engine, who=who) as s:
        p = live(s, Party, party_id, "当事人")
        d = live_dispute(s, p.dispute_id)
        set_void(p, reason)
        refresh_search(s, d)
        return p
