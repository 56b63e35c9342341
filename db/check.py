"""`desk check`: is the database whole, ours, and consistent?

Read-only throughout (the file and its folder are left exactly as they were). Finds, each said
in one plain Chinese sentence with what to do:
- pages SQLite itself finds broken (PRAGMA integrity_check);
- missing or changed tables, columns, foreign keys, UNIQUE constraints, indexes and triggers,
  and triggers the program does not have, against the schema of the file's own revision
  (db.check_schema);
- gaps in the audit log: audit entries are numbered 1, 2, 3 ... by SQLite (INTEGER PRIMARY KEY
  without AUTOINCREMENT: a new entry takes the largest number + 1, a rolled-back one leaves no
  number used), so a missing number in the middle is an entry deleted outside the program;
- audit entries about records that are no longer there (records are voided, never deleted);
- links pointing nowhere: every foreign key of the schema, checked by a query (so a link is
  checked even when a tampered table lost its constraint), plus PRAGMA foreign_key_check.
  (An answer's case, answer.dispute_id, and a follow-up item's source answer,
  followup_item.answer_id, are foreign keys in this schema, so they are among these.)
Not detectable: audit entries deleted from the END of the log (the next entry takes the freed
number again), unless the records they were about are gone too.

Public face: `check_database(path) -> CheckReport`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from db.check_schema import RESTORE, Finding, _q, compare_schema, reference_shape, table_label
from db.probe import connect_readonly, inspect_file, refusal

COUNTED = {"hamlet": "屯组", "cadre": "干部", "dispute": "案件", "party": "当事人",
           "question": "百晓问题", "answer": "答复", "audit_entry": "审计记录"}
ALL_CLEAR = "检查完毕，没有发现问题"
SHOWN = 10  # numbers listed per finding; the count says how many there are in all


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _numbers(ids: list[int]) -> str:
    shown = "、".join(str(i) for i in ids[:SHOWN])
    return shown + (f" 等共 {len(ids)} 条" if len(ids) > SHOWN else "")


def _ranges(ids: list[int]) -> list[tuple[int, int]]:
    """The numbers missing from 1..max(ids), as (first, last) ranges."""
    gaps, expected = [], 1
    for i in ids:
        if i > expected:
            gaps.append((expected, i - 1))
        expected = i + 1
    return gaps


def _integrity(con: sqlite3.Connection) -> list[Finding]:
    problems = [r[0] for r in con.execute("PRAGMA integrity_check(100)")]
    if problems == ["ok"]:
        return []
    shown = "；".join(problems[:3]) + ("……" if len(problems) > 3 else "")
    return [Finding("integrity", f"SQLite 的完整性检查发现文件内部损坏（{len(problems)} 处，如：{shown}）。",
                    RESTORE, "integrity_check failed")]


def _audit_gaps(con: sqlite3.Connection, tables: set[str]) -> list[Finding]:
    if "audit_entry" not in tables:
        return []
    ids = [r[0] for r in con.execute("SELECT id FROM audit_entry ORDER BY id")]
    gaps = _ranges(ids)
    if not gaps:
        return []
    missing = sum(b - a + 1 for a, b in gaps)
    shown = "、".join(f"第 {a} 条" if a == b else f"第 {a}–{b} 条" for a, b in gaps[:SHOWN])
    more = "等" if len(gaps) > SHOWN else ""
    return [Finding(
        "audit_gap",
        f"审计记录有缺号：{shown}{more}不见了（共缺 {missing} 条），说明有人在程序之外删除了审计记录。",
        "请保留这个文件不要再改动，把它和最近的备份一起交给技术人员核对。",
        f"audit log has {missing} missing entries",
    )]


def _audit_orphans(con: sqlite3.Connection, columns: dict[str, dict]) -> list[Finding]:
    """Audited records the log knows of that are gone (records are voided, never deleted)."""
    if "audit_entry" not in columns:
        return []
    found = []
    named = [r[0] for r in con.execute(
        "SELECT DISTINCT table_name FROM audit_entry WHERE row_id > 0 AND action != 'delete'")]
    for table in sorted(named):
        if "id" not in columns.get(table, {}):
            continue  # a missing table is reported by the schema comparison
        gone = [r[0] for r in con.execute(
            f"SELECT DISTINCT a.row_id FROM audit_entry a LEFT JOIN {_q(table)} t ON t.id = a.row_id "
            "WHERE a.table_name = ? AND a.row_id > 0 AND a.action != 'delete' AND t.id IS NULL "
            "ORDER BY a.row_id", (table,))]
        if gone:
            found.append(Finding(
                "audit_orphan",
                f"{table_label(table)}中第 {_numbers(gone)} 号记录在审计记录里有，但已经不在数据库里了"
                "（记录只能作废，不能删除，说明有人在程序之外删除了它）。",
                RESTORE, f"{len(gone)} rows of {table} named in the audit log are gone",
            ))
    return found


def _links(con: sqlite3.Connection, columns: dict[str, dict], revision: str) -> list[Finding]:
    """Rows whose link points at a row that does not exist."""
    from db.register.check import (
        LABELS,  # late: `desk check` reads with sqlite3 alone; this loads SQLModel
    )

    dangling: dict[tuple[str, str, str], set[int]] = {}
    want = reference_shape(revision).fks
    for table, fks in want.items():
        for col, parent, pcol in fks:
            if col not in columns.get(table, {}) or pcol not in columns.get(parent, {}):
                continue  # a missing table or column is reported by the schema comparison
            rows = con.execute(
                f"SELECT t.rowid FROM {_q(table)} t LEFT JOIN {_q(parent)} p ON p.{_q(pcol)} = t.{_q(col)} "
                f"WHERE t.{_q(col)} IS NOT NULL AND p.{_q(pcol)} IS NULL"
            ).fetchall()
            if rows:
                dangling.setdefault((table, col, parent), set()).update(r[0] for r in rows)
    # Links the file itself declares (also those the schema does not know).
    declared: dict[str, list] = {}
    try:
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.OperationalError:  # "foreign key mismatch": a parent lost its key (a schema finding)
        broken = []
    for table, rowid, parent, fkid in broken:
        if table not in declared:
            declared[table] = con.execute(f"PRAGMA foreign_key_list({_q(table)})").fetchall()
        col = next((r[3] for r in declared[table] if r[0] == fkid), "?")
        dangling.setdefault((table, col, parent), set()).add(rowid)
    found = []
    for (table, col, parent), rowids in sorted(dangling.items()):
        ids = sorted(rowids)
        name = LABELS.get(col) or TABLE_LABELS_SHORT.get(parent, parent)
        found.append(Finding(
            "link",
            f"{table_label(table)}中有 {len(ids)} 条记录的“{name}”（{col}）指向不存在的{table_label(parent)}"
            f"（第 {_numbers(ids)} 号）。",
            RESTORE, f"{len(ids)} rows of {table}.{col} point to no {parent}",
        ))
    return found


TABLE_LABELS_SHORT = {"dispute": "案件", "cadre": "村干部", "hamlet": "屯组", "answer": "答复",
                      "assignment": "排查分工", "question": "问题", "check_round": "排查轮次",
                      "dispute_type": "纠纷类型", "network_member": "调解网络成员", "emergency_plan": "应急预案",
                      "plan_team": "工作组", "plan_member": "工作组成员"}


def check_database(path: Path) -> CheckReport:
    """Every finding about the file at `path`, read-only; one Chinese line per finding."""
    path = Path(path)
    if not path.exists():
        return CheckReport(False, [f"错误：数据库 {path} 不存在。请检查 --db 指定的路径。  (error: no such file)"])
    state = inspect_file(path, thorough=False)
    reason = refusal(path, state)
    if reason:
        return CheckReport(False, [f"错误：{reason[0]}  (error: {reason[1]})"])
    if state.kind == "new":  # an empty file: nothing to check, and nothing of ours in it
        return CheckReport(False, [
            f"错误：数据库 {path} 是空的，还没有任何数据。请运行 desk 打开程序并设置村庄。  (error: empty database)"
        ])
    findings: list[Finding] = []
    counts: dict[str, int] = {}
    try:
        con = connect_readonly(path)
        try:
            findings += _integrity(con)
            findings += compare_schema(con, state.revision)
            columns = {
                t: {r[1] for r in con.execute(f"PRAGMA table_info({_q(t)})")}
                for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
            }
            for step, name in ((lambda: _audit_gaps(con, set(columns)), "审计记录缺号"),
                               (lambda: _audit_orphans(con, columns), "审计记录与记录的对应"),
                               (lambda: _links(con, columns, state.revision), "记录之间的关联")):
                try:
                    findings += step()
                except sqlite3.OperationalError as exc:  # a table so changed the query cannot run
                    findings.append(Finding("incomplete", f"“{name}”这一项检查无法完成（{exc}），因为数据表被改动过。",
                                            RESTORE, f"check step failed: {exc}"))
            counts = {t: con.execute(f"SELECT count(*) FROM {_q(t)}").fetchone()[0] for t in COUNTED if t in columns}
        finally:
            con.close()
    except sqlite3.OperationalError:
        raise  # locked, unreadable, disk I/O: the file is not damaged; the caller says which
    except sqlite3.DatabaseError as exc:  # a page so broken that SQLite gives up reading it
        found = Finding("integrity", f"数据库 {path} 已损坏，SQLite 读不下去，检查无法完成。",
                        "请用“desk restore 备份文件”从备份恢复。", f"reading failed: {exc}")
        return CheckReport(False, [f"错误：{found.line}  (error: {found.english})"], [found])
    if findings:
        lines = [f"错误：数据库 {path} 检查发现 {len(findings)} 个问题：  (error: {len(findings)} problems found)"]
        lines += [f"  {n}. {f.line}" for n, f in enumerate(findings, 1)]
        return CheckReport(False, lines, findings)
    line = f"{ALL_CLEAR}：{path}（结构版本 {state.revision}）"
    if state.kind == "older":
        line += "，下次打开程序时会自动升级（升级前先留一份副本）"
    return CheckReport(True, [line, "，".join(f"{COUNTED[t]} {n}" for t, n in counts.items())])
