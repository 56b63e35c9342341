"""`desk print meeting YYYY-MM --pdf FILE`: the 会议记录 from the command line; every refusal is
one Chinese line, exit code 2, and no file left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from db import meeting as mt
from desk.cli.main import main
from forms.render.fonts import find_font
from tests.forms.pdftools import pdf_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def meeting_db(engine, db_path):
    mt.create_meeting(engine, "2026-11", dict(held_on=date(2026, 11, 5), chair="赵书记", recorder="李文书"),
                      decisions=[dict(text="再调张李两家", owner="钱调解", deadline=date(2026, 11, 15))])
    return db_path


@pytest.mark.skipif(find_font() is None, reason="no Chinese font")
def test_the_meeting_prints_through_the_command_line(meeting_db, tmp_path, capsys):
    out = tmp_path / "会议记录.pdf"
    assert main(["--db", str(meeting_db), "print", "meeting", "2026-11", "--pdf", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"已写入：{out}"
    flat = "".join(pdf_text(out).split())
    assert "形势分析会会议记录" in flat and "再调张李两家" in flat and "主持人（签名）：" in flat


@pytest.mark.parametrize("args, words", [
    (["meeting", "2026-10"], "没有2026年10月的形势分析会记录"),
    (["meeting", "2026-13"], "月份“2026-13”不对"),
    (["meeting"], "请写出要打印哪个月"),
    (["2026-117", "2026-11"], "多写了“2026-11”"),
])
def test_refusals_are_one_line_and_leave_no_file(meeting_db, tmp_path, capsys, args, words):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "x.pdf"
    assert main(["--db", str(meeting_db), "print", *args, "--pdf", str(out)]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_as_a_process(meeting_db, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "desk", "--db", str(meeting_db), "print", "meeting", "2026-09",
                        "--pdf", str(tmp_path / "m.pdf")], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2 and "没有2026年9月的形势分析会记录" in r.stderr and "Traceback" not in r.stderr
