"""`desk print CASE --pdf FILE [--doc KIND]`: the case screen's documents from the command line.

Real database files, real PDFs read back with pdftotext; every refusal is one Chinese line,
exit code 2, and no file left behind (not even a temporary one)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from db.models import Agreement, Dispute, Party
from db.session import unit
from desk.cli.main import main
from forms.render import fonts
from tests.forms.pdftools import pdf_pages, pdf_text

RARE = "𠮷"  # U+20BB7, CJK Ext-B: in 宋体-ExtB, Noto CJK and HanaMinB, not in the packaged Noto Serif SC


@pytest.fixture
def case_db(engine, db_path):
    """Case (2026)青调字第117号 with a written agreement; a party named 王小𠮷; a voided case 118."""
    with unit(engine, who="测试") as s:
        d = Dispute(year=2026, seq=117, number="(2026)青调字第117号", accepted_on=date(2026, 10, 3),
                    registered_by="李文书", source="applied", type_id=3, hamlet_id=2,
                    summary="双方因宅基地边界的围墙位置发生争执。", request="请求确认边界。",
                    people_involved=2, presiding_id=2, deadline=date(2026, 11, 2), status="succeeded")
        s.add(d)
        s.flush()
        s.add(Party(dispute_id=d.id, role="applicant", name="张大山", sex="男"))
        s.add(Party(dispute_id=d.id, role="respondent", name=f"王小{RARE}", sex="男"))
        s.add(Agreement(dispute_id=d.id, form="written", number="青调协字第117号", signed_on=date(2026, 10, 12),
                        facts="围墙越界0.5米。", terms="王小𠮷于十日内拆除越界围墙", perform_how="当场拆除",
                        performance="done", performed_on=date(2026, 10, 20)))
        s.add(Dispute(year=2026, seq=118, number="(2026)青调字第118号", accepted_on=date(2026, 10, 6),
                      type_id=2, deadline=date(2026, 11, 5), voided=True))
    return db_path


def run(db, *args) -> int:
    return main(["--db", str(db), "print", *map(str, args)])


def _only(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_agreement_prints_the_rare_character_of_a_name(case_db, tmp_path, capsys):
    out = tmp_path / "out" / "协议书.pdf"
    out.parent.mkdir()
    assert run(case_db, "2026-117", "--doc", "agreement", "--pdf", out) == 0
    assert "已写入" in capsys.readouterr().out
    text = pdf_text(out)
    assert "人民调解协议书" in text and f"王小{RARE}" in text
    assert _only(out.parent) == ["协议书.pdf"]


def test_whole_case_file_by_default_with_the_number_in_full(case_db, tmp_path):
    out = tmp_path / "卷宗.pdf"
    assert run(case_db, "(2026)青调字第117号", "--pdf", out) == 0
    text = pdf_text(out)
    for title in ("卷宗", "卷内目录", "人民调解受理登记表", "人民调解协议书"):
        assert title in text, title
    assert text.count(f"王小{RARE}") >= 3 and pdf_pages(out) >= 4


def test_the_same_pdf_as_the_case_screen(case_db, engine, tmp_path):
    """The command and p on the case screen both go through forms.documents.render_document."""
    from forms.documents import render_document

    assert run(case_db, "2026-117", "--doc", "受理登记表", "--pdf", tmp_path / "a.pdf") == 0
    render_document(engine, "acceptance", 1, tmp_path / "b.pdf")
    assert pdf_text(tmp_path / "a.pdf") == pdf_text(tmp_path / "b.pdf")


@pytest.mark.parametrize("args, words", [
    (("2026-999",), "没有2026年第999号案件"),
    (("甲乙丙",), "不是案号"),
    (("2026-118",), "已作废"),
    (("2026-117", "--doc", "will"), "没有“will”这种文书"),
    (("2026-117", "--doc", "oral_agreement"), "口头协议"),
])
def test_refusals_are_one_chinese_line_and_leave_no_file(case_db, tmp_path, capsys, args, words):
    out = tmp_path / "out"
    out.mkdir()
    assert run(case_db, *args, "--pdf", out / "x.pdf") == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and words in err and err.count("\n") == 1
    assert _only(out) == []


def test_unwritable_target_is_refused(case_db, tmp_path, capsys):
    assert run(case_db, "2026-117") == 2  # no --pdf at all
    assert "--pdf" in capsys.readouterr().err
    assert run(case_db, "2026-117", "--pdf", tmp_path / "无此文件夹" / "x.pdf") == 2
    assert "不存在" in capsys.readouterr().err
    assert run(case_db, "2026-117", "--pdf", tmp_path) == 2  # a folder, not a file name
    assert ".pdf" in capsys.readouterr().err
    (tmp_path / "d.pdf").mkdir()
    # The document is made in memory before it is saved, and every kind is saved the same way
    # (forms.render.pdf's save): a one-page kind is enough to meet the refusal.
    assert run(case_db, "2026-117", "--doc", "受理登记表", "--pdf", tmp_path / "d.pdf") == 2
    assert "文件夹" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_a_chain_without_ext_b_refuses_naming_the_character_and_the_field(case_db, tmp_path, capsys, monkeypatch):
    packaged = fonts.package_font()
    assert packaged is not None, "the dependency pylopdf-fonts-zh-cn is not installed"
    monkeypatch.setenv("DESK_FONT", str(packaged))
    out = tmp_path / "out" / "协议书.pdf"
    out.parent.mkdir()
    assert run(case_db, "2026-117", "--doc", "agreement", "--pdf", out) == 2
    err = capsys.readouterr().err
    print(err)
    assert f"“{RARE}”" in err and "U+20BB7" in err and "当事人姓名" in err
    assert "DESK_FONT" in err and "fonts-hanazono" in err and err.count("\n") == 1
    assert _only(out.parent) == []
    # with a font that has it added to the chain, the same command prints
    hana = [p for p in fonts._candidates() if p[1] is not None and p[1].is_file() and p[1].name == "HanaMinB.ttf"]
    noto = [p for p in fonts._candidates() if p[1] is not None and p[1].is_file() and "NotoSerifCJK" in p[1].name]
    extra = (hana or noto)[0][1]
    monkeypatch.setenv("DESK_FONT", f"{packaged}{__import__('os').pathsep}{extra}")
    assert run(case_db, "2026-117", "--doc", "agreement", "--pdf", out) == 0
    assert f"王小{RARE}" in pdf_text(out)


def test_blank_missing_leaves_a_blank_and_says_which_character(case_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DESK_FONT", str(fonts.package_font()))
    out = tmp_path / "out" / "协议书.pdf"
    out.parent.mkdir()
    assert run(case_db, "2026-117", "--doc", "agreement", "--blank-missing", "--pdf", out) == 0
    err = capsys.readouterr().err
    assert f"“{RARE}”（U+20BB7，当事人姓名）" in err and "用笔补写" in err
    text = pdf_text(out)
    assert "王小＿" in text and RARE not in text and "张大山" in text


def test_help_is_chinese_and_lists_every_kind(capsys):
    from desk.cli.printing import KIND_NAMES
    from forms.documents import CASE_KINDS, KINDS

    assert KIND_NAMES == {k: KINDS[k] for k in CASE_KINDS}
    with pytest.raises(SystemExit) as ex:
        main(["print", "--help"])
    assert ex.value.code == 0
    out = capsys.readouterr().out
    assert "打印一个案件的文书" in out and "整本卷宗" in out
    for key, name in KIND_NAMES.items():
        assert key in out and name in out


def test_command_line_process_exit_code(case_db, tmp_path):
    """A real process, as a script would run it: no traceback, exit 2, one line."""
    code = "import sys; from desk.cli.main import main; sys.exit(main())"
    r = subprocess.run([sys.executable, "-c", code, "--db", str(case_db), "print", "2026-404", "--pdf",
                        str(tmp_path / "x.pdf")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.startswith("错误：")
    assert not (tmp_path / "x.pdf").exists()
