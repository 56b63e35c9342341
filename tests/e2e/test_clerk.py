"""End to end, as a clerk: follow the README on a clean clone, drive the real app in tmux.

Clone the repository, set it up with the README's commands, start `desk` in a tmux window of
80x24, set up a village, enter a case with Chinese names by keys, find it by pinyin initials,
record an agreement, print the month's report, back up to a folder, restore into a fresh
database, and compare the two databases table by table.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SESSION = f"desk-e2e-{os.getpid()}"


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A clean clone of the committed tree, set up as the README says (no venv beforehand)."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for the end-to-end test (scripts/test.sh installs it)")
    where = tmp_path_factory.mktemp("clone") / "desk"
    run(["git", "clone", "-q", str(ROOT), str(where)])
    # README: python3 -m venv .venv && .venv/bin/pip install -e .  (then desk ...)
    run([sys.executable, "-m", "venv", ".venv"], cwd=where)
    run([str(where / ".venv/bin/pip"), "install", "-q", "-e", "."], cwd=where, timeout=900)
    return where


class Tmux:
    """One tmux window running the app; keys in, screen text out."""

    def __init__(self, command: str, env: dict) -> None:
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        run(["tmux", "new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24",
             f"env {exports} {command}; sleep 5"])

    def keys(self, *keys: str) -> None:
        for key in keys:
            run(["tmux", "send-keys", "-t", SESSION, key])
            time.sleep(0.15)

    def text(self, text: str) -> None:
        """Typed text, as a pinyin IME commits it: the characters themselves."""
        run(["tmux", "send-keys", "-t", SESSION, "-l", text])
        time.sleep(0.3)

    def screen(self) -> str:
        return run(["tmux", "capture-pane", "-p", "-t", SESSION]).stdout

    def wait_for(self, needle: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if needle in screen:
                return screen
            time.sleep(0.3)
        raise AssertionError(f"“{needle}” did not appear; the screen was:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)


def table_hashes(path: Path) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = {}
        for t in tables:
            h = hashlib.sha256()
            for row in con.execute(f'SELECT * FROM "{t}" ORDER BY rowid'):
                h.update(repr(row).encode())
            out[t] = h.hexdigest()
        return out
    finally:
        con.close()


@pytest.mark.slow
def test_a_day_at_the_desk(clone, tmp_path):
    desk = clone / ".venv/bin/desk"
    db = tmp_path / "村委.db"
    home = tmp_path / "home"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "TERM": "xterm-256color",
           "LANG": "C.UTF-8", "DESK_NO_VIEWER": "1"}
    month = time.strftime("%Y-%m")
    app = Tmux(f"'{desk}' --db '{db}'", env)
    try:
        # first run: the village and its hamlets
        app.wait_for("第一次使用")
        app.text("青山村")
        app.keys("Tab")
        app.text("青山村民委员会")
        app.keys("Tab", "Tab", "Tab")
        app.text("青调")
        app.keys("Tab")
        app.text("陆文书")
        app.keys("Tab")
        app.text("上寨屯")
        app.keys("Enter")
        app.text("下寨屯")
        app.keys("C-s")
        app.wait_for("需要注意")
        # a case with Chinese names, by keys
        app.keys("F3")
        app.wait_for("调解台账")
        app.keys("n")
        app.wait_for("受理登记")
        app.keys("Tab", "Tab", "Tab")  # date (today), source, source detail
        app.keys("Enter", "Down", "Down", "Enter")  # type: 邻里
        app.keys("Tab", "Enter", "Down", "Enter")  # hamlet: 上寨屯
        app.keys("Tab")
        app.text("覃阿婆家的鸡吃了曾老三家的菜苗")
        for _ in range(11):  # request ... deadline, then the applicant's name
            app.keys("Tab")
        app.text("曾老三")
        app.keys("Tab")
        app.text("13907714321")
        app.keys("Tab", "Tab")
        app.text("覃阿婆")
        app.keys("C-s")
        app.wait_for("青调字第001号")
        # the case screen has loaded when its keys are in the footer
        app.wait_for("s 状态")
        # record the agreement: status 调解成功, then the agreement's terms
        app.keys("s")
        app.wait_for("改变状态")
        app.keys("Enter", "Down", "Down", "Enter", "C-s")
        app.wait_for("g 协议")  # shown once the case has reloaded as 调解成功
        app.keys("g")
        app.wait_for("调解协议")
        for _ in range(5):
            app.keys("Tab")
        app.text("覃阿婆赔偿菜苗损失两百元")
        app.keys("C-s")
        app.wait_for("1. 覃阿婆赔偿菜苗损失两百元")  # the case screen's numbered term
        # find it by pinyin initials: zls is 曾老三 (曾 read as z)
        app.keys("Escape")
        app.wait_for("共 1 件")
        app.keys("/")
        app.text("zls")
        app.keys("Enter")
        screen = app.wait_for("查找“zls”")
        assert "共 1 件" in screen and "曾老三" in screen
        app.keys("C-q")
        time.sleep(2)
    finally:
        app.close()

    # the month's report, a backup to a folder, a restore into a fresh database
    pdf = tmp_path / "月报.pdf"
    run([str(desk), "report", month, "--db", str(db), "--pdf", str(pdf)], env={**os.environ, **env})
    text = run(["pdftotext", "-layout", str(pdf), "-"]).stdout
    assert "青山村" in text and "受理" in text
    stick = tmp_path / "U盘"
    stick.mkdir()
    out = run([str(desk), "backup", str(stick), "--db", str(db)], env={**os.environ, **env}).stdout
    assert "现在可以拔出U盘了" in out
    backup = next(p for p in stick.iterdir() if p.name.endswith(".desk.sqlite3"))
    fresh = tmp_path / "新电脑.db"
    run([str(desk), "restore", str(backup), "--db", str(fresh), "--yes"], env={**os.environ, **env})
    assert table_hashes(fresh) == table_hashes(db)
    assert sqlite3.connect(fresh).execute("SELECT count(*) FROM dispute").fetchone()[0] == 1
