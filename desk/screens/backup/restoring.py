"""F6's restoring steps: choose a backup, confirm, restore in a thread, say how it went.

A mixin of BackupScreen (desk/screens/backup/screen.py): it uses the screen's `_begin`, `_end`,
`_progress`, `_show_progress`, `_show_result`, `_ui` and `_busy`.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widgets import DataTable

from db.backup import SAFE_TO_REMOVE, BackupError, read_manifest, restore_backup
from desk.screens.backup.restore import RestoreConfirm, RestoreDialog
from desk.screens.common.confirm import MessageScreen

# Refusals that concern the chosen file or its passphrase go back to the restore dialog.
PASS_KINDS = {"need_passphrase", "wrong_passphrase"}
FILE_KINDS = {"not_found", "foreign", "damaged", "no_manifest", "newer"}


def unexpected(what: str, exc: BaseException) -> BackupError:
    return BackupError(f"{what}没有做成，出现了意外的错误（{type(exc).__name__}），请再试一次；"
                       "如果还不行，请联系技术人员。", repr(exc), "error")



class RestoreActions:
    """r / Enter on a backup: the restore, from the dialog to the message at its end."""

    def _selected_backup(self) -> str:
        table = self.query_one("#backup-list", DataTable)
        if table.row_count == 0:
            return ""
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""

    def action_restore(self) -> None:
        if not self._busy:
            self.offer_restore(self._selected_backup() or None)

    def offer_restore(self, path: Path | str | None, error: str = "", field: str = "path") -> None:
        """Open the restore dialog with `path` filled in (an error shown at `field`)."""
        self.app.push_screen(RestoreDialog(str(path or ""), error=error, field=field), self._chosen)

    def _chosen(self, choice: tuple[Path, str | None] | None) -> None:
        if choice is None:
            return
        path, passphrase = choice
        try:
            manifest = read_manifest(path) or {}
        except BackupError:
            manifest = {}
        about = "，".join(x for x in (manifest.get("village"),
                                      (manifest.get("created_at") or "").replace("T", " ")[:16]) if x)
        db_path = Path(self.ctx.db_path).resolve()
        question = (
            f"用备份 {path.name}{f'（{about} 做的）' if about else ''}替换现在的全部数据吗？\n\n"
            f"替换前会先把现在的数据另存一份安全副本，放在 {db_path.parent}，"
            f"文件名以 {db_path.name}.before-restore- 开头，不会丢失。"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._begin("restore", "正在恢复……")
                self.app.stop_using_database()
                self._run_restore(path, passphrase)

        self.app.push_screen(RestoreConfirm(question, (path, db_path, passphrase)), answered)

    @work(thread=True, exclusive=True, group="backup-run")
    def _run_restore(self, path: Path, passphrase: str | None) -> None:
        app = self.app
        try:
            with app.backup_lock:  # an automatic backup in progress finishes first
                result = restore_backup(path, app.db_path, passphrase=passphrase, progress=self._progress)
        except BackupError as exc:  # refused or failed: the database is exactly as it was
            app.call_from_thread(app.database_replaced, False)
            self._ui(self._restore_failed, exc, path)
        except Exception as exc:
            app.call_from_thread(app.database_replaced)
            self._ui(self._restore_failed, unexpected("恢复", exc), path)
        else:
            app.call_from_thread(app.database_replaced)
            self._ui(self._restore_done, result)

    def _restore_done(self, result) -> None:
        self._end()
        self._show_progress("恢复完成。", 1.0)
        text = f"已从备份 {result.backup.path.name} 恢复。"
        if result.safety_copy:
            text += f"原来的数据另存为 {result.safety_copy}。"
        if result.migrated_from:
            text += "这个备份来自旧版本，已升级到当前版本。"
        self._show_result(text)
        self.app.push_screen(MessageScreen("恢复完成", text + "如果备份在U盘上，" + SAFE_TO_REMOVE))

    def _restore_failed(self, exc: BackupError, path: Path) -> None:
        self._end()
        self.query_one("#backup-progress-row").add_class("hidden")
        if exc.kind in PASS_KINDS:
            self.offer_restore(path, exc.message, "pass")
        elif exc.kind in FILE_KINDS:
            self.offer_restore(path, exc.message, "path")
        else:
            self._show_result(exc.message, error=True)
