"""The progress line of `desk export` and `desk import`: Chinese, on stderr, throttled."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from db.engine import dispose_engine
from db.register.write import create_dispute
from desk.cli.progress import ProgressLine

ROOT = Path(__file__).resolve().parents[1]


class _Stream:
    def __init__(self, tty: bool):
        self.text, self.tty = "", tty

    def write(self, s):
        self.text += s

    def flush(self):
        pass

    def isatty(self):
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_progress_line_is_throttled_and_ends_with_the_total(tty):
    stream = _Stream(tty)
    line = ProgressLine("正在导入", "行", stream=stream)
    for done in range(0, 100_001, 10):
        line(done, 100_000)
    line.close()
    assert line.updates <= 5  # a burst of 10,000 calls shows a handful of lines, not 10,000
    assert stream.text.rstrip("\n").endswith("正在导入：100,000 / 100,000 行（100%）")
    assert stream.text.endswith("\n")


def test_export_command_shows_progress_on_stderr(engine, db_path, tmp_path):
    create_dispute(engine, dict(accepted_on=date(2026, 3, 5), type_id=1, summary="邻里纠纷"),
                   [dict(role="applicant", name="张三")])
    dispose_engine(db_path)
    out = tmp_path / "台账.xlsx"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "desk", "export", "--db", str(db_path), str(out)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已导出 1 件" in done.stdout
    assert "正在导出调解台账：1 / 1 件（100%）" in done.stderr  # stderr is a pipe: one line per update
    assert "Traceback" not in done.stderr
