"""The monthly report's PDF, xlsx and text hold the figures; bad input leaves no file."""

from __future__ import annotations

import re
from argparse import Namespace
from datetime import date

import openpyxl
import pytest
from sqlalchemy import text

from db.models import Dispute
from db.session import unit
from db.stats.figures import monthly_figures
from db.stats.finalise import finalise_month
from desk.cli.report import cmd_report
from forms.monthly_report import render_report
from forms.render import output as output_mod
from forms.render.fonts import FontMissing, find_font
from forms.render.output import OutputError
from forms.render.text import width
from tests.db.stats_dataset import TODAY
from tests.forms.pdftools import pdf_fonts, pdf_text

MONTH = "2026-10"


@pytest.fixture
def data(stats_data):
    """tests/db/stats_dataset.py's data on the test's own copy (built once: tests/forms/conftest.py)."""
    return stats_data


@pytest.fixture
def fig(stats_fig):
    """monthly_figures of October of that data, worked out once (read-only)."""
    assert stats_fig.month == MONTH
    return stats_fig


def fmt(v) -> str:
    return f"{v:,.2f}" if isinstance(v, float) else str(v)


def signed(v) -> str:
    if isinstance(v, float):
        return f"{v:+,.2f}" if v else "0"
    return f"{v:+d}" if v else "0"


def expected_rows(fig) -> dict[str, list[str]]:
    """label -> the cells printed after it, from the figures (checked against SQL in tests/db)."""
    rows = {}
    for c in fig.comparisons:
        rows[c.label] = [fmt(c.now), fmt(c.last_month), signed(c.now - c.last_month), fmt(c.last_year),
                         signed(c.now - c.last_year), fmt(c.ytd)]
    rows["本月达成书面协议"] = [str(fig.agreements_written)]
    rows["本月达成口头协议"] = [str(fig.agreements_oral)]
    rows["其中：已履行"] = [str(fig.performed)]
    rows["其中：已司法确认"] = [str(fig.jc_confirmed)]
    rows["群体性纠纷（件）"] = [str(fig.mass)]
    rows["当事人3方以上（件）"] = [str(fig.parties_3plus)]
    rows["涉及5人以上（件）"] = [str(fig.people_5plus)]
    for s in fig.sources:
        rows[s.label] = [str(s.count), s.share]
    for p in fig.prevention:
        rows[p.label] = [str(p.cases), str(p.people)]
    return rows


def find_row(txt: str, label: str) -> list[str]:
    for line in txt.splitlines():
        cells = re.split(r"\s{2,}|\s(?=[+\-\d—])", line.strip())
        if cells and cells[0] == label:
            return [c for c in cells[1:] if c]
    raise AssertionError(f"no row {label!r}")


def test_pdf_holds_every_figure(fig, stats_report_pdf, stats_shared):
    path = stats_report_pdf  # render_report(fig, "pdf", path), once per process
    txt = stats_shared.text(path)
    assert "青石村矛盾纠纷排查调解工作月报" in txt
    for label, cells in expected_rows(fig).items():
        assert find_row(txt, label) == cells, label
    assert f"调解成功率{fig.success_rate}" in txt.replace(" ", "")
    for o in fig.open_cases:
        assert o.number in txt
    for v in fig.visits_due:
        assert v.number in txt
    flat = re.sub(r"\s+", "", txt)
    pages = int(re.search(r"第1页共(\d+)页", flat).group(1))
    assert pages > 1 and f"第{pages}页共{pages}页" in flat
    # the font is embedded as a subset (emb / sub columns of pdffonts)
    fonts = pdf_fonts(path)
    assert fonts and all(row[-5:-3] == ["yes", "yes"] for row in fonts)


def test_xlsx_holds_every_figure(fig, stats_report_xlsx):
    path = stats_report_xlsx  # render_report(fig, "xlsx", path), once per process
    wb = openpyxl.load_workbook(path)
    cells: dict[str, list] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            if row and isinstance(row[0], str) and row[0] not in cells:
                cells[row[0]] = [v for v in row[1:] if v is not None]
    for c in fig.comparisons:  # changes are numbers too (环比/同比), shown with their sign
        assert cells[c.label] == pytest.approx([c.now, c.last_month, c.now - c.last_month, c.last_year,
                                                c.now - c.last_year, c.ytd]), c.label
    for s in fig.sources:  # a share is a number with a per-cent format
        count, share = cells[s.label]
        assert count == s.count
        assert share == pytest.approx(s.count / fig.counts.accepted) and f"{share * 100:.1f}%" == s.share
    rate = cells["调解成功率"][0]
    assert f"{rate * 100:.1f}%" == fig.counts.success_rate
    formats = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                formats.setdefault(cell.number_format, []).append(cell.value)
                assert cell.data_type in ("s", "n", "d"), (cell.coordinate, cell.value)
                if isinstance(cell.value, str):  # a count or a rate is never text
                    assert not re.fullmatch(r"[+-]?[0-9][0-9,.]*%?", cell.value), cell.value
    assert "0.0%" in formats and "+0;-0;0" in formats
    cross = wb["屯组×类型"]  # resolved / unresolved: two numeric columns per type
    hamlet, type_name = next(iter(fig.cross.cells))
    done, undone = fig.cross.cell(hamlet, type_name)
    header, found = None, None
    for r in cross.iter_rows(min_row=3, values_only=True):  # tables of 6 types, one under another
        if r[0] == "屯组":
            header = list(r)
        elif r[0] == hamlet and f"{type_name}（已化解）" in header:
            at = header.index(f"{type_name}（已化解）")
            assert header[at + 1] == f"{type_name}（未化解）"
            found = r[at:at + 2]
    assert found == (done, undone)
    for p in fig.prevention:
        assert cells[p.label] == [p.cases, p.people]
    assert cells["涉及金额（元）"][0] == pytest.approx(fig.counts.amount_yuan)
    open_sheet = wb["在办案件"]
    numbers = [r[1] for r in open_sheet.iter_rows(min_row=4, values_only=True)]
    assert numbers == [o.number for o in fig.open_cases]
    ws = wb["主要数据"]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$3:$3" and ws["A3"].font.b and ws["A4"].font.name == "宋体"
    assert ws.column_dimensions["A"].width >= 12


def test_text_aligns_and_holds_the_figures(fig):
    out = render_report(fig, "text")
    for label, cells in expected_rows(fig).items():
        assert find_row(out, label) == cells, label
    # every table: on the terminal, the gaps of the rule under the header are blank in every
    # line (Chinese characters counted two columns wide), so each column lines up
    blocks = re.split(r"\n\s*\n", out)
    tables = [b.splitlines() for b in blocks if re.search(r"^-+(\s+-+)+$", b, re.M)]
    assert len(tables) >= 8
    for lines in tables:
        at = next(i for i, x in enumerate(lines) if re.fullmatch(r"-+(\s+-+)+", x))
        rule, body = lines[at], lines[at - 1:]
        gaps = [i for i, ch in enumerate(rule) if ch == " "]
        for line in body:
            cols = "".join(ch * width(ch) for ch in line)  # one character per terminal column
            assert width(line) <= len(rule), line
            assert all(i >= len(cols) or cols[i] == " " for i in gaps), (rule, line)
    assert "#" in out  # the bar charts


def test_finalised_then_edited_month_shows_the_difference(data, tmp_path):
    finalise_month(data, MONTH, "李文书", today=TODAY)
    clean = render_report(monthly_figures(data, MONTH, today=TODAY), "text")
    assert "当前数据与定稿一致" in clean
    with unit(data) as s:
        did = s.exec(text("SELECT id FROM dispute WHERE voided = 0 AND accepted_on LIKE '2026-10-%' "
                          "AND status IN ('accepted', 'mediating') ORDER BY id")).first()[0]
        case = s.get(Dispute, did)  # a result dated in October, recorded late: a fact of October
        case.status, case.closed_on = "failed", date(2026, 10, 31)
    fig = monthly_figures(data, MONTH, today=TODAY)
    before = fig.counts.failed - 1
    txt = pdf_text(render_report(fig, "pdf", tmp_path / "r.pdf"))
    assert "定稿后有" in txt and "定稿后变动" in txt
    assert find_row(txt, "调解不成")[0] == str(fig.counts.failed)
    lines = [x.split() for x in txt.splitlines() if x.strip().startswith("调解不成")]
    assert ["调解不成", str(before), str(before + 1)] in lines


def run_cli(db, month, **kw):
    args = Namespace(db=db, month=month, pdf=kw.get("pdf"), xlsx=kw.get("xlsx"), text=kw.get("text", False))
    return cmd_report(args)


@pytest.mark.parametrize("month", ["2026-13", "2026/10", "二〇二六年十月", "2099-01"])
def test_bad_or_future_month_exits_2_and_writes_nothing(data, db_path, tmp_path, capsys, month):
    out = tmp_path / "out"
    out.mkdir()
    assert run_cli(db_path, month, pdf=out / "a.pdf", xlsx=out / "a.xlsx") == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "error:" in err and err.count("\n") == 1
    assert list(out.iterdir()) == []


def test_unwritable_path_exits_2_and_leaves_no_file(data, db_path, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    blocker = out / "not_a_folder"
    blocker.write_text("x")
    assert run_cli(db_path, MONTH, pdf=blocker / "r.pdf") == 2
    assert "不能保存到" in capsys.readouterr().err
    assert run_cli(db_path, MONTH, xlsx=out / "missing" / "r.xlsx") == 2
    assert run_cli(db_path, MONTH, pdf=out) == 2  # a folder given as the file name
    assert sorted(p.name for p in out.iterdir()) == ["not_a_folder"]


def test_failed_write_keeps_the_old_file_and_no_temp(fig, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "月报.pdf"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output_mod.os, "replace", broken_replace)
    with pytest.raises(OutputError) as err:
        render_report(fig, "pdf", target)
    assert "\n" not in err.value.message and "磁盘" in err.value.message
    assert target.read_bytes() == b"old"
    assert [p.name for p in out.iterdir()] == ["月报.pdf"]


def test_cli_prints_text_and_writes_files(data, db_path, tmp_path, capsys):
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    assert run_cli(db_path, MONTH, pdf=pdf, xlsx=xlsx) == 0
    assert pdf.read_bytes()[:5] == b"%PDF-" and xlsx.stat().st_size > 0
    out = capsys.readouterr().out
    assert "已写入" in out and "月报" not in out.split("已写入")[0]
    assert run_cli(db_path, MONTH) == 0
    assert "矛盾纠纷排查调解工作月报" in capsys.readouterr().out


def test_month_without_data_prints_zeros(engine, db_path, capsys):
    assert run_cli(db_path, "2019-03", text=True) == 0
    out = capsys.readouterr().out
    assert find_row(out, "受理")[0] == "0" and find_row(out, "调解成功率")[0] == "—"


def test_missing_database_is_a_one_line_error(tmp_path, capsys):
    assert run_cli(tmp_path / "none.db", MONTH) == 2
    err = capsys.readouterr().err
    assert "找不到" in err and "数据库文件" in err and str(tmp_path / "none.db") in err  # names the file
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "none.db").exists()


def test_packaged_font_works_and_missing_font_names_the_fix(fig, tmp_path, monkeypatch):
    from forms.render import fonts

    choice = find_font(env="", prefer="package")
    assert choice.source == "package" and choice.path.is_file()
    monkeypatch.setenv("DESK_FONT", f"{choice.path}#0")
    fonts.find_font.cache_clear()
    txt = pdf_text(render_report(fig, "pdf", tmp_path / "p.pdf"))
    assert "矛盾纠纷排查调解工作月报" in txt
    assert any("NotoSerifSC" in row[0] for row in pdf_fonts(tmp_path / "p.pdf"))

    monkeypatch.setenv("DESK_FONT", str(tmp_path / "nope.ttf"))
    fonts.find_font.cache_clear()
    with pytest.raises(FontMissing) as err:
        render_report(fig, "pdf", tmp_path / "q.pdf")
    assert "DESK_FONT" in err.value.message
    monkeypatch.setenv("DESK_FONT", "")
    monkeypatch.setattr(fonts, "_candidates", lambda: [])
    fonts.find_font.cache_clear()
    with pytest.raises(FontMissing) as err:
        fonts.find_font()
    assert "fonts-noto-cjk" in err.value.message and "DESK_FONT" in err.value.message
    fonts.find_font.cache_clear()
    assert not (tmp_path / "q.pdf").exists()


def test_rare_name_character_is_printed_from_a_fallback_font(tmp_path):
    from forms.render.pdf import Doc

    doc = Doc("测试")
    doc.add_page()
    doc.para("申请人：𠮷祥")
    doc.save(tmp_path / "r.pdf")
    assert "𠮷祥" in pdf_text(tmp_path / "r.pdf")


def test_report_of_a_file_without_village_settings(empty_engine):
    fig = monthly_figures(empty_engine, "2026-01", today=date(2026, 2, 1))
    out = render_report(fig, "text", village="某村")
    assert out.startswith("某村矛盾纠纷排查调解工作月报") and find_row(out, "受理")[0] == "0"
