"""Re-keying an older file (db.pinyin_refresh): the same keys a save makes, progress told as it
goes, and all or nothing: a re-key killed halfway leaves the file as it was, and the next
opening re-keys it fully."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

from db import pinyin
from db.engine import dispose_engine, get_engine
from db.pinyin import name_keys
from db.pinyin_refresh import keys_version, refresh_keys
from db.register import write as r
from db.schema import open_database
from desk.cli.progress import rekey_progress

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["曾𠮷祥", "单小明", "欧阳华", "张三", "李四", "王五", "韦小宝", "覃美玲", "蓝振华", "吕一"]


def _village(engine, cases: int) -> None:
    for i in range(cases):
        r.create_dispute(engine, dict(accepted_on=date(2026, 5, 2), type_id=2, hamlet_id=1),
                         [dict(name=NAMES[i % len(NAMES)] + "甲乙丙"[i % 3]),
                          dict(name=NAMES[(i + 3) % len(NAMES)], role="respondent")])


def _make_older(db_path: Path) -> None:
    """As an older version left the file: every key blank, no marker."""
    dispose_engine(db_path)
    con = sqlite3.connect(db_path)
    con.execute("UPDATE party SET initials = ''")
    con.execute("UPDATE dispute SET search_initials = ''")
    con.execute("UPDATE question SET initials = ''")
    con.execute("PRAGMA user_version = 0")
    con.commit()
    con.close()


def _keys(db_path: Path) -> tuple:
    con = sqlite3.connect(db_path)
    try:
        return (con.execute("SELECT id, name, initials FROM party ORDER BY id").fetchall(),
                con.execute("SELECT id, search_initials FROM dispute ORDER BY id").fetchall(),
                con.execute("SELECT id, initials FROM question ORDER BY id").fetchall(),
                con.execute("PRAGMA user_version").fetchone()[0],
                con.execute("PRAGMA integrity_check").fetchone()[0],
                con.execute("SELECT sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall())
    finally:
        con.close()


def test_progress_is_told_in_cases_and_questions_up_to_the_end(db_path, engine):
    _village(engine, 30)
    _make_older(db_path)
    seen: list[tuple[int, int]] = []
    changed = refresh_keys(get_engine(db_path), progress=lambda done, total: seen.append((done, total)))
    con = sqlite3.connect(db_path)
    cases, questions = con.execute("SELECT (SELECT count(*) FROM dispute), (SELECT count(*) FROM question)").fetchone()
    con.close()
    total = cases + questions
    assert changed == {"party": 60, "dispute": 30, "question": questions}
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and {t for _, t in seen} == {total}


def test_the_command_line_says_it_is_updating_the_index(db_path, engine):
    _village(engine, 5)
    _make_older(db_path)
    out = io.StringIO()
    open_database(db_path, progress=rekey_progress(stream=out, delay=0))
    assert keys_version(open_database(db_path)) == pinyin.KEYS_VERSION
    lines = out.getvalue().splitlines()
    assert lines and lines[0].startswith("正在更新拼音索引：") and lines[-1].endswith("条（100%）"), lines
    assert [line for line in lines if line.endswith("（100%）")] == lines[-1:]  # said once


def test_the_command_line_shows_nothing_for_a_quick_rekey(db_path, engine):
    _village(engine, 2)
    _make_older(db_path)
    out = io.StringIO()
    open_database(db_path, progress=rekey_progress(stream=out))
    assert out.getvalue() == ""


def test_rekeyed_file_equals_a_file_saved_with_the_new_keys(db_path, engine):
    _village(engine, 40)
    saved = _keys(db_path)
    _make_older(db_path)
    assert _keys(db_path)[0] != saved[0]
    open_database(db_path)
    assert _keys(db_path) == saved  # keys, marker, integrity and the indexes (rebuilt) alike
    assert dict((name, keys) for _, name, keys in saved[0])["曾𠮷祥甲"] == name_keys("曾𠮷祥甲")


CHILD = textwrap.dedent("""
    import os, signal, sys
    from db.engine import get_engine
    import db.pinyin_refresh as rk
    rk.BATCH, rk.REPORT_EVERY = 7, 7  # several writes before the kill

    def progress(done, total):
        if {when}:
            os.kill(os.getpid(), signal.SIGKILL)  # as a power cut: no clean-up of any kind

    rk.refresh_keys(get_engine(sys.argv[1]), progress=progress)
    print("not killed")
""")


def _killed_rekey(db_path: Path, when: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD.format(when=when), str(db_path)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, (done.returncode, done.stdout, done.stderr)


def test_a_rekey_killed_halfway_leaves_the_old_file(db_path, engine):
    _village(engine, 60)
    saved = _keys(db_path)
    _make_older(db_path)
    older = _keys(db_path)
    _killed_rekey(db_path, "done >= total // 2")
    assert _keys(db_path) == older  # old keys, old marker, the index still there, integrity ok
    open_database(db_path)  # the next opening re-keys it, fully
    assert _keys(db_path) == saved


def test_a_rekey_killed_at_its_last_count_leaves_the_old_file(db_path, engine):
    _village(engine, 20)
    _make_older(db_path)
    older = _keys(db_path)
    _killed_rekey(db_path, "done == total")  # the index rebuilt, the commit not yet made
    assert _keys(db_path) == older
