"""i on the register: import an existing spreadsheet, dry run first."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.binding import Binding
from textual.widgets import Input

from desk.screens.common.import_dialog import ImportDialog


class ImportScreen(ImportDialog):
    """The register's import; Ctrl+T writes an empty template at the typed path."""

    BINDINGS = [Binding("ctrl+t", "template", "写出模板", id="import.template")]
    TITLE_TEXT = "导入台账表格"
    PLACEHOLDER = "文件路径，如 /media/usb/台账.xlsx 或 E:\\台账.xlsx"
    HELP = """## 导入台账表格
输入 Excel（.xlsx）或 CSV 文件的完整路径，按 **Enter** 检查：列出可以导入的件数、每一处错误（第几行、哪一列、原因）和不认识的列，数据库不作任何改动。没有错误时按 **Ctrl+S** 一次导入全部（要么全部导入，要么一件也不导入）。**Ctrl+T** 在输入的路径写出一个空白模板。
"""

    def make_plan(self, engine, path: Path):
        from forms.register_import import plan_import

        return plan_import(engine, path, progress=self.progress)

    def describe(self, plan) -> str:
        from desk.cli.importing import describe

        tail = "\n\n没有错误，按 Ctrl+S 导入。" if plan.ok else "\n\n请在表格里改正以上错误，保存后再按 Enter 检查。"
        return "\n".join(describe(plan)) + tail

    def apply_plan(self, engine, plan) -> str:
        from forms.register_import import apply_import

        return f"已导入 {len(apply_import(engine, plan, progress=self.progress))} 件。"

    @work(thread=True, group="import")
    def action_template(self) -> None:
        from forms.register_import import write_template

        path = Path(self.query_one("#import-path", Input).value.strip() or "台账模板.xlsx").expanduser()
        try:
            write_template(path)
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"无法写入 {path}：{exc.strerror}", severity="error")
            return
        self.app.call_from_thread(self.notify, f"已写出空白模板：{path}")
