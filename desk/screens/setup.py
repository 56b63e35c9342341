"""First run on a new file: the village and its hamlets, before anything else."""

from __future__ import annotations

from desk.screens.common.form import FormScreen
from forms.fields import SETUP_FORM


class SetupScreen(FormScreen):
    """The first-run form; it cannot be cancelled (Ctrl+Q quits without creating anything)."""

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
        self.notify("请先填写村庄信息并按 Ctrl+S 保存；不想现在填写可按 Ctrl+Q 退出。", severity="warning")
