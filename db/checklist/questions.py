"""村事百晓 (the village checklist): the question bank (listing, adding, rewording, retiring,
ordering, the import's save). The rounds (db.checklist.rounds), answers, cases and follow-up
items (db.checklist.answers) and progress and monthly figures (db.checklist.progress) are
re-exported here, so the screens import one module: `from db.checklist import questions as checklist`.

Every change is one audited transaction (`unit`); bad input raises DataError with one Chinese
sentence and the field, and changes nothing. Functions ending in `_in` take an open Session so
that db code (demo, bench) can do many changes in one transaction.
"""

from __future__ import annotations

import re

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.checklist.answers import (  # noqa: F401  (re-exported: one module for the F4 screens)
    DEFAULT_CASE_TYPE,
    AnswerView,
    CellView,
    ItemView,
    add_follow_up_item,
    answer,
    answer_for_case,
    answer_in,
    get_cell,
    list_cells,
    list_items,
    open_items,
    reopen_item,
    tick_off,
    tick_off_in,
    to_follow_up,
    to_follow_up_in,
    void_answer,
    void_item,
)
from db.checklist.bank import CATEGORY_NAMES, load_default_bank, question_initials  # noqa: F401
from db.checklist.check import check_text, live_row
from db.checklist.progress import (  # noqa: F401  (re-exported)
    STATE_LABELS,
    STATES,
    UNASSIGNED_LABEL,
    VILLAGE_LABEL,
    HamletInfo,
    Matrix,
    OpenCell,
    Progress,
    QuestionInfo,
    RoundView,
    StillOpen,
    cell_sql,
    matrix,
    month_figures,
    progress_by_cadre,
    progress_by_hamlet,
    round_counts,
    round_view,
    still_open,
)
from db.checklist.rounds import (  # noqa: F401  (re-exported)
    close_round,
    current_round,
    default_cadres,
    default_cadres_in,
    list_rounds,
    open_round,
    open_round_in,
    pick_current,
    reassign,
    reassign_hamlet,
    reopen_round,
    void_round,
)
from db.checklist.to_register import to_case, to_case_in  # noqa: F401  (re-exported)
from db.models import Question
from db.models.checklist import SCOPES
from db.session import DataError, reading, unit

CODE_RE = re.compile(r"[A-Z0-9-]{1,10}")


# ----------------------------------------------------------------------------- the bank

def categories(engine: Engine) -> list[str]:
    """Known categories: the default ones in order, then any other used in the bank."""
    with reading(engine) as s:
        used = list(s.exec(select(Question.category).distinct().order_by(Question.category)))
    return list(CATEGORY_NAMES) + [c for c in used if c not in CATEGORY_NAMES]


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_questions(engine: Engine, include_retired: bool = False, q: str | None = None) -> list[Question]:
    """The bank in its order (retired ones last when included). `q` matches the text,
    the code (A01) or the pinyin initials (djlr finds 独居老人)."""
    with reading(engine) as s:
        query = select(Question).order_by(Question.active.desc(), Question.position, Question.id)
        if not include_retired:
            query = query.where(Question.active)
        q = (q or "").strip()
        if q:
            pattern = _like(q)
            query = query.where(
                Question.text.like(pattern, escape="\\")
                | Question.code.like(_like(q)[1:], escape="\\")
                | Question.initials.like(_like(q.lower()), escape="\\")
            )
        return list(s.exec(query))


def get_question(engine: Engine, question_id: int) -> Question:
    """One question (retired ones included)."""
    with reading(engine) as s:
        return live_row(s, Question, question_id, "找不到这个问题，请刷新后再试。", "question_id")


def _check_code(code) -> str:
    code = check_text(code, "code", "编号", 10).upper()
    if not CODE_RE.fullmatch(code):
        raise DataError("编号只能用字母和数字，如 A01，最多10位。", "code")
    return code


def _check_scope(scope) -> str:
    if scope not in SCOPES:
        raise DataError("范围只能是“每个屯组”或“全村一次”。", "scope")
    return scope


def check_question(values: dict) -> dict:
    """Validated question fields (code, category, text, hint, scope); DataError on the first bad one."""
    return dict(
        code=_check_code(values.get("code")),
        category=check_text(values.get("category"), "category", "类别", 30),
        text=check_text(values.get("text"), "text", "问题", 300),
        hint=check_text(values.get("hint"), "hint", "说明", 300, required=False),
        scope=_check_scope(values.get("scope") or "hamlet"),
    )


def _insert_position(s: Session, category: str) -> int:
    """The position after the last question of `category`; later questions move down one."""
    last_of_cat = s.exec(select(func.max(Question.position)).where(Question.category == category)).one()
    if last_of_cat is None:
        return (s.exec(select(func.max(Question.position))).one() or 0) + 1
    for later in s.exec(select(Question).where(Question.position > last_of_cat)):
        later.position += 1
    return last_of_cat + 1


def add_question_in(s: Session, values: dict) -> Question:
    """Add a question inside an open session (see add_question)."""
    v = check_question(values)
    if s.exec(select(Question.id).where(Question.code == v["code"])).first() is not None:
        raise DataError(f"编号 {v['code']} 已经有了，请换一个编号。", "code")
    question = Question(**v, position=_insert_position(s, v["category"]),
                        active=bool(values.get("active", True)), initials=question_initials(v["text"]))
    s.add(question)
    s.flush()
    return question


def add_question(engine: Engine, code: str, category: str, text: str, hint: str = "",
                 scope: str = "hamlet") -> Question:
    """Add a question at the end of its category; a code already used (even retired) is refused."""
    with unit(engine) as s:
        return add_question_in(s, dict(code=code, category=category, text=text, hint=hint, scope=scope))


def reword_question(engine: Engine, question_id: int, *, text: str | None = None,
                    hint: str | None = None, category: str | None = None,
                    scope: str | None = None) -> Question:
    """Change the wording, hint, category or scope (None: unchanged). Past answers stay
    linked; the audit log keeps the old wording. A new scope applies from the next round."""
    with unit(engine) as s:
        question = live_row(s, Question, question_id, "找不到这个问题，请刷新后再试。", "question_id")
        merged = dict(code=question.code, category=question.category, text=question.text,
                      hint=question.hint, scope=question.scope)
        merged.update({k: v for k, v in dict(text=text, hint=hint, category=category,
                                             scope=scope).items() if v is not None})
        v = check_question(merged)
        if v["category"] != question.category:
            question.position = _insert_position(s, v["category"])
        for key in ("category", "text", "hint", "scope"):
            if getattr(question, key) != v[key]:
                setattr(question, key, v[key])
        if question.initials != question_initials(v["text"]):
            question.initials = question_initials(v["text"])
        return question


def _set_active(engine: Engine, question_id: int, active: bool) -> Question:
    with unit(engine) as s:
        question = live_row(s, Question, question_id, "找不到这个问题，请刷新后再试。", "question_id")
        if question.active != active:
            question.active = active
        return question


def retire_question(engine: Engine, question_id: int) -> Question:
    """Stop asking a question in new rounds; its past answers (and open rounds) keep it."""
    return _set_active(engine, question_id, False)


def restore_question(engine: Engine, question_id: int) -> Question:
    """Bring a retired question back into the bank."""
    return _set_active(engine, question_id, True)


def move_question(engine: Engine, question_id: int, delta: int) -> None:
    """Move a question up (-1) or down (+1) among the active questions of its category."""
    with unit(engine) as s:
        question = live_row(s, Question, question_id, "找不到这个问题，请刷新后再试。", "question_id")
        everyone = list(s.exec(select(Question).order_by(Question.position, Question.id)))
        if len({q.position for q in everyone}) != len(everyone):  # repair ties first
            for pos, q in enumerate(everyone, 1):
                if q.position != pos:
                    q.position = pos
        rows = [q for q in everyone if q.active and q.category == question.category]
        if question not in rows:
            return
        slots = sorted(q.position for q in rows)
        i = rows.index(question)
        rows.insert(max(0, min(len(rows) - 1, i + delta)), rows.pop(i))
        for pos, q in zip(slots, rows, strict=True):
            if q.position != pos:
                q.position = pos


def save_questions(engine: Engine, rows: list[dict]) -> dict[str, int]:
    """Add or update questions by code in ONE transaction (the xlsx import). Each row: code,
    category, text, hint, scope, active. Returns {"added", "updated", "unchanged"}."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    with unit(engine, note="导入问题库") as s:
        for row in rows:
            v = check_question(row)
            active = bool(row.get("active", True))
            question = s.exec(select(Question).where(Question.code == v["code"])).first()
            if question is None:
                add_question_in(s, {**v, "active": active})
                counts["added"] += 1
                continue
            if v["category"] != question.category:
                question.position = _insert_position(s, v["category"])
            changed = False
            for key, value in {**v, "active": active}.items():
                if getattr(question, key) != value:
                    setattr(question, key, value)
                    changed = True
            if changed:
                question.initials = question_initials(question.text)
            counts["updated" if changed else "unchanged"] += 1
    return counts
