"""`desk check` on real SQLite files tampered with in each way a file can be spoiled outside the
program: each finding is found, named, and said in Chinese with what to do; the check itself
changes nothing."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from db.check import ALL_CLEAR, check_database
from db.demo.village import populate
from db.engine import dispose_engine
from db.schema import downgrade, open_database


@pytest.fixture(scope="module")
def demo_file(built) -> Path:
    """The demonstration village (cases, parties, answers linked to cases, a long audit log):
    what ensure_demo fills, filled into a copy of conftest's empty file (no Alembic run)."""
    return built("demo", "empty", lambda engine, _path: populate(engine, date.today()))[0]


@pytest.fixture
def village(demo_file, tmp_path) -> Path:
    path = tmp_path / "village.db"
    shutil.copyfile(demo_file, path)
    return path


def tamper(path: Path, *statements: str) -> None:
    """Change the file as another tool would: no app, no triggers of ours asked."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=OFF")
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kinds(report) -> list[str]:
    return [f.kind for f in report.findings]


def test_a_whole_file_checks_clean_and_is_left_as_it_was(village):
    before = digest(village)
    report = check_database(village)
    assert report.ok, report.lines
    assert report.lines[0].startswith(f"{ALL_CLEAR}：{village}")
    assert "案件" in report.lines[1] and "审计记录" in report.lines[1]
    assert digest(village) == before
    assert sorted(p.name for p in village.parent.iterdir()) == ["village.db"]


def test_the_small_fixture_village_checks_clean(engine, db_path):
    dispose_engine(db_path)
    assert check_database(db_path).ok


def test_an_older_file_is_compared_with_its_own_revision(engine, db_path):
    """A file at 0001 has no audit triggers and no register tables: that is not a finding."""
    downgrade(engine, "0001")
    dispose_engine(db_path)
    report = check_database(db_path)
    assert report.ok, report.lines
    assert "结构版本 0001" in report.lines[0] and "自动升级" in report.lines[0]


def test_a_file_upgraded_from_0001_checks_clean(engine, db_path):
    downgrade(engine, "0001")
    dispose_engine(db_path)
    open_database(db_path)  # upgrades the populated file in place
    dispose_engine(db_path)
    report = check_database(db_path)
    assert report.ok, report.lines


def failed(report) -> str:
    assert not report.ok
    text = "\n".join(report.lines)
    assert report.lines[0].startswith("错误：") and f"{len(report.findings)} 个问题" in report.lines[0]
    assert len(report.lines) == len(report.findings) + 1
    assert "Traceback" not in text
    return text


@pytest.mark.parametrize("table, label", [("party", "当事人"), ("audit_entry", "审计记录"), ("draft", "草稿")])
def test_a_dropped_table_is_named(village, table, label):
    tamper(village, f"DROP TABLE {table}")
    report = check_database(village)
    text = failed(report)
    assert "table" in kinds(report)
    assert f"缺少数据表“{label}”（{table}）" in text and "desk restore" in text


def test_a_dropped_trigger_is_named(village):
    tamper(village, "DROP TRIGGER audit_entry_no_delete")
    report = check_database(village)
    text = failed(report)
    assert kinds(report) == ["trigger"]
    assert "audit_entry_no_delete" in text and "审计记录的保护" in text and "被删除" in text


def test_a_changed_trigger_is_named(village):
    tamper(village, "DROP TRIGGER audit_entry_no_update",
           "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry WHEN 0 "
           "BEGIN SELECT RAISE(ABORT, 'x'); END")
    report = check_database(village)
    assert kinds(report) == ["trigger"] and "audit_entry_no_update" in failed(report)
    assert "被改动" in failed(report)


def test_a_trigger_the_program_does_not_have_is_named(village):
    """Someone's trigger that rewrites what the program saves."""
    tamper(village, "CREATE TRIGGER sneaky AFTER INSERT ON party BEGIN "
                    "UPDATE party SET phone = '' WHERE id = new.id; END")
    report = check_database(village)
    text = failed(report)
    assert kinds(report) == ["trigger"]
    assert "触发器 sneaky" in text and "“当事人”（party）" in text and "多了一个" in text


def test_a_deleted_audit_entry_in_the_middle_leaves_a_gap_that_is_named(village):
    con = sqlite3.connect(village)
    first, last = con.execute("SELECT min(id), max(id) FROM audit_entry").fetchone()
    con.close()
    assert first == 1 and last > 300
    tamper(village, "DROP TRIGGER audit_entry_no_delete",
           "DELETE FROM audit_entry WHERE id BETWEEN 200 AND 202",
           "DELETE FROM audit_entry WHERE id = 250",
           "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
           "BEGIN SELECT RAISE(ABORT, '审计记录不能删除'); END")
    report = check_database(village)
    text = failed(report)
    assert kinds(report) == ["audit_gap"]
    assert "第 200–202 条、第 250 条" in text and "共缺 4 条" in text


def test_the_first_audit_entries_deleted_is_a_gap_too(village):
    tamper(village, "DROP TRIGGER audit_entry_no_delete", "DELETE FROM audit_entry WHERE id <= 2")
    report = check_database(village)
    assert "audit_gap" in kinds(report) and "第 1–2 条" in failed(report)


def test_the_audit_triggers_still_refuse_a_delete(village):
    """The gap test drops the trigger first because the file refuses the delete by itself."""
    con = sqlite3.connect(village)
    with pytest.raises(sqlite3.IntegrityError, match="审计记录不能删除"):
        con.execute("DELETE FROM audit_entry WHERE id = 5")
    con.close()


def test_a_record_deleted_behind_the_programs_back_is_named(village):
    con = sqlite3.connect(village)
    party = con.execute("SELECT max(id) FROM party").fetchone()[0]
    con.close()
    tamper(village, f"DELETE FROM party WHERE id = {party}")
    report = check_database(village)
    text = failed(report)
    assert kinds(report) == ["audit_orphan"]
    assert f"“当事人”（party）中第 {party} 号记录在审计记录里有，但已经不在数据库里了" in text


def test_a_case_deleted_with_its_parties_is_named_twice(village):
    con = sqlite3.connect(village)
    case = con.execute("SELECT dispute_id FROM party LIMIT 1").fetchone()[0]
    con.close()
    tamper(village, f"DELETE FROM dispute WHERE id = {case}")
    report = check_database(village)
    text = failed(report)
    assert "audit_orphan" in kinds(report) and "link" in kinds(report)
    assert "“当事人”（party）中有" in text and "指向不存在的“案件”（dispute）" in text


def test_a_dangling_link_inserted_with_foreign_keys_off_is_named(village):
    tamper(village, "INSERT INTO cadre_hamlet (cadre_id, hamlet_id) VALUES (1, 9999)")
    report = check_database(village)
    text = failed(report)
    assert kinds(report) == ["link"]
    assert "“干部分管屯组”（cadre_hamlet）中有 1 条记录" in text and "hamlet_id" in text


def test_an_answers_case_link_pointing_nowhere_is_named(village):
    con = sqlite3.connect(village)
    answer = con.execute("SELECT id FROM answer WHERE dispute_id IS NOT NULL LIMIT 1").fetchone()[0]
    con.close()
    tamper(village, f"UPDATE answer SET dispute_id = 99999 WHERE id = {answer}")
    report = check_database(village)
    text = failed(report)
    assert kinds(report) == ["link"]
    assert f"“百晓答复”（answer）中有 1 条记录的“案件”（dispute_id）指向不存在的“案件”（dispute）（第 {answer} 号）" in text


def test_a_link_is_checked_even_when_the_table_lost_its_constraint(village):
    """followup_item rebuilt without its foreign keys: the item's source answer is still checked."""
    con = sqlite3.connect(village)
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'followup_item'").fetchone()[0]
    con.close()
    bare = re.sub(r",\s*CONSTRAINT \w+ FOREIGN KEY\(\w+\) REFERENCES \w+ \(id\)", "", sql)
    assert "FOREIGN KEY" not in bare
    bare = bare.replace("followup_item", "followup_item_new", 1)
    tamper(village, bare, "INSERT INTO followup_item_new SELECT * FROM followup_item",
           "DROP TABLE followup_item", "ALTER TABLE followup_item_new RENAME TO followup_item",
           "CREATE INDEX ix_followup_item_answer_id ON followup_item (answer_id)",
           "CREATE INDEX ix_followup_item_due_on ON followup_item (due_on)",
           "INSERT INTO followup_item (created_at, updated_at, voided, void_reason, answer_id, title, "
           "cadre_id, opened_on, due_on, outcome) VALUES ('2026-01-01', '2026-01-01', 0, '', 77777, "
           "'x', 1, '2026-01-01', '2026-01-02', '')")
    report = check_database(village)
    text = failed(report)
    assert "不再受约束" in text and "answer_id" in text
    assert "“待办事项”（followup_item）中有 1 条记录的“答复”（answer_id）指向不存在的“百晓答复”（answer）" in text


def test_a_dropped_and_a_changed_index_are_named(village):
    tamper(village, "DROP INDEX ix_party_name", "DROP INDEX ix_dispute_status",
           "CREATE INDEX ix_dispute_status ON dispute (number)")
    report = check_database(village)
    text = failed(report)
    assert kinds(report) == ["index", "index"]
    assert "缺少索引 ix_party_name" in text
    assert "ix_dispute_status" in text and "被改动过" in text and "number" in text


def test_a_dropped_unique_constraint_is_named(village):
    """dispute_type rebuilt without UNIQUE(name): duplicates would no longer be refused."""
    tamper(village,
           "CREATE TABLE t2 AS SELECT * FROM dispute_type", "DROP TABLE dispute_type",
           "ALTER TABLE t2 RENAME TO dispute_type")
    report = check_database(village)
    text = failed(report)
    assert "“纠纷类型”（dispute_type）" in text and "不再禁止重复" in text


def test_a_damaged_index_fails_the_integrity_check(village):
    """An index whose definition no longer matches its contents: SQLite's own check says so."""
    con = sqlite3.connect(village, isolation_level=None)
    con.execute("PRAGMA writable_schema=ON")
    con.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX ix_party_name ON party (phone)' "
                "WHERE name = 'ix_party_name'")
    con.close()
    report = check_database(village)
    text = failed(report)
    assert "integrity" in kinds(report)
    assert "完整性检查发现文件内部损坏" in text and "ix_party_name" in text


def test_every_finding_together(village):
    tamper(village, "DROP TABLE draft", "DROP TRIGGER audit_entry_no_delete",
           "DELETE FROM audit_entry WHERE id = 10", "INSERT INTO cadre_hamlet VALUES (1, 9999)",
           "DROP INDEX ix_cadre_name")
    before = digest(village)
    report = check_database(village)
    failed(report)
    assert sorted(kinds(report)) == ["audit_gap", "index", "link", "table", "trigger"]
    assert digest(village) == before  # the check only reads
