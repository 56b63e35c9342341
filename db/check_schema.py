"""Is the file's schema the one its Alembic revision says it should be?

The reference is a freshly migrated empty database in a temporary file, migrated by the same
scripts to the same revision as the file being checked (so an older file is compared with the
schema of its own version, and the audit triggers, which live only in the migrations, are
included). Tables, columns, foreign keys, UNIQUE constraints, indexes and triggers are compared
through SQLite's own pragmas; the CREATE TABLE text (CHECK constraints) is compared after
normalising spaces and quotes.

Public face: `compare_schema(con, revision)` -> list of Finding (one Chinese sentence each,
with what to do). `reference_shape(revision)` is shared with db.check for the link checks.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from db.engine import make_engine

__all__ = ["Finding", "Shape", "compare_schema", "reference_shape", "summary", "table_label"]

TABLE_LABELS = {
    "village": "村庄信息", "hamlet": "屯组", "cadre": "村干部", "cadre_hamlet": "干部分管屯组",
    "dispute_type": "纠纷类型", "dispute": "案件", "party": "当事人", "proceeding": "调解/调查记录",
    "agreement": "调解协议", "follow_up": "回访记录", "question": "百晓问题", "check_round": "排查轮次",
    "assignment": "排查分工", "answer": "百晓答复", "followup_item": "待办事项",
    "monthly_snapshot": "月报定稿", "escalation": "上报记录", "meeting": "形势分析会", "meeting_attendee": "参会人员",
    "meeting_decision": "会议议定事项", "reception": "来访来电登记", "audit_entry": "审计记录", "draft": "草稿",
    "network_member": "调解网络成员", "emergency_plan": "应急预案", "plan_team": "预案工作组",
    "plan_member": "预案工作组成员", "evacuation_site": "避险安置点", "plan_drill": "预案演练与处置记录",
    "alembic_version": "结构版本记录",
}
RESTORE = "请用“desk restore 备份文件”从最近的备份恢复，或把这个文件交给技术人员处理。"


def table_label(name: str) -> str:
    """“案件”(dispute): the clerk's word for a table, with its name for the technician."""
    label = TABLE_LABELS.get(name)
    return f"“{label}”（{name}）" if label else f"“{name}”"


@dataclass(frozen=True)
class Finding:
    """One problem: what is wrong (Chinese), what to do (Chinese), and its English gist."""

    kind: str  # integrity / table / column / index / trigger / audit_gap / audit_orphan / link
    what: str
    fix: str
    english: str = ""

    @property
    def line(self) -> str:
        return f"{self.what}{self.fix}"


@dataclass
class Shape:
    """What a schema is made of, as SQLite reports it."""

    columns: dict[str, dict[str, tuple]] = field(default_factory=dict)  # table -> col -> (type, notnull, default, pk)
    fks: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)  # table -> {(col, parent, parent_col)}
    uniques: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)  # table -> column tuples
    indexes: dict[str, tuple] = field(default_factory=dict)  # name -> (table, columns, unique, sql)
    triggers: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (table, sql)
    table_sql: dict[str, str] = field(default_factory=dict)
    views: dict[str, str] = field(default_factory=dict)  # name -> sql


def _norm(sql: str | None) -> str:
    """SQL text without differences that mean nothing: case, spaces, quotes."""
    text = (sql or "").replace('"', "").replace("`", "").replace("[", "").replace("]", "")
    text = re.sub(r"\s+", " ", text).strip().lower()
    return re.sub(r"\s*([(),])\s*", r"\1", text)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_shape(con: sqlite3.Connection) -> Shape:
    """The shape of the schema behind `con` (read-only)."""
    shape = Shape()
    rows = con.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for kind, name, table, sql in rows:
        if kind == "table":
            shape.table_sql[name] = _norm(sql)
            shape.columns[name] = {
                r[1]: ((r[2] or "").upper(), bool(r[3]), r[4], r[5])
                for r in con.execute(f"PRAGMA table_info({_q(name)})")
            }
            shape.fks[name] = {
                (r[3], r[2], r[4] or "id") for r in con.execute(f"PRAGMA foreign_key_list({_q(name)})")
            }
            uniques = set()
            for r in con.execute(f"PRAGMA index_list({_q(name)})"):
                if r[3] == "u":
                    cols = tuple(c[2] for c in con.execute(f"PRAGMA index_info({_q(r[1])})"))
                    uniques.add(cols)
            shape.uniques[name] = uniques
        elif kind == "trigger":
            shape.triggers[name] = (table, _norm(sql))
        elif kind == "view":
            shape.views[name] = _norm(sql)
    for kind, name, table, sql in rows:
        if kind == "index" and sql:  # created by CREATE INDEX (not a UNIQUE constraint's own)
            cols = tuple(c[2] for c in con.execute(f"PRAGMA index_info({_q(name)})"))
            unique = bool(re.match(r"\s*create\s+unique", sql, re.I))
            shape.indexes[name] = (table, cols, unique, _norm(sql))
    return shape


_reference: dict[str, Shape] = {}
_reference_lock = threading.Lock()


def reference_shape(revision: str) -> Shape:
    """The schema an empty database has once migrated to `revision` (built once per process)."""
    with _reference_lock:
        shape = _reference.get(revision)
        if shape is not None:
            return shape
        from db.schema import upgrade  # late: Alembic only to build the reference

        with tempfile.TemporaryDirectory(prefix="desk-check-") as folder:
            path = Path(folder) / "reference.db"
            engine = make_engine(path)
            try:
                upgrade(engine, revision)
            finally:
                engine.dispose()
            con = sqlite3.connect(path)
            try:
                shape = read_shape(con)
            finally:
                con.close()
        _reference[revision] = shape
        return shape


def _cols(cols) -> str:
    return "、".join(c or "?" for c in cols)


def compare_schema(con: sqlite3.Connection, revision: str) -> list[Finding]:
    """What in the schema behind `con` differs from the schema of `revision`; [] when none."""
    want, have = reference_shape(revision), read_shape(con)
    found: list[Finding] = []
    for table in sorted(want.columns):
        label = table_label(table)
        if table not in have.columns:
            found.append(Finding(
                "table", f"缺少数据表{label}：这部分数据已经不在文件里了。", RESTORE,
                f"table {table} is missing",
            ))
            continue
        w, h = want.columns[table], have.columns[table]
        for col in sorted(w.keys() - h.keys()):
            found.append(Finding(
                "column", f"数据表{label}缺少“{col}”一栏。", RESTORE, f"column {table}.{col} is missing",
            ))
        for col in sorted(h.keys() - w.keys()):
            found.append(Finding(
                "column", f"数据表{label}多出了“{col}”一栏（本程序没有这一栏）。", RESTORE,
                f"column {table}.{col} is extra",
            ))
        changed = sorted(c for c in w.keys() & h.keys() if w[c] != h[c])
        for col in changed:
            found.append(Finding(
                "column", f"数据表{label}的“{col}”一栏的定义被改动过（类型、必填或默认值与本程序不同）。",
                RESTORE, f"column {table}.{col} differs: {h[col]} instead of {w[col]}",
            ))
        lost_fks = want.fks[table] - have.fks.get(table, set())
        for col, parent, _pcol in sorted(lost_fks):
            found.append(Finding(
                "table", f"数据表{label}的“{col}”一栏不再受约束必须指向已有的{table_label(parent)}。",
                RESTORE, f"foreign key {table}.{col} -> {parent} is missing",
            ))
        for cols in sorted(want.uniques[table] - have.uniques.get(table, set())):
            found.append(Finding(
                "table", f"数据表{label}不再禁止重复的“{_cols(cols)}”。", RESTORE,
                f"unique constraint on {table}({', '.join(cols)}) is missing",
            ))
        if not (w.keys() ^ h.keys() or changed or lost_fks) and want.table_sql[table] != have.table_sql[table]:
            found.append(Finding(
                "table", f"数据表{label}的定义被改动过（检查条件与本程序不同）。", RESTORE,
                f"CREATE TABLE {table} differs from revision {revision}",
            ))
    for table in sorted(have.columns.keys() - want.columns.keys()):
        found.append(Finding(
            "table", f"多出了数据表{table_label(table)}：本程序没有这张表。", RESTORE,
            f"table {table} is extra",
        ))
    for name in sorted(have.views.keys() - want.views.keys()):
        found.append(Finding("table", f"多出了视图“{name}”：本程序没有这个视图。", RESTORE,
                             f"view {name} is extra"))
    for name in sorted(have.indexes.keys() - want.indexes.keys()):
        found.append(Finding("index", f"多出了索引 {name}：本程序没有这个索引。", RESTORE,
                             f"index {name} is extra"))
    for name, (table, cols, unique, sql) in sorted(want.indexes.items()):
        if table not in have.columns:
            continue  # the missing table is the finding
        got = have.indexes.get(name)
        what = "唯一索引" if unique else "索引"
        if got is None:
            found.append(Finding(
                "index", f"缺少{what} {name}（数据表{table_label(table)}，按“{_cols(cols)}”）。",
                "数据没有丢失，但" + ("重复记录不再被拦住；" if unique else "查找会变慢；") + RESTORE,
                f"index {name} is missing",
            ))
        elif got[:3] != (table, cols, unique) or got[3] != sql:
            found.append(Finding(
                "index", f"{what} {name}（数据表{table_label(table)}）被改动过：现在按“{_cols(got[1])}”，"
                f"应按“{_cols(cols)}”{'' if got[2] == unique else '，且唯一性不同'}。",
                RESTORE, f"index {name} differs",
            ))
    for name, (table, sql) in sorted(want.triggers.items()):
        got = have.triggers.get(name)
        audit = table == "audit_entry"
        guard = "审计记录的保护" if audit else "保护"
        if got is None:
            found.append(Finding(
                "trigger",
                f"{guard}（触发器 {name}）被删除了：{'审计记录现在可以被删改而不留痕迹。' if audit else ''}",
                RESTORE, f"trigger {name} is missing",
            ))
        elif got != (table, sql):
            found.append(Finding(
                "trigger", f"{guard}（触发器 {name}）被改动过，可能已经不起作用。", RESTORE,
                f"trigger {name} differs",
            ))
    for name, (table, _sql) in sorted(have.triggers.items()):
        if name not in want.triggers:
            found.append(Finding(
                "trigger", f"数据表{table_label(table)}上多了一个本程序没有的触发器 {name}："
                "它会在保存时自动执行别的操作，可能悄悄改动数据。", RESTORE,
                f"unknown trigger {name} on {table}",
            ))
    return found


def summary(findings: list[Finding], limit: int = 3) -> str:
    """Chinese, for one line: the first few findings without their advice, and how many more."""
    text = "；".join(re.split(r"[：。]", f.what, maxsplit=1)[0] for f in findings[:limit])
    return text + (f" 等 {len(findings)} 处" if len(findings) > limit else "")
