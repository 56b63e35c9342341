"""The monthly report carries the last meeting's decisions with their state on the report's
day, and the month's requests by channel, category and handling (PDF, text, xlsx)."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from db import meeting as mt
from db import reception as rc
from db.stats.figures import monthly_figures
from forms.monthly_report import render_report
from forms.render.fonts import find_font
from tests.forms.pdftools import pdf_text

TODAY = date(2026, 12, 20)


@pytest.fixture
def office(engine):
    m = mt.create_meeting(engine, "2026-11", dict(held_on=date(2026, 11, 6), chair="赵书记"), decisions=[
        dict(text="三组水渠[b]限期修好", owner="孙主任", deadline=date(2026, 11, 20)),
        dict(text="回访张李两家", owner="钱调解", deadline=date(2026, 12, 31))])
    first, _ = mt.get_meeting(engine, m.id, today=TODAY).decisions
    mt.mark_done(engine, first.id, date(2026, 12, 5), "已修好")  # done in December, late
    for day, channel, cat in ((3, "visit", "矛盾纠纷"), (9, "phone", "政策咨询"), (9, "phone", "政策咨询")):
        rc.add_request(engine, dict(received_on=date(2026, 11, day), channel=channel, category=cat, matter="事"))
    rc.add_request(engine, dict(received_on=date(2026, 12, 1), channel="online", matter="十二月的"))
    return engine


def test_november_report_shows_decisions_as_they_stood_at_its_end(office):
    fig = monthly_figures(office, "2026-11", today=TODAY)
    assert [(d.text, d.state_label) for d in fig.decisions] == [("三组水渠[b]限期修好", "逾期"), ("回访张李两家", "在办")]
    dec = monthly_figures(office, "2026-12", today=TODAY)
    assert [d.state_label for d in dec.decisions] == ["已办", "在办"]
    assert fig.reception.total == 3 and dict(fig.reception.by_channel)["来电"] == 2
    assert dec.reception.total == 1


def test_the_text_and_xlsx_carry_both_sections(office, tmp_path):
    fig = monthly_figures(office, "2026-11", today=TODAY)
    text = render_report(fig, "text")
    assert "上次形势分析会议定事项落实情况" in text and "三组水渠[b]限期修好" in text
    assert "已办0项，在办1项，逾期1项" in text
    assert "来访来电登记" in text and "本月登记3件" in text
    path = render_report(fig, "xlsx", tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    cells = {ws.title: [[c for c in row] for row in ws.iter_rows(values_only=True)] for ws in wb}
    assert any(r[:2] == ("来源：来电", 2) for r in map(tuple, cells["来访来电"]))
    assert any("回访张李两家" in r for r in map(tuple, cells["议定事项"]))


@pytest.mark.skipif(find_font() is None, reason="no Chinese font")
def test_the_pdf_carries_both_sections(office, tmp_path):
    fig = monthly_figures(office, "2026-11", today=TODAY)
    out = pdf_text(render_report(fig, "pdf", tmp_path / "r.pdf"))
    flat = "".join(out.split())
    assert "上次形势分析会议定事项落实情况" in flat and "三组水渠[b]限期修好" in flat and "逾期" in flat
    assert "来源：来电" in flat and "本月登记3件" in flat


def test_without_a_meeting_the_report_says_so(engine):
    fig = monthly_figures(engine, "2026-11", today=TODAY)
    text = render_report(fig, "text")
    assert "截至本月末没有形势分析会记录。" in text
