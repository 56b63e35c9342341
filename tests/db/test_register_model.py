"""A model-based test of the register: random sequences of clerk actions against a plain model.

After every step the database must equal the model, a refused action must change nothing,
and an accepted one must have written exactly one audit entry per row it changed.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import Session, select

from db.engine import dispose_engine
from db.models import Agreement, AuditEntry, Dispute, Party, Proceeding
from db.models.register import MASS_THRESHOLD, MOVES, OPEN_STATUSES, STATUSES
from db.register import write as r
from db.schema import open_database
from db.session import DataError

BASE = date(2026, 1, 1)
# Mostly real names, sometimes a blank one (which must refuse the whole change).
NAMES = st.sampled_from(["张三", "曾五", "李四", "覃美玲", "欧阳华", "阿卜杜·热合曼", "王", "单于行", "韦", "  "])
DAYS = st.integers(0, 420)  # crosses into the next year: numbers start again at 001


@dataclass
class Case:
    id: int
    year: int
    seq: int
    accepted_on: date
    deadline: date
    summary: str = ""
    people: int = 0
    is_mass: bool = False
    status: str = "accepted"
    closed_on: date | None = None
    voided: bool = False
    parties: dict[int, tuple[str, bool]] = field(default_factory=dict)  # id -> (name, voided)
    proceedings: int = 0
    agreements: dict[int, bool] = field(default_factory=dict)  # id -> voided

    def live_parties(self) -> int:
        return sum(1 for _, voided in self.parties.values() if not voided)

    def live_agreement(self) -> int | None:
        return next((a for a, v in self.agreements.items() if not v), None)


class RegisterMachine(RuleBasedStateMachine):
    template: Path  # a migrated database with the test village, copied for every example

    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="register-model-"))
        self.path = self.dir / "village.db"
        shutil.copyfile(self.template, self.path)
        self.engine = open_database(self.path)
        self.cases: list[Case] = []
        self.audit_seen = self._audit_count()

    def teardown(self):
        dispose_engine(self.path)
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- helpers --------------------------------------------------------------------------

    def _audit_count(self) -> int:
        with Session(self.engine) as s:
            return len(s.exec(select(AuditEntry.id)).all())

    def _new_entries(self) -> list[tuple[str, int, str]]:
        with Session(self.engine) as s:
            rows = s.exec(select(AuditEntry).where(AuditEntry.id > self.audit_seen).order_by(AuditEntry.id)).all()
            self.audit_seen = max([self.audit_seen] + [a.id for a in rows])
            return [(a.table_name, a.row_id, a.action) for a in rows]

    def expect(self, action, *entries, refused: str | None = None):
        """Run `action`; refused (a DataError whose message contains `refused`) or written with
        exactly `entries` ((table, row, action) or (table, None, action) for a new row)."""
        if refused is not None:
            with pytest.raises(DataError) as err:
                action()
            assert refused in err.value.message, err.value.message
            assert self._new_entries() == []
            return None
        result = action()
        got = self._new_entries()
        assert len(got) == len(entries), (got, entries)
        for (table, row, act), (want_table, want_row, want_act) in zip(got, entries, strict=True):
            assert (table, act) == (want_table, want_act)
            assert want_row is None or row == want_row
        return result

    def pick(self, index: int, want=None) -> Case:
        """A case by index; with `want`, among the cases where the action can succeed when
        there are some (odd indexes keep picking from all, so refusals stay tested)."""
        pool = self.cases
        if want is not None and index % 2 == 0:
            pool = [c for c in self.cases if not c.voided and want(c)] or self.cases
        return pool[(index // 2) % len(pool)]

    def next_seq(self, year: int) -> int:
        return max([c.seq for c in self.cases if c.year == year], default=0) + 1

    # ---- rules ----------------------------------------------------------------------------

    @rule(days=DAYS, names=st.lists(NAMES, max_size=3), people=st.integers(0, 8))
    def create(self, days, names, people):
        accepted = BASE + timedelta(days=days)
        parties = [dict(name=n, role="applicant" if i == 0 else "respondent") for i, n in enumerate(names)]
        act = lambda: r.create_dispute(self.engine, dict(accepted_on=accepted, type_id=2, people_involved=people),  # noqa: E731
                                       parties)
        if any(not n.strip() for n in names):
            self.expect(act, refused="姓名")
            return
        entries = [("dispute", None, "insert")] + [("party", None, "insert")] * len(names)
        d = self.expect(act, *entries)
        people = max(people, len(names))  # 涉及人数 is never fewer than the parties named
        case = Case(d.id, accepted.year, self.next_seq(accepted.year), accepted, accepted + timedelta(days=30),
                    people=people, is_mass=people >= MASS_THRESHOLD)
        with Session(self.engine) as s:
            ids = s.exec(select(Party.id).where(Party.dispute_id == d.id).order_by(Party.id)).all()
        case.parties = {pid: (n.strip(), False) for pid, n in zip(ids, names, strict=True)}
        self.cases.append(case)

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99), summary=st.sampled_from(["", "宅基地", "欠款 3000 元"]),
          people=st.integers(0, 8), deadline=st.integers(-5, 60))
    def edit(self, i, summary, people, deadline):
        c = self.pick(i, lambda c: True)
        new_deadline = c.accepted_on + timedelta(days=deadline)
        act = lambda: r.update_dispute(self.engine, c.id, dict(summary=summary, people_involved=people,  # noqa: E731
                                                               deadline=new_deadline))
        if c.voided:
            return self.expect(act, refused="已作废")
        if people < c.live_parties():
            return self.expect(act, refused="涉及人数")
        if deadline < 0:
            return self.expect(act, refused="办结期限")
        marked = c.is_mass and c.people < MASS_THRESHOLD
        changed = (summary, people, new_deadline) != (c.summary, c.people, c.deadline)
        self.expect(act, *([("dispute", c.id, "update")] if changed else []))
        c.summary, c.people, c.deadline = summary, people, new_deadline
        c.is_mass = marked or people >= MASS_THRESHOLD

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99), name=NAMES)
    def add_party(self, i, name):
        c = self.pick(i, lambda c: True)
        act = lambda: r.add_party(self.engine, c.id, dict(name=name, role="third"))  # noqa: E731
        if c.voided:
            return self.expect(act, refused="已作废")
        if not name.strip():
            return self.expect(act, refused="姓名")
        raised = c.people < c.live_parties() + 1  # 涉及人数 follows the parties
        p = self.expect(act, ("party", None, "insert"), *([("dispute", c.id, "update")] if raised else []))
        c.parties[p.id] = (name.strip(), False)
        if raised:
            c.people = c.live_parties()
            c.is_mass = c.is_mass or c.people >= MASS_THRESHOLD

    @precondition(lambda self: any(c.parties for c in self.cases))
    @rule(i=st.integers(0, 99), j=st.integers(0, 99))
    def void_party(self, i, j):
        c = self.pick(i)
        if not c.parties:
            return
        pid = sorted(c.parties)[j % len(c.parties)]
        name, voided = c.parties[pid]
        act = lambda: r.void_party(self.engine, pid, "登记错了")  # noqa: E731
        if voided or c.voided:
            return self.expect(act, refused="已作废")
        self.expect(act, ("party", pid, "void"))
        c.parties[pid] = (name, True)

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99), days=st.integers(0, 40))
    def add_proceeding(self, i, days):
        c = self.pick(i)
        act = lambda: r.add_proceeding(self.engine, c.id, dict(held_on=c.accepted_on + timedelta(days=days), rights_notified=True))  # noqa: E731
        if c.voided:
            return self.expect(act, refused="已作废")
        starts = c.status == "accepted"  # a mediation record moves 受理 -> 调解中
        self.expect(act, ("proceeding", None, "insert"), *([("dispute", c.id, "update")] if starts else []))
        c.proceedings += 1
        if starts:
            c.status = "mediating"

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99), days=st.integers(-3, 40))
    def add_agreement(self, i, days):
        c = self.pick(i, lambda c: c.status == "succeeded" and c.live_agreement() is None)
        act = lambda: r.add_agreement(self.engine, c.id, dict(signed_on=c.accepted_on + timedelta(days=days)))  # noqa: E731
        if c.voided:
            return self.expect(act, refused="已作废")
        if c.status != "succeeded":
            return self.expect(act, refused="调解成功")
        if c.live_agreement() is not None:
            return self.expect(act, refused="已有调解协议")
        if days < 0:
            return self.expect(act, refused="签订日期")
        a = self.expect(act, ("agreement", None, "insert"))
        c.agreements[a.id] = False

    @precondition(lambda self: any(c.live_agreement() for c in self.cases))
    @rule(i=st.integers(0, 99))
    def void_agreement(self, i):
        c = self.pick(i)
        aid = c.live_agreement()
        if aid is None:
            return
        act = lambda: r.void_agreement(self.engine, aid, "重新签订")  # noqa: E731
        if c.voided:
            return self.expect(act, refused="已作废")
        self.expect(act, ("agreement", aid, "void"))
        c.agreements[aid] = True

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99), new=st.sampled_from(["succeeded", *sorted(STATUSES)]))
    def move(self, i, new):
        c = self.pick(i, lambda c: c.status in OPEN_STATUSES)
        act = lambda: r.move_status(self.engine, c.id, new, "随机")  # noqa: E731
        if c.voided:
            return self.expect(act, refused="已作废")
        if new == c.status:
            return self.expect(act, refused="已经是")
        if new not in MOVES[c.status]:
            return self.expect(act, refused=f"不能从“{STATUSES[c.status]}”改为“{STATUSES[new]}”")
        if new != "succeeded" and c.live_agreement() is not None:
            return self.expect(act, refused="调解协议")
        self.expect(act, ("dispute", c.id, "update"))
        c.status = new

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99), days=st.integers(-2, 60))
    def close(self, i, days):
        c = self.pick(i, lambda c: c.status not in OPEN_STATUSES)
        closed = c.accepted_on + timedelta(days=days)
        act = lambda: r.close_case(self.engine, c.id, closed, "李文书")  # noqa: E731
        if c.voided:
            return self.expect(act, refused="已作废")
        if c.status in OPEN_STATUSES:
            return self.expect(act, refused="先登记调解结果")
        if days < 0:
            return self.expect(act, refused="结案日期")
        self.expect(act, *([("dispute", c.id, "update")] if closed != c.closed_on else []))
        c.closed_on = closed

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99), reason=st.sampled_from(["", " ", "当事人反悔"]))
    def reopen(self, i, reason):
        c = self.pick(i, lambda c: c.closed_on is not None)
        act = lambda: r.reopen_case(self.engine, c.id, reason)  # noqa: E731
        if not reason.strip():
            return self.expect(act, refused="原因")
        if c.voided:
            return self.expect(act, refused="已作废")
        if c.status in OPEN_STATUSES:
            return self.expect(act, refused="不用重新打开")
        self.expect(act, ("dispute", c.id, "update"))
        with Session(self.engine) as s:
            note = s.exec(select(AuditEntry.note).order_by(AuditEntry.id.desc())).first()
        assert note == reason
        c.status, c.closed_on = "mediating", None

    @precondition(lambda self: self.cases)
    @rule(i=st.integers(0, 99))
    def void_or_restore(self, i):
        # Restore first when something is voided, so that most cases stay live and usable.
        voided = [c for c in self.cases if c.voided]
        c = voided[i % len(voided)] if voided and i % 3 else self.pick(i)
        if c.voided:
            self.expect(lambda: r.unvoid_dispute(self.engine, c.id), ("dispute", c.id, "unvoid"))
        else:
            self.expect(lambda: r.void_dispute(self.engine, c.id, "重复登记"), ("dispute", c.id, "void"))
        c.voided = not c.voided

    # ---- the same actions aimed at cases where they can succeed (deeper sequences) -----------

    def _some(self, want) -> bool:
        return any(not c.voided and want(c) for c in self.cases)

    @precondition(lambda self: self._some(lambda c: c.status == "succeeded" and c.live_agreement() is None))
    @rule(i=st.integers(0, 49), days=st.integers(0, 40))
    def agree_where_possible(self, i, days):
        self.add_agreement(2 * i, days)

    @precondition(lambda self: self._some(lambda c: c.status in OPEN_STATUSES))
    @rule(i=st.integers(0, 49), new=st.sampled_from(["mediating", "succeeded", "succeeded", "failed", "withdrawn"]))
    def move_where_possible(self, i, new):
        self.move(2 * i, new)

    @precondition(lambda self: self._some(lambda c: c.status not in OPEN_STATUSES))
    @rule(i=st.integers(0, 49), days=st.integers(0, 60))
    def close_where_possible(self, i, days):
        self.close(2 * i, days)

    @precondition(lambda self: self._some(lambda c: c.closed_on is not None))
    @rule(i=st.integers(0, 49))
    def reopen_where_possible(self, i):
        self.reopen(2 * i, "当事人反悔")

    # ---- the database equals the model ----------------------------------------------------

    @invariant()
    def database_equals_model(self):
        with Session(self.engine) as s:
            rows = {d.id: d for d in s.exec(select(Dispute))}
            parties = list(s.exec(select(Party).order_by(Party.id)))
            agreements = list(s.exec(select(Agreement)))
            proceedings = list(s.exec(select(Proceeding)))
        assert set(rows) == {c.id for c in self.cases}
        for c in self.cases:
            d = rows[c.id]
            assert d.number == f"({c.year})青调字第{c.seq:03d}号"
            assert (d.accepted_on, d.deadline, d.summary, d.people_involved, d.is_mass) == (
                c.accepted_on, c.deadline, c.summary, c.people, c.is_mass)
            assert (d.status, d.closed_on, d.voided) == (c.status, c.closed_on, c.voided)
            mine = [p for p in parties if p.dispute_id == c.id]
            assert {p.id: (p.name, p.voided) for p in mine} == c.parties
            live_names = [p.name for p in mine if not p.voided]
            assert d.search_text.split()[: len(live_names)] == live_names
            assert d.search_text.strip() == " ".join(live_names + ([c.summary] if c.summary else []))
            assert {a.id: a.voided for a in agreements if a.dispute_id == c.id} == c.agreements
            assert sum(1 for p in proceedings if p.dispute_id == c.id) == c.proceedings


def _run(template: Path, examples: int, steps: int) -> None:
    RegisterMachine.template = template
    run_state_machine_as_test(RegisterMachine, settings=settings(
        max_examples=examples, stateful_step_count=steps, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    ))


@pytest.fixture
def template(engine, db_path) -> Path:
    """The test village as a file to copy (engine closed so the copy is consistent)."""
    dispose_engine(db_path)
    return db_path


def test_register_behaves_like_the_model(template):
    _run(template, examples=30, steps=30)


@pytest.mark.slow
def test_register_behaves_like_the_model_long(template):
    _run(template, examples=150, steps=50)
