"""`desk print roster --pdf FILE` and `desk print plans --pdf FILE`: real files, real PDFs read
back with pdftotext; a refusal is one Chinese line, exit code 2, and no file left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from db import network as nw
from db import plans as pl
from desk.cli.main import main
from tests.forms.pdftools import pdf_text

ROOT = Path(__file__).resolve().parents[1]


def run(db, *args) -> int:
    return main(["--db", str(db), "print", *map(str, args)])


def desk(*args) -> subprocess.CompletedProcess:
    """The real command in a child process, as a script would run it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "desk", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_roster_prints_the_network(engine, db_path, tmp_path):
    """Printed by the real command (a child process): exit 0, "已写入", the roster read back."""
    nw.save_member(engine, None, dict(kind="committee", role="主任", name="孙主任", cadre_id=3))
    nw.save_member(engine, None, dict(kind="contact", role="信息员", name="黄信息", phone="13800000004", hamlet_id=2))
    out = tmp_path / "out" / "名册.pdf"
    out.parent.mkdir()
    good = desk("--db", db_path, "print", "roster", "--pdf", out)
    assert good.returncode == 0, good.stderr
    assert "已写入" in good.stdout
    text = "".join(pdf_text(out).split())
    assert "人民调解组织网络名册" in text and "孙主任主任村干部13907710003" in text and "黄信息" in text


def test_plans_print_and_refuse_when_there_is_none(engine, db_path, tmp_path, capsys):
    out = tmp_path / "预案.pdf"
    assert run(db_path, "plans", "--pdf", out) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：还没有应急预案") and "\n" not in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["village.db", "village.db-shm",
                                                                             "village.db-wal"]
    p = pl.save_plan(engine, None, dict(kind="flood", name="防汛应急预案", leader="赵书记"))
    pl.record_drill(engine, p.id, None, dict(held_on=date(2026, 4, 20), participants="抢险组12人"),
                    today=date(2026, 5, 1))
    assert run(db_path, "plans", "--pdf", out) == 0
    text = "".join(pdf_text(out).split())
    assert "青石村防汛应急预案" in text and "2026-04-20演练抢险组12人" in text


def test_the_command_runs_as_a_process_and_says_one_line_on_a_bad_name(engine, db_path, tmp_path):
    """(Its good run, the roster printed by a child process, is test_roster_prints_the_network.)"""
    bad = desk("--db", db_path, "print", "roster", "--pdf", tmp_path / "名册.txt")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "不是 .pdf 文件名" in bad.stderr
