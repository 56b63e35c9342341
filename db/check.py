"""`desk check`: is the database whole, ours, and consistent?"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from db.probe import inspect_file, refusal


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)


def check_database(path: Path) -> CheckReport:
    """Integrity, foreign keys and schema version, read-only; one Chinese line per finding."""
    report = CheckReport()
    path = Path(path)
    if not path.exists():
        return CheckReport(False, [f"错误：数据库 {path} 不存在。  (error: no such file)"])
    state = inspect_file(path, thorough=False)
    reason = refusal(path, state)
    if reason:
        return CheckReport(False, [f"错误：{reason[0]}  (error: {reason[1]})"])
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            report.ok = False
            report.lines.append("错误：数据库结构已损坏，请从备份恢复（desk restore）。  (error: integrity check failed)")
            report.lines += [f"  {p}" for p in problems[:10]]
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            report.ok = False
            report.lines.append(f"错误：有 {len(fk)} 条记录引用了不存在的记录。  (error: foreign key violations)")
        counts = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in ("hamlet", "cadre", "dispute", "party", "question", "answer", "audit_entry")
            if con.execute("SELECT 1 FROM sqlite_master WHERE name=?", (t,)).fetchone()
        }
    finally:
        con.close()
    if report.ok:
        report.lines.append(f"数据库完好：{path}（结构版本 {state.revision}）")
        labels = {"hamlet": "屯组", "cadre": "干部", "dispute": "案件", "party": "当事人",
                  "question": "百晓问题", "answer": "答复", "audit_entry": "审计记录"}
        report.lines.append("，".join(f"{labels[t]} {n}" for t, n in counts.items()))
    return report
