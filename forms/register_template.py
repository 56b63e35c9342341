"""The empty register spreadsheet the import reads (`desk import --template`)."""

from __future__ import annotations

from pathlib import Path

# The headers the import recognises, in template order (forms.register_import adds other spellings).
COLUMNS = (
    "受理日期", "纠纷类型", "屯组", "申请人", "申请人电话", "申请人身份证号", "被申请人", "被申请人电话",
    "被申请人身份证号", "纠纷简要情况", "调解员", "调解结果", "结案日期", "涉及金额", "涉及人数",
)


def write_template(path: Path | str) -> Path:
    """An empty register spreadsheet with the recognised headers (bold, sized columns, phone and
    ID columns formatted as text so long numbers are kept whole)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from forms.render.xlsx import new_workbook, set_value

    path = Path(path)
    book = new_workbook()
    sheet = book.create_sheet("调解台账")
    widths = {"纠纷简要情况": 40, "申请人身份证号": 22, "被申请人身份证号": 22, "申请人电话": 15,
              "被申请人电话": 15, "调解结果": 12}
    for col, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col)
        set_value(cell, name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = widths.get(name, 12)
        if "电话" in name or "身份证" in name:
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, 502):  # text format where it matters: Excel keeps all 18 digits
                sheet.cell(row=row, column=col).number_format = "@"
    sheet.freeze_panes = "A2"
    book.save(path)
    return path
