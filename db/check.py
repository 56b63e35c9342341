"""`desk check`: is the database whole, ours, and consistent?"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from db.probe import connect_readonly, inspect_file, refusal

COUNTED = {"hamlet": "屯组", "cadre": "干部", "dispute": "案件", "party": "当事人",
           "question": "百晓问题", "answer": "答复", "audit_entry": "审计记录"}


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)


def _damaged(path: Path, why: str) -> CheckReport:
    return CheckReport(False, [
        f"错误：数据库 {path} 已损坏，请用“desk restore 备份文件”从备份恢复。  (error: {why})"
    ])


def check_database(path: Path) -> CheckReport:
    """Integrity, foreign keys and schema version, read-only; one Chinese line per finding."""
    report = CheckReport()
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
    try:
        con = connect_readonly(path)
        try:
            problems = [r[0] for r in con.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                report = _damaged(path, "integrity check failed")
                report.lines += [f"  {p}" for p in problems[:10]]
                return report
            fk = con.execute("PRAGMA foreign_key_check").fetchall()
            if fk:
                report.ok = False
                report.lines.append(
                    f"错误：有 {len(fk)} 条记录引用了不存在的记录，请从备份恢复。  (error: foreign key violations)"
                )
            counts = {
                t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in COUNTED
                if con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (t,)).fetchone()
            }
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:  # a page so broken that SQLite gives up reading it
        return _damaged(path, str(exc))
    if report.ok:
        line = f"数据库完好：{path}（结构版本 {state.revision}）"
        if state.kind == "older":
            line += "，下次打开程序时会自动升级（升级前先留一份副本）"
        report.lines.append(line)
        report.lines.append("，".join(f"{COUNTED[t]} {n}" for t, n in counts.items()))
    return report
