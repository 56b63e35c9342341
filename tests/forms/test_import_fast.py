"""The fast import (db.register.bulk): the same rows and audit entries as create_dispute_in,
all or nothing, every bad row reported with its line, progress that only grows."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest
from sqlalchemy import text

from db.engine import dispose_engine
from db.register.bulk import CaseRowError, add_cases_in
from db.register.write import create_dispute_in
from db.schema import open_database
from db.session import DataError, unit
from db.settings.village import save_cadre, setup_village
from forms.register_import import COLUMNS, apply_import, plan_import
from forms.validate import id_check_char

ID = "459900198001011230"[:17] + id_check_char("45990019800101123")
CASES = [
    (dict(accepted_on=date(2025, 3, 5), type_id=1, hamlet_id=1, summary="因排水沟积水发生争执", presiding_id=2,
          status="succeeded", closed_on=date(2025, 3, 20), people_involved=2, amount_fen=120000),
     [dict(role="applicant", name="曾小𠮷", phone="13907711111", id_number=ID, hamlet_id=1),
      dict(role="respondent", name="黄大伟", phone="0771-1234567")]),
    (dict(accepted_on=date(2024, 12, 31), type_id=2, summary="=1+1", other_mediators="孙主任", status="mediating",
          people_involved=6),
     [dict(role="applicant", name="韦秀英"), dict(role="applicant", name="韦建国"), dict(role="third", name="李四")]),
    (dict(accepted_on=date(2025, 3, 6), type_id=1, summary=""), [dict(role="applicant", name="梁美玲")]),
]


def _village(path):
    engine = open_database(path)
    setup_village(engine, dict(name="青石村", case_prefix="青调", clerk="李文书"), ["一组", "二组"])
    save_cadre(engine, None, name="赵书记", roles=["书记"])
    save_cadre(engine, None, name="钱调解", roles=["调解员"])
    return engine


def _dump(engine) -> dict:
    """Every stored row of the register and the log, without the clock's columns."""
    out = {}
    with engine.connect() as conn:
        for table, skip in (("dispute", {"created_at", "updated_at"}), ("party", {"created_at", "updated_at"}),
                            ("issued_number", set()), ("audit_entry", {"id", "at"})):
            result = conn.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))
            keys = list(result.keys())
            out[table] = sorted(
                (tuple((k, v) for k, v in zip(keys, row, strict=True) if k not in skip) for row in result), key=repr)
    return out


def test_bulk_stores_what_the_orm_path_stores(tmp_path):
    slow, fast = _village(tmp_path / "slow.db"), _village(tmp_path / "fast.db")
    with unit(slow, who="测试") as s:
        slow_ids = [create_dispute_in(s, data, parties).id for data, parties in CASES]
    calls = []
    with unit(fast, who="测试") as s:
        fast_ids = add_cases_in(s, CASES, progress=lambda done, total: calls.append((done, total)))
    assert fast_ids == slow_ids
    a, b = _dump(slow), _dump(fast)
    assert b["dispute"] == a["dispute"] and b["party"] == a["party"] and b["issued_number"] == a["issued_number"]
    # One audit entry per case and per party, with the same recorded fields (JSON order aside).
    norm = [sorted((dict(e)["table_name"], dict(e)["row_id"], dict(e)["action"], dict(e)["who"],
                    json.dumps(json.loads(dict(e)["changes"]), sort_keys=True)) for e in dump["audit_entry"]
                   if dict(e)["table_name"] in ("dispute", "party"))
            for dump in (a, b)]
    assert norm[1] == norm[0] and len(norm[0]) == 3 + 6
    assert calls[-1] == (3, 3)
    dispose_engine(tmp_path / "slow.db")
    dispose_engine(tmp_path / "fast.db")


def test_bulk_refuses_a_bad_case_and_names_it(tmp_path):
    engine = _village(tmp_path / "v.db")
    before = _dump(engine)
    bad = [CASES[0], (dict(accepted_on=date(2025, 1, 1), type_id=99), [dict(role="applicant", name="甲")]),
           (dict(accepted_on=date(2025, 1, 2), type_id=1), [dict(role="applicant", name=" ")])]
    for k in (1, 2):
        with pytest.raises(CaseRowError) as err, unit(engine) as s:
            add_cases_in(s, [bad[0], bad[k]])
        assert err.value.index == 1 and err.value.message
    assert _dump(engine) == before  # nothing kept, no number issued
    dispose_engine(tmp_path / "v.db")


def _sheet(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(c, "") for c in COLUMNS])
    book.save(path)
    return path


def _good(i: int) -> dict:
    return {"受理日期": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "纠纷类型": "邻里", "屯组": "一组",
            "申请人": f"张{i}", "被申请人": f"李{i}", "纠纷简要情况": f"第{i}件", "调解员": "钱调解",
            "调解结果": "成功" if i % 2 else "", "结案日期": f"2025-{1 + i % 12:02d}-28" if i % 2 else ""}


def test_every_bad_row_is_reported_with_its_line(engine, tmp_path):
    rows = [_good(i) for i in range(1200)]
    bad_lines = {5: "受理日期", 600: "纠纷类型", 1100: "申请人电话", 1201: "屯组"}
    for line, column in bad_lines.items():
        rows[line - 2][column] = {"受理日期": "明天", "纠纷类型": "打架", "申请人电话": "12345", "屯组": "九组"}[column]
    calls = []
    plan = plan_import(engine, _sheet(tmp_path / "x.xlsx", rows), progress=lambda d, t: calls.append((d, t)))
    assert {e.line for e in plan.errors} == set(bad_lines)
    assert all(e.reason for e in plan.errors)
    assert calls[0] == (0, 1200) and calls[-1] == (1200, 1200) and len(calls) >= 3
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    with pytest.raises(DataError):
        apply_import(engine, plan)


def test_apply_is_all_or_nothing_and_names_the_line(engine, tmp_path):
    plan = plan_import(engine, _sheet(tmp_path / "x.xlsx", [_good(i) for i in range(30)]))
    assert plan.ok
    before = _dump(engine)
    victim = plan.rows_ok[17]
    victim.data["type_id"] = 999  # refused by the register, not by the sheet's check
    with pytest.raises(DataError) as err:
        apply_import(engine, plan, include_duplicates=True)
    assert f"第 {victim.line} 行" in err.value.message and "一行也没有导入" in err.value.message
    assert _dump(engine) == before


def test_apply_progress_and_audit(engine, tmp_path):
    plan = plan_import(engine, _sheet(tmp_path / "x.xlsx", [_good(i) for i in range(2100)]))
    calls = []
    with engine.connect() as conn:
        logged = conn.execute(text("SELECT count(*) FROM audit_entry")).scalar_one()
    ids = apply_import(engine, plan, include_duplicates=True, progress=lambda d, t: calls.append((d, t)))
    assert len(ids) == 2100 and calls == [(1000, 2100), (2000, 2100), (2100, 2100)]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_entry")).scalar_one() - logged == 2100 * 3
        numbers = [n for (n,) in conn.execute(text("SELECT number FROM dispute ORDER BY accepted_on, id"))]
    assert len(set(numbers)) == len(numbers) == 2100
