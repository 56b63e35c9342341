"""i in the question bank: import an xlsx sheet. Enter checks it (nothing saved) and lists every
bad row with its line number; Ctrl+S stores a clean sheet in one transaction."""

from __future__ import annotations

from pathlib import Path

from desk.screens.common.import_dialog import ImportDialog

ACTIONS = {"add": "新增", "update": "修改", "same": "不变"}


def describe_plan(plan) -> str:
    """The dry run in plain Chinese: the summary, every problem, then what each row would do."""
    lines = [plan.summary()]
    lines += [f"  {p}" for p in plan.problems]
    if plan.ok:
        lines += [f"  第{r.line}行 {r.code} {ACTIONS[r.action]}：{r.text[:30]}"
                  for r in plan.rows if r.action != "same"]
        lines.append("\n没有错误，按 Ctrl+S 导入。")
    else:
        lines.append("\n请在表格里改正以上各处，保存后再按 Enter 检查。")
    return "\n".join(lines)


class BankImportScreen(ImportDialog):
    """The question bank's import; returns True when imported."""

    TITLE_TEXT = "导入问题库"
    PLACEHOLDER = "文件路径，如 /media/usb/问题库.xlsx 或 E:\\问题库.xlsx"
    HELP = """## 导入问题库
输入 Excel（.xlsx）文件的完整路径，按 **Enter** 检查：列出将新增、修改的问题，以及每一处错误（第几行、哪一列、原因），数据库不作任何改动。没有错误时按 **Ctrl+S** 一次导入全部（要么全部导入，要么一个也不导入）。表格的格式与“导出”写出的一样：编号、类别、问题、说明、范围、状态。
"""

    def make_plan(self, engine, path: Path):
        from forms.question_bank_io import plan_bank_import

        return plan_bank_import(engine, path)

    def describe(self, plan) -> str:
        return describe_plan(plan)

    def apply_plan(self, engine, plan) -> str:
        from forms.question_bank_io import apply_bank_import

        counts = apply_bank_import(engine, plan)
        return f"已导入：新增 {counts['added']} 个，修改 {counts['updated']} 个问题。"
