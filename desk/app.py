"""The Textual app: sections on F2-F7, the command palette, F1 help, and the database worker.

The first screen is drawn before the database is opened: opening (and migrating) runs in a
worker and the screens fill in when `DatabaseReady` arrives.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import WorkerFailed

from desk.context import DeskContext
from desk.messages import DatabaseFailed, DatabaseReady, HomeLoaded
from desk.palette import DeskCommands, DeskPalette
from desk.screens.home import HomeScreen
from desk.sections import BY_NAME, SECTIONS
from desk.widgets.text import visible

AUTO_BACKUP_MINUTES = 30


class DeskApp(App):
    """村委工作台."""

    CSS_PATH = "app.tcss"
    TITLE = "村委工作台"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {DeskCommands}  # pinyin, initials and other words (desk.palette)
    BINDINGS = [
        Binding("f1", "help", "帮助", id="app.help"),
        *(Binding(s.key, f"section('{s.name}')", s.short, show=s.shown, id=f"app.{s.name}")
          for s in SECTIONS if s.key),
        # The first-run form is modal (app keys do not reach past it): F6 there restores.
        Binding("f6", "restore_first", show=False, priority=True),
        Binding("ctrl+q", "quit", "退出", priority=True, id="app.quit"),
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True),
    ]

    def __init__(self, db_path: Path | str, *, today: date | None = None) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self._today = today
        self.engine = None
        self.village = None
        self.backup_lock = threading.Lock()  # a restore never meets an automatic backup
        self._damage: tuple[str, Path | None] | None = None
        self._held_engine = None
        self.startup_progress = None  # the re-keying's progress line (desk.widgets.progress)

    # ---- text and errors (desk/widgets/text.py, desk/errors.py) ------------------------------------

    errors_reported: list[str] = []  # every unexpected error of every app (the tests look here)
    errors_seen: list[BaseException] = []  # the errors themselves, last few, in memory only (a failing test shows them)

    def notify(self, message, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """A toast. Its words are always literal: a name or a path may hold "[/x]"."""
        super().notify(visible(str(message)), title=visible(str(title)), severity=severity, timeout=timeout,
                       markup=False)

    def report_error(self, error: BaseException, where: str, *, fatal: bool = False) -> str:
        """Log an unexpected error beside the database (no personal data) and tell the clerk."""
        from desk.errors import message, write_log

        log = write_log(self.db_path, error, where)
        text = message(error, log, fatal=fatal)
        DeskApp.errors_reported.append(f"{where}: {type(error).__name__}")
        DeskApp.errors_seen[:] = [*DeskApp.errors_seen[-9:], error]
        if not fatal:
            self.notify(text, severity="error", timeout=20)
        return text

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error. In a worker: log it, say so, carry on. Elsewhere Textual stops
        the app: log it and leave with one Chinese line instead of a traceback (Textual's own
        would print local variables: names, ID numbers)."""
        if isinstance(error, WorkerFailed) and self.is_running and not self._closing:
            self.report_error(error.error, "worker")
            return
        text = self.report_error(error.error if isinstance(error, WorkerFailed) else error, "app", fatal=True)
        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it in the tests
            self._exception = error
            self._exception_event.set()
        from rich.text import Text

        self._exit_renderables.append(Text(text))
        self._close_messages_no_wait()

    async def _dispatch_action(self, namespace, action_name, params) -> bool:
        """A key's or a command's action that fails: log it, say so, carry on."""
        try:
            return await super()._dispatch_action(namespace, action_name, params)
        except Exception as error:  # SkipAction is handled inside
            self.report_error(error, f"action {action_name}")
            return True

    @property
    def today(self) -> date:
        """The working date (fixed in tests so snapshots do not change)."""
        return self._today or date.today()

    @property
    def context(self) -> DeskContext:
        """What screens and form builders use (desk/context.py), made anew each time."""
        clerk = self.village.clerk if self.village is not None else ""
        return DeskContext(self.engine, self.today, clerk, self.db_path)

    def get_default_screen(self) -> Screen:
        return HomeScreen()

    def on_mount(self) -> None:
        # Draw the first frame before any database module is imported (bench/startup.py).
        self.call_after_refresh(self._open_database)
        self.set_interval(AUTO_BACKUP_MINUTES * 60, self._auto_backup_tick)

    # ---- the database ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="open")
    def _open_database(self) -> None:
        # The home screen's lines first, with plain sqlite3 (no ORM import yet) ...
        import sqlite3

        from db.probe import inspect_file

        if inspect_file(self.db_path, thorough=False).kind == "current":
            from db.attention import home_data

            try:
                self.post_message(HomeLoaded(home_data(self.db_path, self.today)))
            except sqlite3.DatabaseError:
                pass  # a damaged file: the check below moves it aside
        # A damaged file is moved aside (never deleted) before the data layer opens it; the
        # clerk is then offered the newest good backup, on a new empty file (stdlib only).
        from db.backup import newest_verified_backup, quick_check_on_open

        if damage := quick_check_on_open(self.db_path):
            offer = newest_verified_backup(self.db_path)
            self._damage = (damage, offer.path if offer else None)
        # ... then the full data layer, migrating an older file.
        from db.drafts import list_drafts
        from db.schema import DatabaseRefused, open_database
        from db.settings.village import get_village
        from desk.widgets.progress import StartupProgress

        self.startup_progress = StartupProgress(self, "正在更新拼音索引")

        try:
            # quick_check ran just above; an older file's pinyin keys are re-made (progress shown)
            engine = open_database(self.db_path, thorough=False, progress=self.startup_progress)
            village = get_village(engine)
            drafts = list_drafts(engine)
        except DatabaseRefused as exc:
            self.post_message(DatabaseFailed(exc.message))
            return
        self.post_message(DatabaseReady(engine, village, drafts))

    @on(DatabaseReady)
    def _database_ready(self, message: DatabaseReady) -> None:
        if self.startup_progress is not None:
            self.startup_progress.close()
        self.engine = message.engine
        self._set_village(message.village)
        if self.village is None:
            from desk.screens.setup import SetupScreen

            self.push_screen(SetupScreen(), self._setup_done)
        else:
            self._refresh_screens()
            if message.drafts:
                self._offer_drafts(message.drafts)
        from desk.heap import settle

        self.set_timer(1.0, settle)  # in idle time, once the first screen is filled
        if self._damage is not None:
            from desk.screens.backup.auto import offer_restore

            offer_restore(self, *self._damage)
            self._damage = None

    @on(HomeLoaded)
    def _home_loaded(self, message: HomeLoaded) -> None:
        if message.data is not None:
            for screen in self.screen_stack:
                if isinstance(screen, HomeScreen):
                    try:
                        screen.show(message.data)
                    except Exception as error:  # logged and said; the app goes on
                        self.report_error(error, "show HomeScreen")

    @on(DatabaseFailed)
    def _database_failed(self, message: DatabaseFailed) -> None:
        if self.startup_progress is not None:
            self.startup_progress.close()
        from desk.screens.common.confirm import MessageScreen

        self.push_screen(MessageScreen("无法打开数据库", message.message), lambda _: self.exit(return_code=1))

    def _setup_done(self, village) -> None:
        self._set_village(village)
        self._refresh_screens()

    def _set_village(self, village) -> None:
        from db.audit import set_operator

        self.village = village
        set_operator(village.clerk if village is not None else "")

    def _refresh_screens(self) -> None:
        for screen in self.screen_stack:
            if hasattr(screen, "reload"):
                screen.reload()

    # ---- backups (the work is in desk/screens/backup/screen.py) --------------------------------

    def stop_using_database(self) -> None:
        """Before a restore: no screen starts database work until database_replaced()."""
        self._held_engine, self.engine = self.engine, None

    def database_replaced(self, replaced: bool = True) -> None:
        """After a restore: open the file again and reload every screen.

        replaced=False (the restore was refused, the file is as it was): carry on with the
        same engine; SQLAlchemy reopens its pool after the restore disposed it.
        """
        held, self._held_engine = self._held_engine, None
        if not replaced and held is not None:
            self.engine = held
        else:
            self._open_database()

    def _auto_backup_tick(self) -> None:
        if self.engine is not None and self.village is not None:
            from desk.screens.backup.auto import auto_backup_job

            self.run_worker(lambda: auto_backup_job(self), thread=True, group="auto-backup")

    async def action_quit(self) -> None:
        """Ctrl+Q: say why closing may take a moment, then exit (on_unmount backs up)."""
        if self.engine is not None and self.village is not None:
            self.notify("正在自动备份，马上关闭……", timeout=30)
            self.call_after_refresh(self.exit)
        else:
            self.exit()

    def action_help_quit(self) -> None:
        """Ctrl+C (copies in a field): Textual's own reminder is English."""
        self.notify("要关闭程序，请按 Ctrl+Q。")

    async def on_unmount(self) -> None:
        """Every way out passes here before the process ends: the automatic backup on exit."""
        if self.engine is not None and self.village is not None:
            from desk.screens.backup.auto import backup_on_exit

            await backup_on_exit(self)

    def village_changed(self, village) -> None:
        self._set_village(village)
        self._refresh_screens()

    def save_draft(self, key: str, title: str, raw: dict) -> None:
        """Write a form's draft in a worker (called every few seconds by open forms)."""
        if self.engine is not None:
            self.run_worker(lambda: _save_draft(self.engine, key, title, raw), thread=True, group="draft")

    def discard_draft(self, key: str) -> None:
        if self.engine is not None:
            from db.drafts import discard_draft

            discard_draft(self.engine, key)

    def _offer_drafts(self, drafts) -> None:
        from desk.screens.common.confirm import ConfirmScreen

        draft = drafts[0]
        question = (
            f"上次有一张表没有保存就关闭了：{draft.title}（{draft.saved_at:%m月%d日 %H:%M}）。"
            "现在打开继续填写吗？"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.resume_draft(draft)
            else:
                self.discard_draft(draft.form)

        self.push_screen(ConfirmScreen(question), answered)

    def resume_draft(self, draft) -> None:
        """Open the form the draft belongs to with what was typed (sections register resumers)."""
        import json

        kind = draft.form.split(":", 1)[0]
        for section in SECTIONS:
            screen_cls = section.screen()
            resume = getattr(screen_cls, "resume_draft", None)
            if resume is not None and kind in getattr(screen_cls, "DRAFT_KINDS", ()):
                self.action_section(section.name)
                self.call_after_refresh(lambda: self.screen.resume_draft(draft.form, json.loads(draft.data)))
                return
        self.notify("这张草稿对应的表格已不存在，已保留在数据库中。", severity="warning")

    # ---- sections and help -------------------------------------------------------------

    def action_section(self, name: str) -> None:
        """Go to a section: the home screen stays at the bottom, one section on top of it."""
        # F6 works before the village is set up: restoring a backup is how a new PC starts.
        if self.village is None and name not in ("home", "backup"):
            self.notify("请先填写村庄信息。", severity="warning")
            return
        if getattr(self.screen, "SECTION", None) == name:
            return
        if self.village is None and name == "home" and self._setup_open():
            return  # F2 must not throw away the first-run form
        # Leave any open dialogs and the current section, back to home.
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if name == "home":
            if self.village is None and self.engine is not None:  # back from F6 on a new file
                from desk.screens.setup import SetupScreen

                self.push_screen(SetupScreen(), self._setup_done)
            return
        self.push_screen(BY_NAME[name].screen()())

    def _setup_open(self) -> bool:
        from desk.screens.setup import SetupScreen

        return any(isinstance(s, SetupScreen) for s in self.screen_stack)

    def action_restore_first(self) -> None:
        """F6 on the first-run form: a new PC restores its stick backup instead of starting empty."""
        from textual.actions import SkipAction

        from desk.screens.setup import SetupScreen

        if not isinstance(self.screen, SetupScreen):
            raise SkipAction()  # everywhere else F6 is the ordinary section key
        self.action_section("backup")

    def action_help(self) -> None:
        from desk.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        text = getattr(self.screen, "HELP", "") or "## 帮助"
        self.push_screen(HelpScreen(text))

    def action_command_palette(self) -> None:
        if not DeskPalette.is_open(self):
            self.push_screen(DeskPalette())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every section, every key of the screen in front, and quitting: all in Chinese."""
        for section in SECTIONS:
            key = f"{section.key.upper()}：" if section.key else ""
            yield SystemCommand(f"转到：{section.title}", f"{key}{'、'.join(section.words)}",
                                lambda n=section.name: self.action_section(n))
        seen = set()
        for binding in self._screen_bindings(screen):
            if binding.description and binding.action not in seen:
                seen.add(binding.action)
                yield SystemCommand(
                    binding.description, f"按键 {binding.key}",
                    lambda b=binding, s=screen: self.call_later(s.run_action, b.action),
                )
        yield SystemCommand("帮助", "F1：本屏的说明", self.action_help)
        yield SystemCommand("退出程序", "Ctrl+Q", self.action_quit)

    @staticmethod
    def _screen_bindings(screen: Screen):
        for binding in getattr(screen, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.action not in ("cancel", "app.help"):
                if screen.check_action(binding.action, ()) is not False:
                    yield binding


def _save_draft(engine, key, title, raw) -> None:
    from db.drafts import save_draft

    save_draft(engine, key, title, raw)


def make_app(db_path: Path | str, *, today: date | None = None) -> DeskApp:
    """The one factory for the command line and the tests."""
    return DeskApp(db_path, today=today)
