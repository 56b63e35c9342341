"""Automatic backups (every 30 minutes and on exit) and the offer after a damaged file.

Called from desk/app.py; kept here so the app file stays small.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from pathlib import Path

from rich.text import Text

from db.backup import BackupError, auto_backup
from desk.app import AUTO_BACKUP_MINUTES
from desk.screens.common.confirm import ConfirmScreen, MessageScreen

AUTO_EVERY = timedelta(minutes=AUTO_BACKUP_MINUTES)  # the app's timer and the minimum gap agree
EXIT_WAIT_SECONDS = 120  # a backup that hangs must not keep the window from closing


def offer_restore(app, text: str, offer: Path | None) -> None:
    """The file was found damaged and moved aside: say so, and offer F6 with the good backup."""
    if offer is None:
        app.push_screen(MessageScreen("数据库文件已损坏", text))
        return

    def answered(yes: bool | None) -> None:
        if yes:
            app.action_section("backup")
            app.call_after_refresh(lambda: app.screen.offer_restore(offer))

    app.push_screen(ConfirmScreen(text + "\n\n现在转到“备份与恢复”（F6）从这个备份恢复吗？"), answered)


def auto_backup_job(app) -> None:
    """The 30-minute automatic backup (a worker thread): only when something changed."""
    try:
        with app.backup_lock:
            auto_backup(app.db_path, min_interval=AUTO_EVERY)
    except BackupError as exc:
        app.call_from_thread(app.notify, f"自动备份没有做成：{exc.message}", severity="warning")


async def backup_on_exit(app) -> None:
    """The automatic backup on exit, awaited before the app ends (never for long).

    It runs in a daemon thread: if it hangs, the window still closes after EXIT_WAIT_SECONDS
    and the half-made scratch file is cleaned up by the next backup. A failure is printed
    on the terminal after the screen is restored (and written to the Textual log).
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future = loop.create_future()

    def settle(outcome) -> None:
        if not done.done():  # the wait may have given up already
            done.set_result(outcome)

    def run() -> None:
        try:
            with app.backup_lock:
                auto_backup(app.db_path)
            outcome = None
        except BaseException as exc:  # reported below, never raised in the UI
            outcome = exc
        loop.call_soon_threadsafe(settle, outcome)

    threading.Thread(target=run, name="desk-exit-backup", daemon=True).start()
    try:
        error = await asyncio.wait_for(done, EXIT_WAIT_SECONDS)
    except asyncio.TimeoutError:
        error = TimeoutError("备份用时太长，已放弃（以前的备份都还在）。")
    if error is not None:
        reason = getattr(error, "message", None) or str(error)
        app.log.error(f"automatic backup on exit failed: {error!r}")
        app.exit(return_code=app.return_code or 0, message=Text(f"退出时自动备份没有做成：{reason}"))
