"""A font read once per process (forms/render/fontcache.py): every later document prints the
same, whole, with its own embedded subset; and with fpdf2's own add_font when the copy fails."""

from __future__ import annotations

import re
import threading

import pytest

from forms.render import fontcache
from forms.render.pdf import Doc
from tests.forms.pdftools import pdf_fonts, pdf_text

WORDS = ("曾𠮷祥与邻居[/x]因排水沟争执，经调解达成协议。", "第二段：韦𠮷二、欧阳长青，金额 1,200.00 元。")


def _print(path, words=WORDS, title="字体测试"):
    doc = Doc(title)
    doc.add_page()
    doc.title_block(title)
    for w in words:
        doc.para(w)
    doc.font(10.5, bold=True)
    doc.para("粗体：" + words[0], size=10.5)
    doc.save(path)
    return path


def _flat(path) -> str:
    return "".join(pdf_text(path).split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Three documents in a row: the first reads the fonts from their files, the others copy."""
    folder = tmp_path_factory.mktemp("fontcache")
    fontcache.forget()
    first = _print(folder / "1.pdf")
    kept = bool(fontcache._READ)
    second = _print(folder / "2.pdf")
    other = _print(folder / "3.pdf", words=("只有这几个字",), title="另一份")
    fontcache.forget()
    return first, second, other, kept


def test_each_later_document_prints_whole_with_its_own_subset(printed):
    first, second, other, kept = printed
    assert kept, "the first document keeps what it read"
    for path in (first, second):
        text = _flat(path)
        for w in WORDS:
            assert "".join(w.split()) in text
        fonts = pdf_fonts(path)
        assert fonts and all(row[-5] == "yes" and row[-4] == "yes" for row in fonts)  # embedded, subset
    assert _flat(other) == "另一份只有这几个字粗体：只有这几个字第1页共1页"
    # The third document's subset holds its own characters only, not the first two's.
    assert other.stat().st_size < second.stat().st_size
    assert first.read_bytes() != b"" and _flat(first) == _flat(second)


def _bytes(path) -> bytes:
    """The PDF's bytes but its creation time and file ID (which differ at every print)."""
    return re.sub(rb"/CreationDate \(D:[^)]*\)|/ID \[<[0-9A-F]*><[0-9A-F]*>\]", b"", path.read_bytes())


def test_a_copied_font_writes_the_very_same_pdf(printed):
    """Byte for byte (but the date and ID), a document whose fonts were copied is the one that
    reading the fonts from their files gives."""
    read, copied, _other, _kept = printed
    assert _bytes(read) == _bytes(copied)
    assert b"/CreationDate" in read.read_bytes()  # the pattern found what it removes


def test_documents_printed_at_once_in_two_threads(tmp_path):
    fontcache.forget()
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            _print(tmp_path / f"t{n}.pdf", words=(f"线程{n}：" + WORDS[0],))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for n in range(3):
        assert f"线程{n}：曾𠮷祥与邻居[/x]" in _flat(tmp_path / f"t{n}.pdf")


def test_another_fpdf2_falls_back_to_its_own_add_font(tmp_path, monkeypatch):
    fontcache.forget()
    _print(tmp_path / "1.pdf")

    def changed(*_args):
        raise AttributeError("TTFFont has changed")

    monkeypatch.setattr(fontcache, "_copy", changed)
    path = _print(tmp_path / "2.pdf")
    assert "".join(WORDS[0].split()) in _flat(path)


@pytest.fixture(autouse=True)
def _fresh():
    yield
    fontcache.forget()
