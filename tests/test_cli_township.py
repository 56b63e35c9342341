"""`desk township`, `desk report --submit` from the command line, on real
files: plain and encrypted backups, a 上报 file, and a tampered, a foreign, a half-copied, a
newer-version file and a wrong passphrase; the PDF read back with pdftotext, the xlsx with openpyxl."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from db.engine import dispose_engine
from tests.db.township_helpers import MONTH, backup, newer_version_backup, village_copies
from tests.forms.pdftools import pdf_text

ROOT = Path(__file__).resolve().parents[1]
PASS = {"白沙村": "白沙村-备份-2026", "红岩村": "红岩村-备份-2026"}


def desk(*args, cwd=None, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    env.pop("DESK_PASSPHRASE", None)
    return subprocess.run([sys.executable, "-m", "desk", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=cwd, input=stdin, timeout=600)


@pytest.fixture(scope="module")
def stick(tmp_path_factory):
    """A stick with three villages' files and every kind of bad file."""
    dbs = village_copies(tmp_path_factory)
    stick = tmp_path_factory.mktemp("stick")
    good = backup(dbs["青石村"], stick)
    backup(dbs["白沙村"], stick, passphrase=PASS["白沙村"])
    backup(dbs["红岩村"], stick, passphrase=PASS["红岩村"], when=datetime(2026, 11, 6, 10, 0))
    # a 上报 file of 红岩村 made after its backup: the newest is used
    r = desk("report", MONTH, "--submit", stick, "--db", dbs["红岩村"])
    assert r.returncode == 0, r.stderr
    (stick / "说明.docx").write_bytes(b"PK\x03\x04 not ours")
    half = stick / "绿水村-20261105-093000.desk.sqlite3"
    half.write_bytes(good.read_bytes()[:30000])
    (stick / (half.name + ".manifest.json")).write_bytes((stick / (good.name + ".manifest.json")).read_bytes())
    newer_version_backup(good, stick, "新版村-20261105-093000.desk.sqlite3")
    sub = next(stick.glob("红岩村-*.desk-report.json"))
    tampered = stick / "改动村-2026-10.desk-report.json"
    payload = json.loads(sub.read_text(encoding="utf-8"))
    payload["village"], payload["values"]["accepted"] = "改动村", 99
    tampered.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return stick, dbs


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
def test_township_reads_what_it_can_and_names_every_skipped_file(stick, tmp_path):
    folder, dbs = stick
    pw = tmp_path / "密码.txt"
    pw.write_text("# 村名=密码\n白沙村=白沙村-备份-2026\n红岩村=wrong-passphrase\n", encoding="utf-8")
    pdf, xlsx = tmp_path / "汇总.pdf", tmp_path / "汇总.xlsx"
    r = desk("township", folder, "--month", MONTH, "--passphrases", pw, "--pdf", pdf, "--xlsx", xlsx)
    assert r.returncode == 1, r.stderr  # some files were skipped
    assert "Traceback" not in r.stderr + r.stdout
    err = r.stderr
    assert "正在读取（1/" in err  # progress
    for reason in ("说明.docx 不是村委工作台", "绿水村-20261105-093000.desk.sqlite3 不完整", "由更新版本",
                   "改动村-2026-10.desk-report.json 的校验值不符", "的密码不对"):
        assert reason in err, reason
    assert "红岩村有2个本月可用的文件" not in err  # its backup was skipped (wrong passphrase)
    assert "汇总了3个村" in err and "跳过5个文件" in err
    text = "".join(pdf_text(pdf, layout=False).split())
    for name in ("青石村", "白沙村", "红岩村", "合计", "调解成功率=调解成功件数", "填表人：", "负责人：",
                 "单位（盖章）："):
        assert name in text, name
    ws = openpyxl.load_workbook(xlsx)["汇总表"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, row in enumerate(rows) if row[0] == "村")
    body = {row[0]: row[1:] for row in rows[head + 1:] if row[0]}
    assert set(body) == {"青石村", "白沙村", "红岩村", "合计"}
    n_numbers = rows[head].index("调解成功率") - 1
    for name, cells in body.items():
        assert all(isinstance(v, (int, float)) for v in cells[:n_numbers]), name
    for j in range(n_numbers):
        assert body["合计"][j] == pytest.approx(sum(body[v][j] for v in ("青石村", "白沙村", "红岩村")))
    accepted = {v: body[v][0] for v in ("青石村", "白沙村", "红岩村")}
    for name, db in dbs.items():  # equals the village's own report
        r = desk("report", MONTH, "--text", "--db", db)
        line = next(ln for ln in r.stdout.splitlines() if ln.startswith("受理合计"))
        assert int(line.split()[1]) == accepted[name], name


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
def test_passphrase_asked_once_per_village_and_newest_used(stick):
    folder, _ = stick
    # no tty: getpass reads the answers from stdin, one line per village asked
    r = desk("township", folder, "--month", MONTH, "--text", stdin="白沙村-备份-2026\n红岩村-备份-2026\n")
    assert r.returncode == 1  # the bad files are still there
    assert r.stderr.count("请输入“白沙村”备份的密码") == 1 and r.stderr.count("请输入“红岩村”备份的密码") == 1
    assert "红岩村有2个本月可用的文件，用了最新的 红岩村-2026-10.desk-report.json" in r.stderr
    assert "本表汇总3个村" in r.stdout


@pytest.fixture
def small_stick(engine, db_path, tmp_path):
    """A stick holding one real village file (the small fixture village, 青石村): the refusals
    below come before any file is read, so the three big villages of `stick` are not needed."""
    dispose_engine(db_path)
    folder = tmp_path / "stick"
    folder.mkdir()
    shutil.copyfile(db_path, folder / "青石村.db")
    return folder, db_path


@pytest.mark.parametrize("args, words", [
    (["--month", "2026-13"], "月份“2026-13”格式不对"),
    (["--month", "2099-01"], "还没有到"),
])
def test_bad_month_is_refused(small_stick, args, words):
    r = desk("township", small_stick[0], *args)
    assert r.returncode == 2 and words in r.stderr and "Traceback" not in r.stderr


def test_missing_folder_and_bad_passphrase_file(small_stick, tmp_path):
    r = desk("township", tmp_path / "没有这个", "--month", MONTH)
    assert r.returncode == 2 and "找不到文件夹" in r.stderr
    bad = tmp_path / "pw.txt"
    bad.write_text("白沙村 白沙村-备份-2026\n", encoding="utf-8")
    r = desk("township", small_stick[0], "--month", MONTH, "--passphrases", bad)
    assert r.returncode == 2 and "第1行格式不对" in r.stderr


def test_submit_to_missing_folder_is_refused(small_stick, tmp_path):
    village = small_stick[1]
    before = village.read_bytes()
    r = desk("report", MONTH, "--submit", tmp_path / "无", "--db", village)
    assert r.returncode == 2 and "找不到文件夹" in r.stderr
    assert not (tmp_path / "无").exists()
    assert village.read_bytes() == before


# `desk demo --village 白沙村` is checked in tests/test_cli.py::test_demo_creates_the_demonstration_village_once
# (its build runs beside the default demo's).


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
def test_basis_by_closing(stick, tmp_path):
    folder, _ = stick
    r = desk("township", folder, "--month", MONTH, "--basis", "乱写")
    assert r.returncode == 2 and "统计口径“乱写”不对" in r.stderr
    pw = tmp_path / "pw.txt"
    pw.write_text("白沙村=白沙村-备份-2026\n红岩村=红岩村-备份-2026\n", encoding="utf-8")
    r = desk("township", folder, "--month", MONTH, "--basis", "结案", "--passphrases", pw, "--text")
    assert r.returncode == 1
    assert "红岩村-2026-10.desk-report.json 的统计口径（按受理月份）与本次汇总（按结案）不同" in r.stderr
    assert "结案合计" in r.stdout and "统计口径：按结案统计" in r.stdout
    assert "本表汇总3个村" in r.stdout  # 红岩村 from its backup


def test_empty_folder_is_said(tmp_path):
    (tmp_path / "空").mkdir()
    r = desk("township", tmp_path / "空", "--month", MONTH)
    assert r.returncode == 2 and "没有找到任何文件" in r.stderr and "Traceback" not in r.stderr
