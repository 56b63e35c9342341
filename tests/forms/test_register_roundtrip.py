"""The register's columns are defined once (db.register.columns.REGISTER): what the export writes,
the import reads back — an exported register re-imported into another village's file gives the
same cases (dates, types, hamlets, parties, summaries, amounts, results)."""

from __future__ import annotations

from datetime import date

from db.register.columns import REGISTER, REGISTER_COLUMNS, REGISTER_WIDTHS, register_rows
from db.register.filters import DisputeFilter, matching_ids
from db.register.write import create_dispute, move_status
from db.schema import open_database
from db.settings.village import save_cadre, setup_village
from forms.register_export import export_register
from forms.register_import import apply_import, normalise_header, plan_import

TODAY = date(2026, 11, 28)


def _village(path):
    engine = open_database(path)
    setup_village(engine, dict(name="青石村", case_prefix="青调", clerk="李文书"), ["一组", "二组"])
    save_cadre(engine, None, name="钱调解", roles=["调解员"])
    return engine


def test_one_definition_gives_labels_widths_and_values():
    assert REGISTER_COLUMNS == tuple(c.label for c in REGISTER)
    assert len(REGISTER_WIDTHS) == len(REGISTER_COLUMNS) == len(set(REGISTER_COLUMNS))


def test_every_importable_export_column_is_read_by_the_import():
    read = {label for label in REGISTER_COLUMNS if normalise_header(label)}
    assert {"受理日期", "纠纷类型", "屯组", "申请人", "申请人电话", "申请人身份证号", "被申请人",
            "被申请人电话", "被申请人身份证号", "纠纷简要情况", "主持调解员", "状态", "结案日期",
            "涉及金额（元）", "涉及人数"} <= read


def test_an_exported_register_reads_back_into_another_file(tmp_path):
    src, dst = _village(tmp_path / "a.db"), _village(tmp_path / "b.db")
    made = [
        create_dispute(src, dict(accepted_on=date(2026, 3, 2), type_id=1, hamlet_id=1, summary="宅基地边界[/x]争议",
                                 amount_fen=123456, people_involved=3),
                       [dict(role="applicant", name="曾𠮷祥", phone="13907710001"),
                        dict(role="respondent", name="韦二", phone="13907710002")]),
        create_dispute(src, dict(accepted_on=date(2026, 4, 9), type_id=2, hamlet_id=2, summary="=SUM(A1) 欠款",
                                 people_involved=2),
                       [dict(role="applicant", name="黄三"), dict(role="respondent", name="蓝四")]),
    ]
    move_status(src, made[1].id, "mediating")
    path = tmp_path / "register.xlsx"
    assert export_register(src, path, today=TODAY) == 2
    plan = plan_import(dst, path, today=TODAY)
    assert plan.ok, [e.message for e in plan.errors]
    apply_import(dst, plan)
    rows_src = list(register_rows(src, _all(src)))
    rows_dst = list(register_rows(dst, _all(dst)))
    keep = [REGISTER_COLUMNS.index(c) for c in ("受理日期", "纠纷类型", "屯组", "申请人", "申请人电话", "被申请人",
                                                 "纠纷简要情况", "涉及人数", "涉及金额（元）", "状态")]
    assert [[r[i] for i in keep] for r in rows_dst] == [[r[i] for i in keep] for r in rows_src]


def _all(engine):
    return matching_ids(engine, DisputeFilter())
