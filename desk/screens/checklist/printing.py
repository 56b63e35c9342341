"""p on the matrix: the checklist's papers (forms.documents), written as PDF to the output folder."""

from __future__ import annotations

import re

from desk.screens.checklist.menu import ChoiceMenu


def print_menu(screen, rnd, hamlet_id: int | None, hamlet_name: str | None) -> None:
    """Offer the papers for the round and the hamlet under the cursor; print the one chosen."""
    place = hamlet_name or "全村一次的问题"
    where = place  # ChoiceMenu shows its labels as literal text
    papers = {
        "sheet": ("checklist_sheet", (rnd.id, hamlet_id), f"空白排查登记表：{where}", f"{rnd.name}-{place}-排查登记表"),
        "summary": ("checklist_summary", rnd.id, "本轮排查情况汇总（已答的内容）", f"{rnd.name}-排查情况汇总"),
        "notice_all": ("contact_notice", None, "包片干部联系公示：每个屯组一页", "包片干部联系公示"),
    }
    if hamlet_id is not None:
        papers["notice"] = ("contact_notice", hamlet_id, f"包片干部联系公示：{where}",
                            f"包片干部联系公示-{hamlet_name}")
    options = [(key, label) for key, (_k, _v, label, _s) in papers.items()]

    def chosen(key: str | None) -> None:
        if key:
            kind, value, _label, stem = papers[key]
            screen.run_worker(lambda: _render(screen.app, kind, value, stem), thread=True, group="print")

    screen.app.push_screen(ChoiceMenu(f"打印（{rnd.name}）", options), chosen)


def _render(app, kind: str, key, stem: str) -> None:
    from desk.output import export_path, open_or_print
    from forms.documents import render_document
    from forms.render.fonts import FontMissing
    from forms.render.output import OutputError

    # Names come from the clerk: keep them out of the folder structure (/, \\ ...) on every system.
    path = export_path(app.db_path, re.sub(r'[\\/:*?"<>|\s]+', "_", stem), "pdf")
    try:
        render_document(app.engine, kind, key, path, today=app.today)
    except (FontMissing, OutputError, OSError, ValueError) as exc:
        app.call_from_thread(app.notify, f"打印失败：{getattr(exc, 'message', exc)}", severity="error")
        return
    app.call_from_thread(app.notify, open_or_print(path), timeout=10)
