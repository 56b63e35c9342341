"""`desk export FILE.xlsx [filters]`: the F3 register export from the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from db.engine import dispose_engine
from db.register.write import create_dispute, move_status, void_dispute
from db.settings.village import list_types
from desk.cli.main import main
from tests.conftest import _from_template

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def village_template(_template_files, tmp_path_factory) -> Path:
    """Five cases: two hamlets, two types, three statuses, one voided; one with a full ID.
    Written once per module by the real code on a copy of the small village."""
    path = tmp_path_factory.mktemp("export") / "village.db"
    engine = _from_template(_template_files["village"], path)
    types = {t.name: t.id for t in list_types(engine, active_only=True)}
    made = []
    for day, hamlet, kind, name in ((date(2025, 12, 30), 1, "邻里", "张三"), (date(2026, 3, 5), 1, "邻里", "=1+1"),
                                    (date(2026, 10, 8), 2, "婚姻家庭", "李四"), (date(2026, 10, 9), 2, "邻里", "王五"),
                                    (date(2026, 10, 10), 1, "邻里", "赵六")):
        made.append(create_dispute(engine, dict(accepted_on=day, type_id=types[kind], hamlet_id=hamlet,
                                                summary=f"{name}的纠纷"),
                                   [dict(role="applicant", name=name, id_number="110101199003071234")]))
    move_status(engine, made[2].id, "mediating")
    void_dispute(engine, made[4].id, "重复登记")
    dispose_engine(path)  # checkpointed: the copy is the whole file
    return path


@pytest.fixture
def village(village_template, db_path):
    """Each test's own copy of the five-case village at db_path (the command opens it itself)."""
    shutil.copyfile(village_template, db_path)
    db_path.chmod(0o600)
    return db_path


def names(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [row[5] for row in ws.iter_rows(min_row=4, values_only=True)]


def test_export_everything(village, db_path, tmp_path, capsys):
    out = tmp_path / "台账.xlsx"
    assert main(["export", "--db", str(db_path), str(out)]) == 0
    assert "已导出 4 件" in capsys.readouterr().out
    assert names(out) == ["张三", "=1+1", "李四", "王五"]
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws["F5"].value == "=1+1" and ws["F5"].data_type == "s"  # text, never a formula
    assert ws["G4"].value == "110101********1234"  # masked unless --full-ids


@pytest.mark.parametrize("options, expected", [
    (["--year", "2026"], ["=1+1", "李四", "王五"]),
    (["--month", "2026-10"], ["李四", "王五"]),
    (["--month", "2026-3"], ["=1+1"]),
    (["--status", "调解中"], ["李四"]),
    (["--status", "受理,调解中", "--year", "2026"], ["=1+1", "李四", "王五"]),
    (["--status", "受理", "--status", "调解中"], ["张三", "=1+1", "李四", "王五"]),
    (["--hamlet", "二组"], ["李四", "王五"]),
    (["--type", "婚姻家庭纠纷"], ["李四"]),
    (["--type", "邻里", "--hamlet", "一组"], ["张三", "=1+1"]),
    (["--voided", "--month", "2026-10"], ["李四", "王五", "赵六"]),
    (["--search", "李四"], ["李四"]),
    (["--search", "ww"], ["王五"]),  # pinyin initials, as on F3
    (["--open", "--hamlet", "二组"], ["李四", "王五"]),
])
def test_filters(village, db_path, tmp_path, options, expected):
    out = tmp_path / "x.xlsx"
    assert main(["export", "--db", str(db_path), str(out), *options]) == 0
    assert names(out) == expected


def test_full_ids(village, db_path, tmp_path):
    out = tmp_path / "x.xlsx"
    assert main(["export", "--db", str(db_path), str(out), "--full-ids"]) == 0
    assert openpyxl.load_workbook(out).worksheets[0]["G4"].value == "110101199003071234"


@pytest.mark.parametrize("options, words", [
    (["--year", "26"], "年份"),
    (["--month", "2026-13"], "月份"),
    (["--year", "2025", "--month", "2026-10"], "同一年"),
    (["--status", "胜利"], "没有“胜利”这个状态"),
    (["--hamlet", "十组"], "没有“十组”这个屯组"),
    (["--type", "打架"], "没有“打架”这个纠纷类型"),
])
def test_bad_options_say_why_and_write_nothing(village, db_path, tmp_path, capsys, options, words):
    out = tmp_path / "x.xlsx"
    assert main(["export", "--db", str(db_path), str(out), *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and words in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_bad_target_and_missing_database(village, db_path, tmp_path, capsys):
    assert main(["export", "--db", str(db_path), str(tmp_path / "x.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert main(["export", "--db", str(db_path), str(tmp_path / "没有" / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "不存在" in err and "Traceback" not in err
    assert main(["export", "--db", str(tmp_path / "无.db"), str(tmp_path / "x.xlsx")]) == 2
    assert "找不到数据库文件" in capsys.readouterr().err


def test_help_and_errors_through_the_real_command(village, db_path, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = lambda *a: subprocess.run([sys.executable, "-m", "desk", *a], capture_output=True,  # noqa: E731
                                    text=True, encoding="utf-8", env=env, timeout=120)
    helped = run("export", "--help")
    assert helped.returncode == 0 and "导出调解台账" in helped.stdout and "--hamlet" in helped.stdout
    bad = run("export", "--db", str(db_path), str(tmp_path / "没有" / "x.xlsx"))
    assert bad.returncode == 2 and bad.stderr.startswith("错误：") and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_search_with_an_invisible_character_is_refused(village, db_path, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    assert main(["export", "--db", str(db_path), str(out), "--search", "李\u202e四"]) == 2
    err = capsys.readouterr().err
    assert "看不见的控制字符" in err and "U+202E" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_an_unknown_mediator_lists_the_known_ones(village, db_path, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    assert main(["export", "--db", str(db_path), str(out), "--mediator", "无此人"]) == 2
    err = capsys.readouterr().err
    assert "没有“无此人”这个主持人" in err and "钱调解" in err
    assert not out.exists()
