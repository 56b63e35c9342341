"""One entry form for every record, built from forms.fields definitions.

What it promises the clerk: a bad value is marked at its field with a Chinese sentence and
the field keeps the focus; nothing typed is lost (the form stays open until the save worked,
and a draft is written every few seconds when a draft key is given); Esc asks before
throwing away changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, TextArea

from desk.context import UsesContext
from desk.screens.common.confirm import ConfirmScreen
from desk.widgets.keybar import KeyBar
from desk.widgets.text import Label, Select, SelectionList, Static, literal, styled
from forms.fields import FieldDef
from forms.validate import ValidationError

DRAFT_EVERY_SECONDS = 3.0


class FormScreen(UsesContext, ModalScreen):
    """A modal form. `save(values)` runs in a worker thread; its result is what the form returns.

    save may raise forms.validate.ValidationError or db.session.DataError (with `.field`):
    the message is shown at that field (or at the top) and the form stays open.
    The title (a str) and the choice labels are literal text: they may quote a name.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "保存", id="form.save"),
        Binding("escape", "cancel", "取消", id="form.cancel"),
        Binding("f1", "app.help", "帮助", show=False),
    ]
    HELP = """## 填写表格
- **Tab / Enter** 下一项，**Shift+Tab** 上一项
- **Ctrl+S** 保存；有错误的项会标红并说明原因，光标停在那一项
- **Esc** 取消（有未保存的修改时会先询问）
- 下拉框：**Enter** 打开，方向键选择，**Enter** 确定
- 多选框：方向键移动，**空格** 勾选
- 日期可以写 2026-3-5、2026年3月5日、3月5日、今天、昨天
- 填写中的内容每隔几秒自动存为草稿，断电后下次启动会提示恢复
"""

    def __init__(
        self,
        title: str,
        fields: tuple[FieldDef, ...],
        *,
        values: dict[str, Any] | None = None,
        choices: dict[str, list[tuple[str, Any]]] | None = None,
        save: Callable[[dict[str, Any]], Any],
        check: Callable[[dict[str, Any]], dict[str, str]] | None = None,
        draft_key: str | None = None,
        raw: dict[str, Any] | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.form_title = str(title)  # plain text: also the draft's title
        self.fields = fields
        self.values = values or {}
        self.choices = choices or {}
        self.save_fn = save
        self.check_fn = check
        self.draft_key = draft_key
        self.initial_raw = raw  # typed text from a draft, shown instead of values
        self.today = today
        self._saving = False
        self._last_draft: dict | None = None

    # ---- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static(styled(literal(self.form_title), "    ", ("Ctrl+S 保存  Esc 取消  ＊必填", "dim")),
                         id="form-title")
            yield Static("", id="form-error", classes="error hidden")
            with VerticalScroll(id="form-fields"):
                for f in self.fields:
                    mark = "＊" if f.required else "  "
                    with Horizontal(classes="field-row"):
                        yield Label(f"{mark}{f.label}", classes="field-label")
                        yield self._widget(f)
                    if f.help:
                        yield Static(f.help, classes="field-help")
                    yield Static("", id=f"err-{f.name}", classes="field-error hidden")
        yield KeyBar()

    def _widget(self, f: FieldDef):
        raw = self.initial_raw or {}
        value = self.values.get(f.name)
        wid = f"f-{f.name}"
        if f.kind == "bool":
            checked = raw.get(f.name, value if value is not None else True)
            return Checkbox(f.label, bool(checked), id=wid)
        if f.kind == "choice":
            options = self.choices.get(f.name) or list(f.choices)
            chosen = raw.get(f.name, value)
            known = {v for _, v in options}
            return Select(
                options, prompt="（请选择）", allow_blank=not f.required or chosen not in known,
                value=chosen if chosen in known else Select.NULL, id=wid,
            )
        if f.kind == "multi":
            options = self.choices.get(f.name) or list(f.choices)
            chosen = set(raw.get(f.name, value) or [])
            return SelectionList(*[(label, v, v in chosen) for label, v in options], id=wid)
        text = raw.get(f.name) if f.name in raw else f.show(value)
        if f.kind == "longtext":
            area = TextArea(text or "", id=wid, soft_wrap=True, tab_behavior="focus")
            return area
        return Input(text or "", placeholder=f.placeholder, id=wid, max_length=max(f.max_len, 40))

    def prepare(self) -> None:
        """What a form of one kind adds before the first field is focused (subclasses)."""

    def on_mount(self) -> None:
        # Defined here only (Textual runs an on_mount of every class along the MRO).
        self.prepare()
        first = self.query("#form-fields Input, #form-fields Select, #form-fields TextArea, "
                           "#form-fields SelectionList, #form-fields Checkbox").first()
        first.focus()
        if self.draft_key:
            self._last_draft = self.raw_values()
            self.set_interval(DRAFT_EVERY_SECONDS, self._maybe_save_draft)

    # ---- reading what was typed ----------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            w = self.query_one(f"#f-{f.name}")
            if isinstance(w, Select):
                out[f.name] = None if w.value is Select.NULL else w.value
            elif isinstance(w, SelectionList):
                out[f.name] = list(w.selected)
            elif isinstance(w, Checkbox):
                out[f.name] = w.value
            elif isinstance(w, TextArea):
                out[f.name] = w.text
            else:
                out[f.name] = w.value
        return out

    def parse_all(self) -> tuple[dict[str, Any], dict[str, str]]:
        raw = self.raw_values()
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for f in self.fields:
            try:
                values[f.name] = f.parse(raw[f.name], today=self.today)
            except ValidationError as exc:
                errors[f.name] = exc.message
        if not errors and self.check_fn is not None:
            errors = self.check_fn(values) or {}
        return values, errors

    @property
    def dirty(self) -> bool:
        if self.initial_raw:
            return True
        return any(
            self._field_changed(f, raw) for f, raw in zip(self.fields, self.raw_values().values(), strict=True)
        )

    def _field_changed(self, f: FieldDef, raw: Any) -> bool:
        value = self.values.get(f.name)
        if f.kind == "multi":
            return set(raw or []) != set(value or [])
        if f.kind == "bool":
            return bool(raw) != bool(value if value is not None else True)
        if f.kind == "choice":
            return raw != value and not (raw is None and value is None)
        return (raw or "") != f.show(value)

    # ---- errors at the field -------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        first = None
        for f in self.fields:
            box = self.query_one(f"#err-{f.name}", Static)
            widget = self.query_one(f"#f-{f.name}")
            message = errors.get(f.name)
            box.update(message or "")
            box.set_class(not message, "hidden")
            widget.set_class(bool(message), "invalid")
            if message and first is None:
                first = widget
        general = errors.get("", "")
        top = self.query_one("#form-error", Static)
        top.update(general)
        top.set_class(not general, "hidden")
        if first is not None:
            first.focus()
            first.scroll_visible()

    def _check_field(self, name: str) -> str | None:
        f = next(f for f in self.fields if f.name == name)
        raw = self.raw_values()[name]
        if f.kind in ("text", "longtext", "name", "date", "id", "phone", "amount", "int") and not str(raw or "").strip():
            return None  # blank required fields are reported on save, not while moving around
        try:
            f.parse(raw, today=self.today)
        except ValidationError as exc:
            return exc.message
        return None

    @on(Input.Blurred)
    def _validate_on_leave(self, event: Input.Blurred) -> None:
        if not event.input.id or not event.input.id.startswith("f-") or self._saving:
            return
        name = event.input.id[2:]
        message = self._check_field(name)
        box = self.query_one(f"#err-{name}", Static)
        box.update(message or "")
        box.set_class(not message, "hidden")
        event.input.set_class(bool(message), "invalid")
        if message and self.is_active:
            # The bad field keeps the focus until it is put right (Esc still cancels).
            self.call_after_refresh(event.input.focus)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # ---- actions -------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._saving:
            return
        values, errors = self.parse_all()
        self.show_errors(errors)
        if errors:
            self.notify("有填写不对的地方，请按红字提示改正后再按 Ctrl+S。", severity="warning")
            return
        self._saving = True
        self._run_save(values)

    @work(thread=True, exclusive=True, group="form-save")
    def _run_save(self, values: dict[str, Any]) -> None:
        try:
            result = self.save_fn(values)
        except (ValidationError, ValueError) as exc:
            message = getattr(exc, "message", str(exc))
            field = getattr(exc, "field", None) or ""
            self.app.call_from_thread(self._save_failed, field, message)
            return
        if self.draft_key:
            self.app.discard_draft(self.draft_key)
        self.app.call_from_thread(self.dismiss, result)

    def _save_failed(self, field: str, message: str) -> None:
        self._saving = False
        names = {f.name for f in self.fields}
        self.show_errors({field if field in names else "": message})

    def action_cancel(self) -> None:
        if not self.dirty:
            self._drop_draft()
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._drop_draft()
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("放弃这张表上未保存的修改吗？"), answered)

    def _drop_draft(self) -> None:
        if self.draft_key:
            self.app.discard_draft(self.draft_key)

    def _maybe_save_draft(self) -> None:
        raw = self.raw_values()
        if raw != self._last_draft and not self._saving:
            self._last_draft = raw
            self.app.save_draft(self.draft_key, self.form_title, raw)
