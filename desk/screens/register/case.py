"""One case: parties, facts, the records timeline, agreement, performance, follow-ups, history."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from desk.screens.common.base import DeskScreen
from desk.screens.register import forms as rf
from desk.widgets.keybar import KeyBar
from desk.widgets.table import Table
from desk.widgets.text import Static, ours, styled
from desk.widgets.text import lines as join_lines

B = "bold"


def _d(value) -> str:
    return "" if value is None else f"{value:%Y-%m-%d}"


class CaseScreen(DeskScreen):
    """The case file on screen; every change is one key away."""

    SECTION = "case"
    BINDINGS = [
        Binding("escape", "back", "返回", id="case.back"),
        Binding("e", "edit", "修改", id="case.edit"),
        Binding("a", "party", "当事人", id="case.party"),
        Binding("r", "record", "记录", id="case.record"),
        Binding("s", "status", "状态", id="case.status"),
        Binding("g", "agreement", "协议", id="case.agreement"),
        # The same key on a case that has not succeeded: it says why there is no agreement yet.
        Binding("g", "agreement_why", show=False, id="case.agreement_why"),
        Binding("x", "performance", "履行", id="case.performance"),
        Binding("j", "confirmation", "司法确认", id="case.confirmation"),
        Binding("v", "follow_up", "回访", id="case.follow_up"),
        Binding("u", "escalate", "上报", show=False, id="case.escalate"),  # said on the screen and in F1
        Binding("y", "reply", "上报答复", show=False, id="case.reply"),
        Binding("c", "close", "结案", id="case.close"),
        Binding("o", "reopen", "重新打开", id="case.reopen"),
        Binding("k", "prevention", "预防效果", show=False, id="case.prevention"),
        Binding("p", "print", "打印", id="case.print"),
        Binding("delete", "void", "作废", show=False, id="case.void"),
        # The parties table has the focus (Enter edits a party at once); the page turns by these.
        Binding("pageup", "page(-1)", "上一页", show=False, priority=True),
        Binding("pagedown", "page(1)", "下一页", show=False, priority=True),
    ]
    HELP = """## 案件
从上到下：基本情况、当事人、调查和调解记录、调解协议与履行、回访、修改历史。**PgUp/PgDn** 翻看整页。打开案件时光标（高亮的一行）就在当事人表格上：**↑/↓** 选当事人，**Enter** 修改。

- **e** 修改基本情况；**k** 预防效果（防止民转刑、防止群体性上访等的人数）
- **a** 添加当事人；在当事人表格上按 **Enter** 修改、按 **Delete** 作废这位当事人
- **r** 添加调查或调解记录
- **s** 改变状态：受理 → 调解中 → 调解成功 / 调解不成 / 移交上级 / 撤回
- **g** 登记或修改调解协议（书面或口头，只有调解成功的案件才能登记；其他案件按 g 会说明原因）
- 添加一条“调解”记录时，“受理”的案件自动转为“调解中”
- **x** 履行情况；**j** 司法确认（协议生效后30天内申请）
- **v** 添加回访记录
- **u** 登记上报（向镇司法所、综治中心、派出所等报告：对象、日期、方式）；**y** 补记最近一次上报的答复
- **e** 里还有风险等级（一般 / 较大 / 重大）、风险评估、已采取的措施和卷宗情况说明
- **c** 结案；**o** 重新打开已有结果的案件（要写原因）
- 结案规则：调解成功的案件，协议履行情况登记为“已履行”并填了履行日期时，自动在履行完毕之日结案；
  部分履行或未履行的仍未结案；已填的结案日期不会被改动。调解不成、移交、撤回的案件按 c 结案。
- **p** 打印文书：申请书、受理登记表、权利义务告知书、调解记录、协议书、回访记录、上报记录、整本卷宗
  （带页码的卷内目录和备考表）；在打印菜单里按 **m** 打印外送副本（身份证号、电话打码）
- **Delete** 作废整个案件（要写原因）
"""

    def __init__(self, dispute_id: int, resume: tuple[str, dict] | None = None) -> None:
        super().__init__()
        self.dispute_id = dispute_id
        self.case = None
        self._resume = resume

    def compose(self) -> ComposeResult:
        yield Static("案件", classes="screen-title", id="case-title")
        with VerticalScroll(id="case-body"):
            yield Static("正在读取……", id="case-facts")
            yield Static(ours("[b]当事人[/b]"), classes="case-heading")
            yield Table(id="case-parties", cursor_type="row", zebra_stripes=True)
            yield Static("", id="case-records")
            yield Static("", id="case-agreement")
            yield Static("", id="case-follow-ups")
            yield Static("", id="case-escalations")
            yield Static("", id="case-history")
        yield KeyBar()

    def prepare(self) -> None:
        table = self.query_one("#case-parties", DataTable)
        for label in ("类别", "姓名", "性别", "身份证号", "电话", "屯组", "住址"):
            table.add_column(label)
        table.focus()  # the one place to stop: no invisible Tab stop on the page around it
        self.query_one("#case-body", VerticalScroll).can_focus = False

    def action_page(self, delta: int) -> None:
        body = self.query_one("#case-body", VerticalScroll)
        if delta > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def load(self, engine):
        from db.register.case import get_case

        return get_case(engine, self.dispute_id, today=self.ctx.today)

    def show(self, view) -> None:
        if view is None:
            self.notify("找不到这个案件。", severity="error")
            return
        self.case = view
        d = view.dispute
        voided = ("  ", (f" 已作废：{d.void_reason or ''} ", "reverse")) if d.voided else ()
        self.query_one("#case-title", Static).update(styled(f"案件 {d.number}  {view.status_label}", *voided))
        amount = f"{d.amount_fen / 100:,.2f} 元" if d.amount_fen is not None else ""
        overdue = ("  ", ("已超期", "bold red")) if view.overdue else ()
        people = "  ".join(f"{label} {value}" for label, value in (
            ("主持调解", view.presiding_name), ("其他调解员", d.other_mediators), ("包案领导", view.leader_name),
            ("登记人", d.registered_by)) if value) or "调解员未定（按 e 填写）"
        lines = [
            styled((d.number, B), f"  受理 {_d(d.accepted_on)}  来源 {view.source_label or ''}"
                   + (f"（{d.source_detail}）" if d.source_detail else "")),
            styled(f"类型 {view.type_name or ''}  屯组 {view.hamlet_name or ''}  状态 ", (view.status_label, B),
                   f"  期限 {_d(d.deadline)}", *overdue, f"  结案 {_d(d.closed_on)}" if d.closed_on else ""),
            people,
            styled(f"涉及 {d.people_involved} 人  金额 {amount}", *(("  ", ("群体性纠纷", B)) if d.is_mass else ())),
            styled(("简要情况", B), f" {d.summary or ''}"),
        ]
        if d.request:
            lines.append(styled(("申请事项", B), f" {d.request}"))
        if d.arose_on or d.arose_at:
            lines.append(f"发生于 {_d(d.arose_on)} {d.arose_at or ''}")
        if d.result_note:
            lines.append(styled(("结果说明", B), f" {d.result_note}"))
        prevention = [
            f"{label} {getattr(d, code)}人"
            for code, label in (("prevent_suicide", "防止自杀"), ("prevent_crime", "防止民转刑"),
                                ("prevent_petition", "防止群体性上访"), ("prevent_fight", "防止群体性械斗"))
            if getattr(d, code)
        ]
        if prevention:
            lines.append("预防效果：" + "，".join(prevention))
        risk = getattr(d, "severity", "") or "一般"
        lines.append(styled(("风险等级", B), f" {risk}", *((f"  评估：{d.risk_assessment}",) if d.risk_assessment else ()),
                            *((f"  措施：{d.risk_measures}",) if d.risk_measures else ())))
        self.query_one("#case-facts", Static).update(join_lines(lines))

        table = self.query_one("#case-parties", DataTable)
        keep = table.cursor_row
        table.clear()
        from forms.validate import mask_id_number

        for pv in view.parties:
            p = pv.party
            table.add_row(pv.role_label, p.name + (f"（代表人 {p.representative}）" if p.representative else ""),
                          p.sex, mask_id_number(p.id_number), p.phone, pv.hamlet_name, p.address, key=str(p.id))
        if view.parties:
            table.move_cursor(row=min(keep, len(view.parties) - 1))

        records = [styled(("调查与调解记录", B), "" if view.proceedings else "  （还没有，按 r 添加）")]
        from db.models.register import PROCEEDING_KINDS

        for pr in view.proceedings:
            records.append(f"· {_d(pr.held_on)} {PROCEEDING_KINDS[pr.kind]} {pr.place or ''}  调解员 {pr.mediators or ''}"
                           f"  记录人 {pr.recorder or ''}")
            for label, text in (("陈述", pr.statements), ("事实", pr.facts), ("结果", pr.result)):
                if text:
                    records.append(f"    {label}：{text}")
        self.query_one("#case-records", Static).update(join_lines(records))

        a = view.agreement
        if a is None:
            text = styled(("调解协议", B), "  （没有）" + ("  按 g 登记" if d.status == "succeeded" else ""))
        else:
            from db.models.register import AGREEMENT_FORMS, PERFORMANCE

            terms = [t for t in a.terms.splitlines() if t.strip()]
            text = join_lines(
                [styled(("调解协议", B), f"  {AGREEMENT_FORMS[a.form]}  编号 {a.number or ''}  签订 {_d(a.signed_on)}")]
                + [f"  {i}. {t}" for i, t in enumerate(terms, 1)]
                + [f"履行：{a.perform_how or ''} {a.perform_where or ''} 期限 {_d(a.perform_by)}",
                   styled("履行情况 ", (PERFORMANCE[a.performance], B), f" {_d(a.performed_on)}"
                          + (f"  司法确认申请 {_d(a.jc_applied_on)}" if a.jc_applied_on else "")
                          + (f"  确认 {_d(a.jc_confirmed_on)}" if a.jc_confirmed_on else "")
                          + (f"  司法确认申请期限至 {_d(view.jc_deadline)}"
                             if view.jc_deadline and not a.jc_applied_on else ""))]
            )
        self.query_one("#case-agreement", Static).update(text)

        visits = [styled(("回访", B), "" if view.follow_ups else "  （没有，按 v 添加）")]
        for f in view.follow_ups:
            visits.append(
                f"· {_d(f.visited_on)} 回访 {f.party_name or ''}  {'已履行' if f.performed else '未履行'}"
                f"  {'满意' if f.satisfied else '不满意'}" + (f"  反复迹象：{f.flare_up}" if f.flare_up else "")
                + (f"  措施：{f.measures}" if f.measures else "") + f"  回访人 {f.visitor or ''}"
                + (f"  下次 {_d(f.next_due)}" if f.next_due else "")
            )
        self.query_one("#case-follow-ups", Static).update(join_lines(visits))

        from db.models.escalation import ESCALATION_CHANNELS

        ups = [styled(("上报", B), "" if view.escalations else "  （没有，按 u 登记）")]
        for e in view.escalations:
            ups.append(f"· {_d(e.reported_on)} 报 {e.to_whom}（{ESCALATION_CHANNELS.get(e.channel, e.channel)}）"
                       + (f"  上报人 {e.reported_by}" if e.reported_by else "") + (f"  事项：{e.matter}" if e.matter else "")
                       + (f"  答复 {_d(e.replied_on)}：{e.reply}" if e.replied_on else "  （未答复，按 y 补记）"))
        self.query_one("#case-escalations", Static).update(join_lines(ups))

        history = [styled(("修改历史", B))]
        for h in view.history[:50]:
            history.append(f"· {h.at:%Y-%m-%d %H:%M} {h.who or ''} {h.what or ''} {h.action_label or ''}"
                           + (f"（{h.note}）" if h.note else ""))
            history += [f"    {line}" for line in h.lines[:8]]
        self.query_one("#case-history", Static).update(join_lines(history))
        self.refresh_bindings()  # the keys depend on the case's state: show them now

        if self._resume:
            key, raw = self._resume
            self._resume = None
            self._resume_form(key, raw)

    # ---- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        v = self.case
        if v is None:
            return action in ("back",)
        d = v.dispute
        if d.voided:
            return action in ("back", "print")
        if action == "agreement":
            return d.status == "succeeded"
        if action == "agreement_why":
            return d.status != "succeeded"
        if action in ("performance", "confirmation"):
            return v.agreement is not None
        if action == "reply":
            return self._unanswered() is not None
        if action == "status":
            return d.status in ("accepted", "mediating")
        if action == "close":
            return d.status not in ("accepted", "mediating")
        if action == "reopen":
            return d.status not in ("accepted", "mediating")
        return True

    def _form(self, build) -> None:
        rf.open_form(self.app, build, self._changed)

    def _changed(self, result) -> None:
        if result is not None:
            self.notify("已保存。")
            self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        self._form(lambda: rf.edit_case_form(self.ctx, self.case))

    def action_prevention(self) -> None:
        self._form(lambda: rf.prevention_form(self.ctx, self.case))

    def action_party(self) -> None:
        self._form(lambda: rf.party_form(self.ctx, self.case))

    @on(DataTable.RowSelected, "#case-parties")
    def _edit_party(self, event: DataTable.RowSelected) -> None:
        party = self._party(event.row_key.value)
        if party is not None and not self.case.dispute.voided:
            self._form(lambda: rf.party_form(self.ctx, self.case, party))

    def _party(self, key):
        return next((pv.party for pv in self.case.parties if str(pv.party.id) == key), None)

    def action_void(self) -> None:
        table = self.query_one("#case-parties", DataTable)
        if self.focused is table and table.row_count:
            party = self._party(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
            self._form(lambda: rf.void_party_form(self.ctx, party))
        else:
            d = self.case.dispute
            self._form(lambda: rf.void_form(self.ctx, d.id, d.number))

    def action_record(self) -> None:
        was = self.case.dispute.status
        rf.open_form(self.app, lambda: rf.proceeding_form(self.ctx, self.case), lambda p: self._recorded(p, was))

    def _recorded(self, proceeding, was: str) -> None:
        """Saved; a mediation record on an accepted case has moved it to 调解中: say so."""
        if proceeding is None:
            return
        from db.register.records import status_after_record  # late: sqlmodel with the first record

        if status_after_record(was, proceeding.kind) == "mediating":
            self.notify("已保存。案件状态已由“受理”改为“调解中”。", timeout=8)
            self.reload()
        else:
            self._changed(proceeding)

    def action_status(self) -> None:
        self._form(lambda: rf.status_form(self.ctx, self.case))

    def action_agreement(self) -> None:
        self._form(lambda: rf.agreement_form(self.ctx, self.case))

    def action_agreement_why(self) -> None:
        """g on a case that has not succeeded: why there is no agreement, and what to do."""
        from db.register.records import agreement_refusal  # late: sqlmodel with the first record

        d = self.case.dispute
        key = "按 s 改状态" if d.status in ("accepted", "mediating") else "按 o 重新打开"
        self.notify(f"{agreement_refusal(d.status)}（{key}）", severity="warning", timeout=10)

    def action_performance(self) -> None:
        self._form(lambda: rf.performance_form(self.ctx, self.case))

    def action_confirmation(self) -> None:
        self._form(lambda: rf.confirmation_form(self.ctx, self.case))

    def action_follow_up(self) -> None:
        self._form(lambda: rf.follow_up_form(self.ctx, self.case))

    def _unanswered(self):
        """The latest report up without a reply (y adds it)."""
        return next((e for e in reversed(self.case.escalations) if e.replied_on is None), None)

    def action_escalate(self) -> None:
        self._form(lambda: rf.escalation_form(self.ctx, self.case))

    def action_reply(self) -> None:
        e = self._unanswered()
        if e is not None:
            self._form(lambda: rf.escalation_form(self.ctx, self.case, e))

    def action_close(self) -> None:
        self._form(lambda: rf.close_form(self.ctx, self.case))

    def action_reopen(self) -> None:
        self._form(lambda: rf.reopen_form(self.ctx, self.case))

    def _resume_form(self, key: str, raw: dict) -> None:
        kind = key.split(":", 1)[0]
        builders = {
            "dispute": lambda: rf.edit_case_form(self.ctx, self.case, raw=raw),
            "party": lambda: rf.party_form(self.ctx, self.case, raw=raw),
            "proceeding": lambda: rf.proceeding_form(self.ctx, self.case, raw=raw),
            "agreement": lambda: rf.agreement_form(self.ctx, self.case, raw=raw),
            "follow_up": lambda: rf.follow_up_form(self.ctx, self.case, raw=raw),
            "escalation": lambda: rf.escalation_form(self.ctx, self.case, raw=raw),
        }
        if kind in builders:
            self._form(builders[kind])

    def action_print(self) -> None:
        from desk.screens.common.print_menu import PrintMenu

        self.app.push_screen(PrintMenu(self.case), self._print)

    def _print(self, kind) -> None:
        if kind:
            from desk.screens.common.print_menu import MASKED_SUFFIX

            masked = kind.endswith(MASKED_SUFFIX)
            self._render_document(kind.removesuffix(MASKED_SUFFIX), masked)

    @work(thread=True, group="print")
    def _render_document(self, kind: str, masked: bool = False) -> None:
        from desk.output import export_path, open_or_print
        from forms.documents import render_document

        d = self.case.dispute
        from forms.documents import KINDS

        path = export_path(self.ctx.db_path, f"{d.number}-{KINDS[kind]}" + ("-外送副本" if masked else ""), "pdf")
        try:
            render_document(self.ctx.engine, kind, d.id, path, mask_ids=masked)
        except (OSError, ValueError, RuntimeError) as exc:
            self.app.call_from_thread(self.notify, f"打印失败：{getattr(exc, 'message', exc)}", severity="error")
            return
        self.app.call_from_thread(self.notify, open_or_print(path), timeout=10)
