"""First run on a new file: the village and its hamlets, before anything else."""

from __future__ import annotations

from textual.binding import Binding

from desk.screens.common.confirm import ConfirmScreen
from desk.screens.common.form import FormScreen
from forms.fields import SETUP_FORM


class SetupScreen(FormScreen):
    """The first-run form. There is nothing to go back to: Esc closes the program (after asking,
    nothing is created), as the key line says; F6 restores a stick backup instead."""

    ESC_WORD = "退出"
    NOTE = "换了新电脑、U盘上有以前的备份？不用填这张表，按 F6 从备份恢复。"
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", id="form.save"),
        Binding("f6", "app.restore_first", "从备份恢复", id="setup.restore"),
        Binding("escape", "cancel", "退出", id="setup.quit"),
        Binding("f1", "app.help", "帮助", show=False),
    ]

    HELP = FormScreen.HELP + """
## 第一次使用
请填写村名、案号简称（如“青调”，案号写作（2026）青调字第001号）和本村的屯组，每行一个屯组。
以后可以在设置（F7）里修改、增加、停用屯组和登记村干部。

换了新电脑、要从U盘上的备份恢复原来的数据：不用填这张表，直接按 **F6**，选U盘上的备份恢复。
"""

    def __init__(self) -> None:
        super().__init__(
            "第一次使用：请填写本村信息",
            SETUP_FORM,
            save=self._save,
        )

    def _save(self, values: dict):
        from db.settings.village import setup_village

        hamlets = values.pop("hamlets").splitlines()
        return setup_village(self.ctx.engine, values, hamlets)

    def action_cancel(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(ConfirmScreen("还没有保存村庄信息。现在退出程序吗？下次打开时再填。"), answered)
