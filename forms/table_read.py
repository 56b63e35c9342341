"""Reading a spreadsheet the office already keeps: .xlsx (first sheet) or .csv.

Rows come back with their line numbers as the spreadsheet shows them, and cells as Python
values (text, numbers, dates). A file that cannot be read raises DataError with one Chinese
sentence saying what to do.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from db.session import DataError


@dataclass(frozen=True)
class RowError:
    """One problem in an imported sheet (the register's and the question bank's): the line as the
    spreadsheet shows it (header = 1), the column (its header as written, or "") and why, in Chinese."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"第 {self.line} 行" + (f"“{self.column}”" if self.column else "")
        return f"{where}：{self.reason}"


CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel on Chinese Windows saves CSV as GBK/GB18030


def read_rows(path: Path | str) -> Iterator[tuple[int, list]]:
    """(line number, cells) for every row of the file's first sheet, blank rows included."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"找不到文件 {path}，请检查文件名和位置。", "path")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix in (".xls", ".et", ".wps"):
        raise DataError("这是旧版表格格式，请在表格软件里“另存为” .xlsx 或 .csv 后再导入。", "path")
    raise DataError(f"不认识 {path.suffix or '无扩展名'} 文件，请导入 .xlsx 或 .csv 表格。", "path")


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise DataError(f"无法打开表格 {path.name}（{type(exc).__name__}），请确认它是 .xlsx 文件且没有损坏。",
                        "path") from exc
    rows = []
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size: read what is really there
        for line, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            rows.append((line, list(cells)))
    finally:
        book.close()
    return iter(rows)


def _csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    raw = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DataError("CSV 文件的文字编码认不出来，请在表格软件里另存为“CSV UTF-8”后再导入。", "path")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    ends = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            ends.append(reader.line_num)
            start = reader.line_num + 1  # a quoted cell may span lines: the next row starts after
    except csv.Error as exc:
        raise DataError(f"CSV 文件第 {start} 行格式有误（{exc}），请检查引号是否成对。", "path") from exc
    problems = _swallowed(rows, ends)
    if problems:
        raise QuoteProblems(problems)
    return iter(rows)


class QuoteProblems(DataError):
    """A CSV whose quotes do not pair: a quoted cell ran on over the following rows.
    `problems`: (line where the quote opened, reason) for every such place."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        shown = "；".join(f"第{line}行：{reason}" for line, reason in problems[:5])
        more = f"（共{len(problems)}处）" if len(problems) > 5 else ""
        super().__init__(shown + more, "path")


def _width(rows: list[tuple[int, list]], ends: list[int]) -> int:
    """How many cells a row of this file has: the commonest count among one-line rows."""
    counts = Counter(len(cells) for (line, cells), end in zip(rows, ends, strict=True)
                     if end == line and len(cells) > 1)
    if counts:
        return counts.most_common(1)[0][0]
    return max((len(cells) for _line, cells in rows), default=0)


def _swallowed(rows: list[tuple[int, list]], ends: list[int]) -> list[tuple[int, str]]:
    """The rows spanning lines whose quotes look unpaired: a row of the wrong width, or a
    cell holding lines that look like whole rows (as many commas as a row has)."""
    width = _width(rows, ends)
    out = []
    for (line, cells), end in zip(rows, ends, strict=True):
        if end == line:
            continue
        opened, before = line, 0
        for cell in cells:
            if "\n" in cell:
                opened = line + before
                break
            before += cell.count("\n")
        swallowed = width >= 3 and any(part.count(",") >= width - 1 for part in cells_lines(cells))
        if swallowed or len(cells) != width:
            out.append((opened, f"引号没有配对：从这一行开始的引号一直连到第{end}行，把后面的行吞进了一格；"
                                 f"请检查第{opened}行的英文双引号（\"）是否成对，改好后再导入。"))
    return out


def cells_lines(cells: list[str]) -> list[str]:
    """The continuation lines inside the cells of one row (what follows each line break)."""
    return [part for cell in cells for part in cell.split("\n")[1:]]
