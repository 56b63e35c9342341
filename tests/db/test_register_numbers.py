"""A case number follows the year of its 受理日期; a number once issued is never issued again,
even when a correction moves a case into another year (the old number is retired)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import text

from db.register import write as r
from db.settings.village import list_types


def new(engine, day: date, name: str):
    return r.create_dispute(engine, dict(accepted_on=day, type_id=list_types(engine, active_only=True)[0].id), [dict(name=name)])


def test_number_follows_a_corrected_year_and_the_old_one_is_retired(engine):
    a = new(engine, date(2025, 12, 30), "张三")
    b = new(engine, date(2025, 12, 31), "李四")  # the last number of 2025
    c = new(engine, date(2026, 1, 2), "王五")
    assert (a.number, b.number, c.number) == ("(2025)青调字第001号", "(2025)青调字第002号", "(2026)青调字第001号")

    moved = r.update_dispute(engine, b.id, dict(accepted_on=date(2026, 1, 1)))
    assert (moved.year, moved.seq, moved.number) == (2026, 2, "(2026)青调字第002号")

    # 002 of 2025 left with the case: the next 2025 case gets 003, not 002 again.
    assert r.next_case_number(engine, 2025) == "(2025)青调字第003号"
    d = new(engine, date(2025, 12, 31), "赵六")
    assert d.number == "(2025)青调字第003号"

    # Moving it back gives a new 2025 number; 002 stays retired.
    back = r.update_dispute(engine, b.id, dict(accepted_on=date(2025, 11, 1)))
    assert back.number == "(2025)青调字第004号"
    assert new(engine, date(2026, 1, 5), "钱七").number == "(2026)青调字第003号"

    with engine.connect() as conn:
        numbers = [n for (n,) in conn.execute(text("SELECT number FROM dispute"))]
        entries = [json.loads(c) for (c,) in conn.execute(text(
            "SELECT changes FROM audit_entry WHERE table_name = 'dispute' AND action = 'update' AND row_id = :i"),
            {"i": b.id})]
        notes = [n for (n,) in conn.execute(text(
            "SELECT note FROM audit_entry WHERE table_name = 'dispute' AND row_id = :i AND note != ''"), {"i": b.id})]
    assert len(numbers) == len(set(numbers))
    assert [e["number"] for e in entries if "number" in e] == [
        ["(2025)青调字第002号", "(2026)青调字第002号"], ["(2026)青调字第002号", "(2025)青调字第004号"]]
    assert any("原案号不再使用" in n for n in notes)


def test_a_correction_within_the_year_keeps_the_number(engine):
    a = new(engine, date(2026, 3, 5), "张三")
    same = r.update_dispute(engine, a.id, dict(accepted_on=date(2026, 2, 1)))
    assert same.number == a.number and same.seq == a.seq
