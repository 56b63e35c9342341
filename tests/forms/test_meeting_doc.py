"""The 会议记录 PDF: read back with pdftotext; hostile text prints literally; no meeting, no file."""

from __future__ import annotations

from datetime import date

import pytest

from db import meeting as mt
from db.session import DataError
from forms.documents import KINDS, render_document
from forms.render.fonts import find_font
from tests.forms.pdftools import pdf_text

pytestmark = pytest.mark.skipif(find_font() is None, reason="no Chinese font")


@pytest.fixture
def meetings(engine):
    mt.create_meeting(engine, "2026-10", dict(held_on=date(2026, 10, 8), chair="赵书记"), decisions=[
        dict(text="修三组水渠", owner="孙主任", deadline=date(2026, 10, 30))])
    mt.create_meeting(engine, "2026-11", dict(
        held_on=date(2026, 11, 5), place="村委会[b]议室", chair="赵书记", recorder="李文书",
        notes="大家认为{0}宅基地纠纷要\\尽快调。\n第二段"), attendees=[
        dict(name="钱调解", duty="调解员"), dict(name="曾𠮷祥", duty="信息员", present=False, absence_reason="生病")],
        decisions=[dict(text="十天内再调张李两家", owner="钱调解", deadline=date(2026, 11, 15))])
    return engine


def test_the_record_prints_people_agenda_decisions_and_the_chair_signs(meetings, tmp_path):
    assert KINDS["meeting"] == "形势分析会会议记录"
    path = render_document(meetings, "meeting", "2026-11", tmp_path / "m.pdf")
    flat = "".join(pdf_text(path).split())
    for text in ("青石村矛盾纠纷形势分析会会议记录", "2026年11月5日", "村委会[b]议室", "应到2人，实到1人，缺席1人",
                 "曾𠮷祥：生病", "修三组水渠", "逾期", "大家认为{0}宅基地纠纷要\\尽快调。", "第二段",
                 "十天内再调张李两家", "2026-11-15", "主持人（签名）：", "记录人（签名）："):
        assert text in flat, text


def test_no_meeting_no_file(meetings, tmp_path):
    target = tmp_path / "none.pdf"
    with pytest.raises(DataError, match="没有2026年9月的形势分析会记录"):
        render_document(meetings, "meeting", "2026-09", target)
    assert not target.exists()
