"""Before a restore the clerk is told what it would lose: cases and checklist answers here now
and not in the backup (counts, the latest case numbers), in the CLI prompt and the F6 dialog."""

from __future__ import annotations

from argparse import Namespace
from datetime import date
from pathlib import Path

import pytest

from db.backup import make_backup, restore_loss
from db.checklist.questions import add_question, answer, list_cells, open_round
from db.engine import dispose_engine
from db.register.write import create_dispute, update_dispute
from tests.db.backup_helpers import PASSPHRASE, table_hashes

DAY = date(2026, 5, 6)


def new_case(engine, summary="宅基地边界"):
    return create_dispute(engine, dict(accepted_on=DAY, type_id=1, summary=summary),
                          [dict(name="曾三")])


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def test_nothing_lost_when_the_backup_is_current(engine, db_path, stick):
    new_case(engine)
    backup = make_backup(db_path, stick)
    loss = restore_loss(backup.path, db_path)
    assert loss is not None and loss.nothing_lost
    assert "不会丢失" in loss.text()


def test_cases_and_answers_made_after_the_backup_are_counted_and_named(engine, db_path, stick):
    for _ in range(3):
        new_case(engine)
    first = new_case(engine)
    backup = make_backup(db_path, stick)
    for _ in range(3):  # cases 5, 6, 7 after the backup
        new_case(engine)
    update_dispute(engine, first.id, {"summary": "改：宅基地边界和水渠"})
    loss = restore_loss(backup.path, db_path)
    assert loss.cases_missing == 3 and loss.cases_changed == 1
    assert loss.latest_missing == ["(2026)青调字第007号", "(2026)青调字第006号",
                                   "(2026)青调字第005号"]
    text = loss.text()
    assert "案件 3 件" in text and "(2026)青调字第007号" in text and "改过的案件 1 件" in text
    assert loss.other_changes >= 4  # 3 inserts and an update in the audit log


def test_checklist_answers_newer_than_the_backup(engine, db_path, stick):
    for i, text in enumerate(("本组有多少独居老人？", "饮水是否安全？"), 1):
        add_question(engine, f"Q{i:02d}", "测试", text)
    open_round(engine, "2026年第二季度", date(2026, 4, 1), date(2026, 6, 30))
    cells = [c.assignment_id for c in list_cells(engine, 1)]
    answer(engine, cells[0], "两位独居老人", DAY, 1)
    backup = make_backup(db_path, stick)
    for cell in cells[1:4]:
        answer(engine, cell, "饮水安全", DAY, 1)
    loss = restore_loss(backup.path, db_path)
    assert loss.answers_missing == 3 and loss.cases_missing == 0
    assert "村事百晓答复 3 条" in loss.text()


@pytest.mark.slow  # a long run (over 7 s): CI runs it, the everyday tier leaves it out
def test_an_encrypted_backup_is_compared_with_its_passphrase_only(engine, db_path, stick):
    new_case(engine)
    backup = make_backup(db_path, stick, passphrase=PASSPHRASE)
    new_case(engine)
    assert restore_loss(backup.path, db_path) is None  # no passphrase: cannot tell yet
    assert restore_loss(backup.path, db_path, passphrase="wrong-pass-1") is None
    loss = restore_loss(backup.path, db_path, passphrase=PASSPHRASE)
    assert loss.cases_missing == 1 and loss.latest_missing == ["(2026)青调字第002号"]
    assert not [p for p in db_path.parent.iterdir() if "loss" in p.name]  # no scratch left


def test_computing_the_loss_changes_nothing(engine, db_path, stick):
    new_case(engine)
    backup = make_backup(db_path, stick)
    new_case(engine)
    dispose_engine(db_path)
    before = table_hashes(db_path), backup.path.read_bytes()
    listing = sorted(p.name for p in db_path.parent.iterdir())
    assert restore_loss(backup.path, db_path).cases_missing == 1
    assert (table_hashes(db_path), backup.path.read_bytes()) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == listing


def test_the_cli_prompt_says_what_will_be_lost_before_asking(engine, db_path, stick, monkeypatch,
                                                             capsys):
    from desk.cli.backup import cmd_restore

    new_case(engine)
    backup = make_backup(db_path, stick)
    new_case(engine)
    dispose_engine(db_path)
    asked = []

    def answer_no(prompt):
        asked.append((prompt, capsys.readouterr().out))  # what was printed before the question
        return "n"

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", answer_no)
    before = table_hashes(db_path)
    assert cmd_restore(Namespace(file=backup.path, db=db_path, yes=False)) == 1
    (prompt, printed), = asked
    assert "案件 1 件" in printed and "(2026)青调字第002号" in printed
    assert "输入 y 确认" in prompt
    assert table_hashes(db_path) == before


async def test_the_f6_confirm_shows_the_loss_as_plain_text_before_y_counts(engine, db_path,
                                                                          stick):
    from desk.app import make_app
    from desk.screens.backup.restore import RestoreConfirm
    from tests.app.helpers import TODAY, settle

    new_case(engine)
    backup = make_backup(db_path, stick)
    new_case(engine, summary="[b]粗体[/b] 𠮷")
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        confirm = RestoreConfirm("用备份替换吗？", (backup.path, db_path, None))
        answers = []
        app.push_screen(confirm, answers.append)
        await settle(pilot)
        assert "案件 1 件" in confirm.loss_text and "(2026)青调字第002号" in confirm.loss_text
        shown = str(confirm.query_one("#restore-loss").render())
        assert "(2026)青调字第002号" in shown  # the brackets of a case number are not markup
        await pilot.press("n")
        await settle(pilot)
        assert answers == [False]


def test_the_loss_text_is_plain_for_any_case_number():
    from db.backup.loss import RestoreLoss

    loss = RestoreLoss(cases_missing=5, latest_missing=["[red]x[/red]", "(2026)青调字第009号"])
    text = loss.text()
    assert "[red]x[/red]" in text and "等" in text


def test_an_older_revision_backup_is_compared_on_the_columns_both_have(tmp_path, stick):
    import shutil

    from db.schema import open_database

    fixture = Path(__file__).parent.parent / "fixtures" / "schema-0002.sqlite3"
    old = tmp_path / "old.db"
    shutil.copyfile(fixture, old)
    backup = make_backup(old, stick)  # a backup made by the 0002 program
    live = tmp_path / "desk.db"
    shutil.copyfile(fixture, live)
    engine = open_database(live)  # upgraded to the newest schema
    try:
        d = create_dispute(engine, dict(accepted_on=date(2026, 12, 30), type_id=1, summary="新"),
                           [dict(name="韦五")])
        loss = restore_loss(backup.path, live)
        assert loss.cases_missing == 1 and loss.latest_missing == [d.number]
        assert loss.cases_changed == 0 and loss.answers_changed == 0  # the upgrade is no change
    finally:
        dispose_engine(live)
