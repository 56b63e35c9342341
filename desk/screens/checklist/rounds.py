"""The round keys of the F4 matrix: n new round, [ / ] older / newer, r choose, x close or reopen.

A mixin of ChecklistScreen (which holds `rounds`, `round_id`, `matrix` and `reload`).
"""

from __future__ import annotations

from textual import work

from desk.screens.checklist import forms as kf
from desk.screens.common.confirm import ConfirmScreen
from desk.screens.register.forms import open_form


def round_made_message(cells: int, unassigned: int) -> str:
    """What a new round says: every cell has its 片长, or how many have nobody and what to do."""
    if not unassigned:
        return "已新建排查轮次，每一格已分给负责的片长。"
    how = "在设置（F7）里给片长勾选负责的屯组，或在格子上按 a 分配"
    if unassigned == cells:
        return f"已新建排查轮次。还没有片长负责这些屯组，各格都还没分给人：请{how}。"
    return f"已新建排查轮次，{cells - unassigned}格已分给负责的片长；还有{unassigned}格没有负责的片长，请{how}。"


class RoundActions:
    """Choosing, opening and closing rounds."""

    def action_new_round(self) -> None:
        open_form(self.app, lambda: kf.round_form(self.ctx), self._round_made)

    def _round_made(self, made) -> None:
        if made is not None:
            round_id, cells, unassigned = made
            self.notify(round_made_message(cells, unassigned), timeout=10 if unassigned else 5)
            self.round_id = round_id
            self.reload()

    def action_round(self, delta: int) -> None:
        ids = [r.id for r in self.rounds]
        if self.round_id in ids:
            i = ids.index(self.round_id) + delta
            if 0 <= i < len(ids):
                self._choose_round(ids[i])
            else:
                self.notify("已经是最早的一轮。" if delta > 0 else "已经是最新的一轮。")

    def action_pick_round(self) -> None:
        from desk.screens.checklist.menu import ChoiceMenu

        options = [(str(r.id), f"{r.name}  {r.starts_on:%Y-%m-%d}至{r.ends_on:%m-%d}  "
                               f"{'已结束' if r.closed else '进行中'}  已答{r.share:.0%}") for r in self.rounds]
        self.app.push_screen(ChoiceMenu("选择排查轮次", options, str(self.round_id)),
                             lambda key: key and self._choose_round(int(key)))

    def _choose_round(self, round_id: int) -> None:
        self.round_id = round_id
        self.cell = None
        self.reload()

    def action_close_round(self) -> None:
        r = self.matrix.round
        if r.closed:
            question = f"重新打开“{r.name}”吗？打开后可以补填和修改答复。"
        else:
            question = f"结束“{r.name}”吗？结束后不能再填写答复（需要时可以再按 x 重新打开）。"
        self.app.push_screen(ConfirmScreen(question), lambda yes: yes and self._close_round(r.id, not r.closed))

    @work(thread=True, group="write")
    def _close_round(self, round_id: int, close: bool) -> None:
        from db.checklist.questions import close_round, reopen_round

        (close_round if close else reopen_round)(self.ctx.engine, round_id)
        self.app.call_from_thread(self.notify, "本轮已结束。" if close else "本轮已重新打开。")
        self.app.call_from_thread(self.reload)
