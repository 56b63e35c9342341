"""The register's export (p on F3) and import (i on F3) show their progress in a ProgressBar
fed by the worker (desk.widgets.progress.WorkProgress), then hide it."""

from __future__ import annotations

from datetime import timedelta

import openpyxl

from db.register.write import create_dispute
from desk.app import make_app
from desk.output import output_dir
from desk.widgets.progress import WorkProgress
from forms.register_import import COLUMNS
from tests.app.helpers import TODAY, paste_text, settle


async def test_export_shows_progress_then_hides_it(db_path, engine):
    for i in range(3):
        create_dispute(engine, dict(accepted_on=TODAY - timedelta(days=i), type_id=1, summary=f"第{i}件"),
                       [dict(name=f"张{i}")])
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        bar = app.screen.query_one(WorkProgress)
        assert not bar.has_class("running")
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert bar.shown == (3, 3) and not bar.has_class("running")
    assert len(list(output_dir(db_path).glob("调解台账-*.xlsx"))) == 1


async def test_import_shows_progress_while_checking_and_adding(db_path, engine, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(list(COLUMNS))
    for i in range(4):
        row = {"受理日期": f"2025-03-0{i + 1}", "纠纷类型": "邻里", "申请人": f"王{i}"}
        book.active.append([row.get(c, "") for c in COLUMNS])
    source = tmp_path / "台账.xlsx"
    book.save(source)
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        bar = app.screen.query_one(WorkProgress)
        await paste_text(pilot, str(source))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert bar.shown == (4, 4) and not bar.has_class("running")
        await pilot.press("ctrl+s")
        # (not workers.wait_for_complete: the import closes its screen when it is done, and
        # Textual then marks that screen's finished worker cancelled; settle allows for it)
        await settle(pilot)
        assert bar.shown == (4, 4)
        assert len(app.screen.rows) == 4  # back on the register, the four cases listed


async def test_opening_an_older_file_shows_the_rekeying_then_hides_it(db_path, engine):
    """An older file's pinyin keys are re-made while the app opens it (db.pinyin_refresh):
    the start-up shows 正在更新拼音索引 with its count, then takes the line away."""
    import sqlite3

    from db.engine import dispose_engine
    from db.pinyin import KEYS_VERSION
    from desk.widgets.progress import StartupProgress

    for i in range(3):
        create_dispute(engine, dict(accepted_on=TODAY - timedelta(days=i), type_id=1, summary=f"第{i}件"),
                       [dict(name=f"曾{i}")])
    dispose_engine(db_path)
    con = sqlite3.connect(db_path)
    con.execute("UPDATE party SET initials = ''")
    con.execute("PRAGMA user_version = 0")
    con.commit()
    total = con.execute("SELECT (SELECT count(*) FROM dispute) + (SELECT count(*) FROM question)").fetchone()[0]
    con.close()
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.startup_progress.shown == (total, total)
        assert list(app.screen.query(f"#{StartupProgress.ID}")) == []
        assert app.engine is not None
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == KEYS_VERSION
    assert con.execute("SELECT count(*) FROM party WHERE initials = ''").fetchone()[0] == 0
    con.close()


async def test_the_rekeying_line_reads_its_count(db_path, engine):
    import asyncio

    from desk.widgets.progress import StartupProgress, WorkProgress
    from tests.app.helpers import screen_text

    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = StartupProgress(app, "正在更新拼音索引")
        await asyncio.to_thread(line, 35000, 100000)  # from a worker thread, as open_database does
        await pilot.pause()
        assert "正在更新拼音索引：35,000 / 100,000" in screen_text(app)
        assert app.screen.query_one(f"#{StartupProgress.ID}", WorkProgress).has_class("running")
        line.close()
        await pilot.pause()
        assert "正在更新拼音索引" not in screen_text(app)
