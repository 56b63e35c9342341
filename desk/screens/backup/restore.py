"""The restore dialog of F6: which backup file and its passphrase, then a y-only question."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input

from db.backup import list_backups, restore_loss
from db.backup.io import AGE_MAGIC
from desk.screens.common.confirm import ConfirmScreen
from desk.widgets.text import Label, Static, ours


class RestoreConfirm(ConfirmScreen, inherit_bindings=False):
    """The y/n question before a restore: only y says yes (an Enter too many must not).

    With `loss_of=(backup, database, passphrase)` it first says what the restore would lose
    (db.backup.restore_loss, in a worker); y counts only once that is shown."""

    BINDINGS = [
        Binding("y", "answer(True)", "恢复", id="restore.yes"),
        Binding("n,escape", "answer(False)", "取消", id="restore.no"),
    ]

    def __init__(self, question: str, loss_of: tuple[Path, Path, str | None] | None = None) -> None:
        super().__init__(question)
        self.loss_of, self.loss_text = loss_of, ""

    def on_mount(self) -> None:
        if self.loss_of is not None:
            box = Static("正在比较现在的数据和这个备份……", id="restore-loss")
            self.query_one("#confirm-box").mount(box, before="#confirm-keys")
            self._compare()

    @work(thread=True, exclusive=True)
    def _compare(self) -> None:
        loss = restore_loss(*self.loss_of[:2], passphrase=self.loss_of[2])
        text = loss.text() if loss is not None else \
            "无法预先比较这个备份和现在的数据；恢复前仍会先另存一份安全副本。"
        self.app.call_from_thread(self._show_loss, text)

    def _show_loss(self, text: str) -> None:
        self.loss_text = text
        if self.is_attached:
            self.query_one("#restore-loss", Static).update(text)  # desk.widgets.text.Static: literal

    def action_answer(self, yes: bool) -> None:
        if yes and self.loss_of is not None and not self.loss_text:
            return  # not before the clerk can read what would be lost
        self.dismiss(yes)


class RestoreDialog(ModalScreen[tuple[Path, str] | None]):
    """Which backup file, and its passphrase when it is encrypted. Esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "取消", id="restore.cancel"),
        Binding("f1", "app.help", "帮助", show=False),
    ]
    HELP = """## 从备份恢复
输入备份文件的路径（或输入U盘文件夹后按 Enter，自动填入其中最新的备份）；加密的备份还要输入做备份时设的密码。按 **Enter** 下一步，再按 **y** 确认恢复；**Esc** 取消。恢复前，现在的数据会先另存一份安全副本，不会丢失。
"""

    def __init__(self, path: str = "", *, error: str = "", field: str = "path") -> None:
        super().__init__()
        self.path, self.error, self.field = path, error, field

    def compose(self) -> ComposeResult:
        with Vertical(id="restore-box"):
            yield Static(ours("[b]从备份恢复[/b]"), id="restore-title")
            with Horizontal(classes="backup-row"):
                yield Label("备份文件", classes="backup-label")
                yield Input(self.path, placeholder="备份文件的路径（以 .desk.sqlite3 或 .age 结尾）",
                            id="restore-path")
            yield Static("", id="restore-path-error", classes="backup-error hidden")
            with Horizontal(classes="backup-row hidden", id="restore-pass-row"):
                yield Label("密码", classes="backup-label")
                yield Input(password=True, placeholder="做备份时设的密码", id="restore-pass")
            yield Static("", id="restore-pass-error", classes="backup-error hidden")
            yield Static("恢复前，现在的数据会先另存一份安全副本，不会丢失。", id="restore-note")
            yield Static(ours("按 [b]Enter[/b] 下一步，按 [b]Esc[/b] 取消"), id="restore-keys")

    def on_mount(self) -> None:
        encrypted = _is_encrypted(Path(self.path)) if self.path else False
        self.query_one("#restore-pass-row").set_class(not encrypted and self.field != "pass", "hidden")
        if self.error:
            self._error(self.field, self.error)
        target = "#restore-pass" if self.field == "pass" or (encrypted and not self.error) else "#restore-path"
        self.query_one(target, Input).focus()

    def _error(self, field: str, message: str) -> None:
        for name in ("path", "pass"):
            box = self.query_one(f"#restore-{name}-error", Static)
            text = message if name == field else ""
            box.update(text)
            box.set_class(not text, "hidden")
        if message and field == "pass":
            self.query_one("#restore-pass-row").remove_class("hidden")

    @on(Input.Changed, "#restore-path")
    def _path_changed(self, event: Input.Changed) -> None:
        if event.value.strip().endswith(".age"):
            self.query_one("#restore-pass-row").remove_class("hidden")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path_input = self.query_one("#restore-path", Input)
        text = path_input.value.strip()
        if not text:
            self._error("path", "请输入备份文件的路径，或按 Esc 回到列表里选一个备份。")
            path_input.focus()
            return
        path = Path(text).expanduser()
        if path.is_dir():
            found = list_backups(path)
            if not found:
                self._error("path", f"文件夹 {path} 里没有备份文件，请换一个文件夹或写出备份文件的路径。")
                path_input.focus()
                return
            path_input.value = str(found[0].path)
            self._error("path", "已填入这个文件夹里最新的备份，请核对后再按 Enter。")
            path_input.focus()
            return
        if not path.is_file():
            self._error("path", f"找不到备份文件 {path}，请检查路径后重新输入。")
            path_input.focus()
            return
        passphrase = self.query_one("#restore-pass", Input).value
        if _is_encrypted(path) and not passphrase:
            self._error("pass", "这个备份是加密的，请输入做备份时设的密码。")
            self.query_one("#restore-pass", Input).focus()
            return
        self.dismiss((path, passphrase or None))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _is_encrypted(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(AGE_MAGIC)) == AGE_MAGIC
    except OSError:
        return path.name.endswith(".age")
