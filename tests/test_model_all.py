"""A model test across register, checklist, backup and restore.

Random sequences of what a clerk does (register a case, add a party, move its status, void or
reopen it, answer a checklist question and turn the finding into a case, back up, restore an
earlier backup) run against a real SQLite file and against a small in-memory model; after
every step the file must equal the model. A restore must bring back exactly the model as it
was at that backup.

CI runs 200 sequences of 50 steps; DESK_MODEL_RUNS=2000 runs more.
"""

from __future__ import annotations

import copy
import os
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from db.backup import make_backup, restore_backup
from db.checklist.questions import add_question, answer, list_cells, open_round, to_case
from db.engine import dispose_engine
from db.models.register import MOVES, OPEN_STATUSES
from db.register.write import add_party, create_dispute, move_status, reopen_case, void_dispute
from db.schema import open_database
from db.session import DataError
from db.settings.village import save_cadre, setup_village

TODAY = date(2026, 11, 28)
RUNS = int(os.environ.get("DESK_MODEL_RUNS", "200"))
NAMES = st.text(alphabet="张曾覃韦黄三四阿婆𠮷·", min_size=2, max_size=5).filter(
    lambda s: not s.startswith("·") and not s.endswith("·") and "··" not in s)

_template: dict[str, Path] = {}


def template(tmp_root: Path) -> Path:
    """A migrated file with the demo village and an open checklist round, made once."""
    if "path" not in _template:
        path = tmp_root / "template.db"
        engine = open_database(path)  # small on purpose: every backup copies the whole file
        setup_village(engine, {"name": "青石村", "case_prefix": "青调"}, ["一组", "二组", "三组", "四组"])
        save_cadre(engine, None, name="钱调解", roles=["调解员", "片长"], hamlet_ids=[1, 2, 3, 4])
        for i, text in enumerate(("本组有多少独居老人？", "饮水是否安全？", "有没有危房？",
                                  "道路是否通畅？", "群众有什么急难愁盼？"), 1):
            add_question(engine, f"Q{i:02d}", "测试", text)
        open_round(engine, "2026年第四季度", date(2026, 10, 1), date(2026, 12, 31))
        dispose_engine(path)
        _template["path"] = path
    return _template["path"]


class Desk(RuleBasedStateMachine):
    """The model: cases (status, parties, voided), live checklist answers, backups."""

    root: Path

    @initialize()
    def start(self):
        self.dir = Path(self.root) / f"run{id(self)}"
        self.dir.mkdir()
        self.path = self.dir / "desk.db"
        shutil.copy(template(Path(self.root)), self.path)
        self.engine = open_database(self.path)
        self.cells = [c.assignment_id for c in list_cells(self.engine, 1)]
        self.cases: dict[int, dict] = {}
        self.answered: set[int] = set()
        self.backups: list[tuple[Path, dict]] = []

    def teardown(self):
        dispose_engine(self.path)
        shutil.rmtree(self.dir, ignore_errors=True)

    def _snapshot(self) -> dict:
        return copy.deepcopy({"cases": self.cases, "answered": self.answered})

    # ---- rules ---------------------------------------------------------------------------

    @rule(names=st.lists(NAMES, min_size=1, max_size=3), type_id=st.integers(1, 16))
    def register_case(self, names, type_id):
        parties = [{"role": "applicant" if i == 0 else "respondent", "name": n} for i, n in enumerate(names)]
        d = create_dispute(self.engine, {"accepted_on": TODAY, "type_id": type_id, "summary": "模型测试"}, parties)
        self.cases[d.id] = {"status": "accepted", "parties": len(names), "voided": False}

    @precondition(lambda self: self.cases)
    @rule(data=st.data(), name=NAMES)
    def add_a_party(self, data, name):
        case_id = data.draw(st.sampled_from(sorted(self.cases)))
        if self.cases[case_id]["voided"]:
            with pytest.raises(DataError):
                add_party(self.engine, case_id, {"role": "third", "name": name})
            return
        add_party(self.engine, case_id, {"role": "third", "name": name})
        self.cases[case_id]["parties"] += 1

    @precondition(lambda self: self.cases)
    @rule(data=st.data(), new_status=st.sampled_from(sorted(MOVES)))
    def move(self, data, new_status):
        case_id = data.draw(st.sampled_from(sorted(self.cases)))
        case = self.cases[case_id]
        if case["voided"] or new_status not in MOVES[case["status"]]:
            with pytest.raises(DataError):
                move_status(self.engine, case_id, new_status)
            return
        move_status(self.engine, case_id, new_status)
        case["status"] = new_status

    @precondition(lambda self: self.cases)
    @rule(data=st.data())
    def reopen(self, data):
        case_id = data.draw(st.sampled_from(sorted(self.cases)))
        case = self.cases[case_id]
        if case["voided"] or case["status"] in OPEN_STATUSES:
            with pytest.raises(DataError):
                reopen_case(self.engine, case_id, "当事人反映协议未履行")
            return
        reopen_case(self.engine, case_id, "当事人反映协议未履行")
        case["status"] = "mediating"

    @precondition(lambda self: self.cases)
    @rule(data=st.data())
    def void(self, data):
        case_id = data.draw(st.sampled_from(sorted(self.cases)))
        if self.cases[case_id]["voided"]:
            with pytest.raises(DataError):
                void_dispute(self.engine, case_id, "重复登记")
            return
        void_dispute(self.engine, case_id, "重复登记")
        self.cases[case_id]["voided"] = True

    @precondition(lambda self: len(self.answered) < len(self.cells))
    @rule(data=st.data(), to_register=st.booleans())
    def finding(self, data, to_register):
        cell = data.draw(st.sampled_from([c for c in self.cells if c not in self.answered]))
        a = answer(self.engine, cell, "有群众反映需要处理", TODAY, 1, needs_action=True)
        self.answered.add(cell)
        if to_register:
            case_id = to_case(self.engine, a.id)
            self.cases[case_id] = {"status": "accepted", "parties": 0, "voided": False}

    @rule()
    def backup(self):
        stick = self.dir / "stick"
        stick.mkdir(exist_ok=True)
        result = make_backup(self.path, stick)
        self.backups.append((result.path, self._snapshot()))

    @precondition(lambda self: self.backups)
    @rule(data=st.data())
    def restore(self, data):
        path, snapshot = data.draw(st.sampled_from(self.backups))
        restore_backup(path, self.path)
        self.engine = open_database(self.path)
        self.cases = copy.deepcopy(snapshot["cases"])
        self.answered = set(snapshot["answered"])

    # ---- the file equals the model --------------------------------------------------------

    @invariant()
    def file_equals_model(self):
        if not hasattr(self, "path"):
            return
        con = sqlite3.connect(self.path)
        try:
            rows = con.execute(
                "SELECT d.id, d.status, d.voided, (SELECT count(*) FROM party p WHERE p.dispute_id = d.id "
                "AND p.voided = 0) FROM dispute d"
            ).fetchall()
            answered = {r[0] for r in con.execute("SELECT DISTINCT assignment_id FROM answer WHERE voided = 0")}
            audited = con.execute(
                "SELECT count(*) FROM dispute d WHERE NOT EXISTS (SELECT 1 FROM audit_entry a WHERE "
                "a.table_name = 'dispute' AND a.row_id = d.id AND a.action = 'insert')"
            ).fetchone()[0]
        finally:
            con.close()
        db_cases = {i: {"status": s, "parties": n, "voided": bool(v)} for i, s, v, n in rows}
        assert db_cases == self.cases
        assert answered == self.answered
        assert audited == 0


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_register_checklist_backup_restore(tmp_path_factory):
    root = tmp_path_factory.mktemp("model")
    Desk.root = root
    _template.clear()
    Desk.TestCase.settings = settings(
        max_examples=RUNS, stateful_step_count=50, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    Desk.TestCase().runTest()
