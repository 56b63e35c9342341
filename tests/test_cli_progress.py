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
    line = ProgressLine("正在导入", "行", stream=stream, delay=0)
    for done in range(0, 100_001, 10):
        line(done, 100_000)
    line.close()
    assert line.updates <= 5  # a burst of 10,000 calls shows a handful of lines, not 10,000
    assert stream.text.rstrip("\n").endswith("正在导入：100,000 / 100,000 行（100%）")
    assert stream.text.endswith("\n")


def test_quick_work_and_failures_leave_no_progress_noise():
    quick = _Stream(True)
    line = ProgressLine("正在导出调解台账", stream=quick)  # done within the half-second delay
    line(0, 5)
    line(5, 5)
    line.close()
    assert quick.text == ""
    failed = _Stream(True)
    line = ProgressLine("正在导出调解台账", stream=failed, delay=0)
    line(1, 5)
    line.abort()
    assert failed.text.endswith("\r\033[K")  # the reason printed next stands alone on its line


def test_export_command_stderr(engine, db_path, tmp_path):
    """A quick export prints its count and no progress."""
    create_dispute(engine, dict(accepted_on=date(2026, 3, 5), type_id=1, summary="邻里纠纷"),
                   [dict(role="applicant", name="张三")])
    dispose_engine(db_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(target):
        return subprocess.run([sys.executable, "-m", "desk", "export", "--db", str(db_path), str(target)],
                              capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)

    done = run(tmp_path / "台账.xlsx")
    assert done.returncode == 0 and "已导出 1 件" in done.stdout
    # Nothing but the progress line (none at all unless the machine took over half a second).
    assert all(line.startswith("正在导出调解台账：") for line in done.stderr.splitlines())
    # A failed one says only its one-line reason: the same run (exit 2, one line, no traceback)
    # is tests/test_cli_export.py::test_help_and_errors_through_the_real_command.
