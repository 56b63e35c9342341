"""F6 备份与恢复: a verified backup onto a USB stick or any folder, and restoring one.

Backing up: pick a stick (listed as it is plugged in) or type a folder, optionally encrypt
with a passphrase typed twice (never stored), Enter or b. Restoring: r (or Enter on a backup
in the list), the file, its passphrase, a y/n question; the current data is kept aside as a
safety copy first. The file work runs in threads (db.backup); the app stops using its engine
for a restore and opens the file again afterwards (DeskApp.database_replaced).

Pieces: desk/screens/backup/restoring.py (the restore's steps), restore.py (its dialogs), desk/screens/backup/auto.py
(automatic backups, the offer after a damaged file).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    ProgressBar,
)
from textual.widgets.option_list import Option

from db.backup import (
    SAFE_TO_REMOVE,
    BackupError,
    known_backups,
    list_backups,
    make_backup,
    passphrase_problem,
)
from db.backup.drives import removable_drives
from db.backup.io import is_within
from desk.screens.backup.restoring import RestoreActions, unexpected
from desk.screens.common.base import DeskScreen
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Label, OptionList, Static, ours

DRIVE_POLL_SECONDS = 3.0
KIND_LABELS = {"auto": "本机自动", "stick": "U盘", "folder": "所选文件夹"}
HINT = "选好U盘或输入文件夹后，按 Enter 开始备份。要恢复：按 Tab 到下面的列表，选一个备份按 Enter。"


def _when(dt) -> str:
    return f"{dt:%Y-%m-%d %H:%M}"


class BackupScreen(RestoreActions, DeskScreen):
    """Sticks and folder at the top, the backup's progress, and the backups known below."""

    SECTION = "backup"
    BINDINGS = [
        Binding("escape", "back", "返回", id="backup.back"),
        Binding("b", "backup", "备份", id="backup.backup"),
        Binding("r", "restore", "从备份恢复", id="backup.restore"),
    ]
    HELP = """## 备份与恢复
把全部数据备份到U盘，交乡镇或带回家保管；电脑坏了、换电脑时用它恢复。

**备份到U盘**：插上U盘，它会出现在“U盘”一行（在 Windows 上是 E: 之类的盘符）。用 ↑/↓ 选中，按 **Enter** 或 **b** 开始备份；也可以在“备份到”一行输入任何文件夹。备份做完会核对一遍，屏幕上写出文件名并说“现在可以拔出U盘了”，这时再拔U盘。

**加密**：勾选“加密”（Tab 移到那里按空格），把密码输两遍（至少 8 个字符）。程序不保存密码，忘了密码就打不开这个备份，请把密码另外记好。加密的备份用标准的 age 格式，乡镇也能用 age 工具打开。在设置（F7）的村庄信息里可以把“备份默认加密”打开。

**从备份恢复**：在下面的列表里选一个备份按 **Enter** 或 **r**，或按 **r** 后输入备份文件的路径；加密的备份要输入密码；再按 **y** 确认。恢复前，现在的数据会先另存一份“安全副本”（在数据文件夹里，文件名里有 before-restore 字样），不会丢失。

**自动备份**：程序每 30 分钟（有改动时）和退出时自动在本机数据文件夹的 backups/auto 里做一份备份，保留最近 12 天、10 周、9 个月的各一份。自动备份在同一台电脑上，电脑坏了就没了：请定期备份到U盘。

- **Esc** 返回首页
"""

    def __init__(self) -> None:
        super().__init__()
        self._busy: str | None = None  # "backup" / "restore" while one runs
        self._known: list = []
        self._folder_backups: list = []
        self._drives: list = []
        self._rows: dict[str, object] = {}
        self._first_show = True

    def compose(self) -> ComposeResult:
        yield Static("备份与恢复", classes="screen-title")
        with Vertical(id="backup-form"):
            with Horizontal(classes="backup-row", id="backup-drives-row"):
                yield Label("U盘", classes="backup-label")
                yield OptionList(Option("正在查找U盘……", disabled=True), id="backup-drives")
            with Horizontal(classes="backup-row"):
                yield Label("备份到", classes="backup-label")
                yield Input(placeholder="U盘或文件夹，如 E:\\ 或 /media/用户名/U盘名", id="backup-folder")
            yield Static("", id="backup-folder-error", classes="backup-error hidden")
            with Horizontal(classes="backup-row"):
                yield Label("", classes="backup-label")
                yield Checkbox("加密（要设密码，程序不保存密码）", id="backup-encrypt")
            with Horizontal(classes="backup-row hidden", id="backup-pass-row"):
                yield Label("密码", classes="backup-label")
                yield Input(password=True, placeholder="至少 8 个字符", id="backup-pass1")
                yield Label("再输一次", classes="backup-label2")
                yield Input(password=True, id="backup-pass2")
            yield Static("", id="backup-pass-error", classes="backup-error hidden")
            with Horizontal(id="backup-progress-row", classes="hidden"):
                yield ProgressBar(total=100, show_eta=False, id="backup-progress")
                yield Static("", id="backup-stage")
            yield Static(HINT, id="backup-result", classes="backup-hint")
        yield Static(ours("[b]已有的备份[/b]  选中后按 Enter 或 r 恢复"), id="backup-list-title")
        yield Table(id="backup-list", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one("#backup-list", DataTable)
        table.add_column("备份时间", key="when")
        table.add_column("位置", key="kind")
        table.add_column("加密", key="enc")
        table.add_column("文件", key="name")
        self.query_one("#backup-folder", Input).focus()
        self.set_interval(DRIVE_POLL_SECONDS, self._poll_drives)

    def reload(self) -> None:
        # Works without a village too: on a new PC restoring is the first thing to do.
        if self.ctx.engine is not None:
            self._load()

    # ---- data ----------------------------------------------------------------------------

    def load(self, engine):
        from db.backup import encrypt_by_default

        db_path = self.ctx.db_path
        return {"drives": removable_drives(), "known": known_backups(db_path),
                "encrypt": encrypt_by_default(db_path)}

    def show(self, data) -> None:
        self._known = data["known"]
        self._show_drives(data["drives"])
        if self._first_show:
            self._first_show = False
            self.query_one("#backup-encrypt", Checkbox).value = data["encrypt"]
            if self._drives:
                self.query_one("#backup-drives", OptionList).focus()
        self._list_folder(self.query_one("#backup-folder", Input).value)

    def _show_drives(self, drives: list) -> None:
        if drives == self._drives and self._drives:
            return
        self._drives = list(drives)
        box = self.query_one("#backup-drives", OptionList)
        box.clear_options()
        if not drives:
            box.add_option(Option("没有找到U盘。插上后会自动出现，也可以在下一行输入文件夹。", disabled=True))
            return
        for i, d in enumerate(drives):
            free = f"，可用 {d.free_bytes / 1e9:.1f} GB" if d.free_bytes is not None else ""
            box.add_option(Option(Text(f"{d.label}（{d.path}{free}）"), id=f"drive-{i}"))
        box.highlighted = 0
        folder = self.query_one("#backup-folder", Input)
        if not folder.value.strip():  # never overwrite what the clerk typed
            folder.value = str(drives[0].path)

    def _poll_drives(self) -> None:
        if self._busy is None:
            self._find_drives()

    @work(thread=True, exclusive=True, group="drives")
    def _find_drives(self) -> None:
        drives = removable_drives()
        self._ui(self._show_drives, drives)

    @on(Input.Changed, "#backup-folder")
    def _folder_changed(self, event: Input.Changed) -> None:
        self._set_error("folder", "")
        self._list_folder(event.value)

    @work(thread=True, exclusive=True, group="backup-folder")
    def _list_folder(self, text: str) -> None:
        folder = Path(text.strip()).expanduser() if text.strip() else None
        found = list_backups(folder) if folder is not None and folder.is_dir() else []
        self._ui(self._show_list, found)

    def _show_list(self, folder_backups: list) -> None:
        self._folder_backups = folder_backups
        merged = {b.path: b for b in folder_backups}
        merged.update({b.path: b for b in self._known})  # auto / stick: the better label
        rows = sorted(merged.values(), key=lambda b: (b.created_at, b.path.name), reverse=True)
        table = self.query_one("#backup-list", DataTable)
        keep = table.cursor_row
        table.clear()
        self._rows = {}
        for b in rows:
            key = str(b.path)
            self._rows[key] = b
            table.add_row(_when(b.created_at), KIND_LABELS.get(b.kind, b.kind),
                          "加密" if b.encrypted else "", Text(b.path.name), key=key)
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))

    def _ui(self, fn, *args) -> None:
        """From a worker thread: run fn on the UI thread if this screen is still shown."""
        def guarded():
            if self.is_attached:
                fn(*args)

        try:
            self.app.call_from_thread(guarded)
        except RuntimeError:
            pass  # the app is closing

    # ---- messages at the right place ----------------------------------------------------

    def _set_error(self, where: str, message: str) -> None:
        box = self.query_one(f"#backup-{where}-error", Static)
        box.update(message)
        box.set_class(not message, "hidden")

    def _show_result(self, message: str, *, error: bool = False) -> None:
        box = self.query_one("#backup-result", Static)
        box.update(message)
        box.set_class(error, "backup-failed")
        box.remove_class("backup-hint")

    # ---- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "backup":
            return None if self._busy or self.app.village is None else True
        if action == "restore":
            return None if self._busy else True
        return True

    def action_back(self) -> None:
        if self._busy:
            self.notify("正在" + ("备份" if self._busy == "backup" else "恢复") + "，请等它做完。",
                        severity="warning")
            return
        self.app.action_section("home")

    @on(Checkbox.Changed, "#backup-encrypt")
    def _encrypt_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#backup-pass-row").set_class(not event.value, "hidden")
        if not event.value:
            self._set_error("pass", "")

    @on(OptionList.OptionHighlighted, "#backup-drives")
    def _drive_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.has_focus:  # the clerk moving through the sticks, not a refresh
            self._use_drive(event.option.id)

    @on(OptionList.OptionSelected, "#backup-drives")
    def _drive_selected(self, event: OptionList.OptionSelected) -> None:
        self._use_drive(event.option.id)
        self.action_backup()

    def _use_drive(self, option_id: str | None) -> None:
        index = int((option_id or "drive-0").split("-")[1])
        if index < len(self._drives):
            self.query_one("#backup-folder", Input).value = str(self._drives[index].path)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        encrypt = self.query_one("#backup-encrypt", Checkbox).value
        if event.input.id == "backup-folder" and encrypt and not self.query_one("#backup-pass1", Input).value:
            self.query_one("#backup-pass1", Input).focus()
        elif event.input.id == "backup-pass1":
            self.query_one("#backup-pass2", Input).focus()
        else:
            self.action_backup()

    @on(DataTable.RowSelected, "#backup-list")
    def _row_selected(self, _event) -> None:
        self.action_restore()

    # ---- backing up ----------------------------------------------------------------------

    def action_backup(self) -> None:
        if self._busy or self.app.village is None:
            return
        folder_input = self.query_one("#backup-folder", Input)
        text = folder_input.value.strip()
        self._set_error("folder", "")
        self._set_error("pass", "")
        if not text:
            self._set_error("folder", "请在上面选一个U盘，或在这里输入要备份到的文件夹。")
            folder_input.focus()
            return
        passphrase = None
        if self.query_one("#backup-encrypt", Checkbox).value:
            first = self.query_one("#backup-pass1", Input)
            second = self.query_one("#backup-pass2", Input)
            if problem := passphrase_problem(first.value):
                self._set_error("pass", problem)
                first.focus()
                return
            if second.value != first.value:
                self._set_error("pass", "两次输入的密码不一样，请在“再输一次”里重新输入。")
                second.value = ""
                second.focus()
                return
            passphrase = first.value
        self._begin("backup", "正在备份，请不要拔出U盘……")
        self._run_backup(Path(text).expanduser(), passphrase)

    def _begin(self, what: str, text: str) -> None:
        self._busy = what
        self.query_one("#backup-progress-row").remove_class("hidden")
        self.query_one("#backup-progress", ProgressBar).update(progress=0)
        self.query_one("#backup-stage", Static).update(text)
        self._show_result("")
        self.refresh_bindings()

    def _end(self) -> None:
        self._busy = None
        self.refresh_bindings()

    def _progress(self, text: str, fraction: float) -> None:
        """Called by db.backup on the worker thread."""
        self._ui(self._show_progress, text, fraction)

    def _show_progress(self, text: str, fraction: float) -> None:
        self.query_one("#backup-progress", ProgressBar).update(progress=round(fraction * 100))
        self.query_one("#backup-stage", Static).update(text)

    @work(thread=True, exclusive=True, group="backup-run")
    def _run_backup(self, folder: Path, passphrase: str | None) -> None:
        try:
            result = make_backup(self.ctx.db_path, folder, passphrase=passphrase, progress=self._progress)
        except BackupError as exc:
            self._ui(self._backup_failed, exc)
        except Exception as exc:  # a bug must not close the app and lose the screen
            self._ui(self._backup_failed, unexpected("备份", exc))
        else:
            self._ui(self._backup_done, result)

    def _backup_done(self, result) -> None:
        self._end()
        for name in ("#backup-pass1", "#backup-pass2"):
            self.query_one(name, Input).value = ""  # the passphrase is never kept
        # As db.backup counts it: anything outside <data dir>/backups is a stick.
        on_stick = not is_within(result.path, Path(self.ctx.db_path).resolve().parent / "backups")
        text = f"备份完成：{result.path.name}（在 {result.path.parent}）。"
        if result.encrypted:
            text += "已加密：请记好密码，程序不保存密码。"
        self._show_result(text + (SAFE_TO_REMOVE if on_stick else ""))
        self._show_progress("已核对，备份完好。", 1.0)
        self.notify(SAFE_TO_REMOVE if on_stick else "备份完成。")
        self.query_one("#backup-list", DataTable).focus()  # b and r work from there
        self.reload()

    def _backup_failed(self, exc: BackupError) -> None:
        self._end()
        self.query_one("#backup-progress-row").add_class("hidden")
        if exc.kind == "no_folder":
            self._set_error("folder", exc.message)
            self.query_one("#backup-folder", Input).focus()
        elif exc.kind == "weak_passphrase":
            self._set_error("pass", exc.message)
            self.query_one("#backup-pass1", Input).focus()
        else:
            self._show_result(exc.message, error=True)
