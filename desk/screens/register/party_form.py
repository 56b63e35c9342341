"""The party form: while the name is typed, people already in the register are offered; an
18-digit ID fills sex and birth date as soon as the clerk leaves it; the document type and the
agent (法定代理人 / 委托代理人) are checked together on save (forms.register_fields.check_party)."""

from __future__ import annotations

from textual import on, work
from textual.widgets import Input
from textual.widgets.option_list import Option

from desk.context import DeskContext
from desk.screens.common.form import FormScreen
from desk.widgets.text import OptionList, Select
from forms import register_fields as rf
from forms.id_documents import identity_errors
from forms.validate import ValidationError

IDENTITY_FIELDS = ("kind", "id_type", "id_number", "sex", "birth_date")


class PartyFormScreen(FormScreen):
    """Add or edit a party. Tab from the name goes into the list of matches (when any);
    Enter there fills the form with that person's details."""

    def __init__(self, ctx: DeskContext, view, party=None, raw: dict | None = None) -> None:
        from db.register.write import add_party, update_party
        from desk.screens.register.forms import choices

        engine = ctx.engine
        self.engine = engine
        self.matches = []
        d = view.dispute
        if party is None:
            values = {"role": "applicant" if not view.role("applicant") else "respondent", "kind": "person",
                      "hamlet_id": d.hamlet_id, "id_type": "resident"}
            save = lambda v: add_party(engine, d.id, rf.party_data(v))  # noqa: E731
            title, key = f"添加当事人（{d.number}）", f"party:{d.id}:new"
        else:
            values = {f.name: getattr(party, f.name) for f in rf.PARTY_FORM}
            save = lambda v: update_party(engine, party.id, rf.party_data(v))  # noqa: E731
            title, key = f"修改当事人 {party.name}（{d.number}）", f"party:{d.id}:{party.id}"
        super().__init__(
            title, rf.PARTY_FORM, values=values, choices={"hamlet_id": choices(engine)["hamlet_id"]},
            save=save, check=rf.check_party, draft_key=key, raw=raw, today=ctx.today,
        )

    def prepare(self) -> None:
        name = self.query_one("#f-name", Input)
        matches = OptionList(id="known-people", classes="hidden")
        self.query_one("#form-fields").mount(matches, after=name.parent)

    def _identity(self) -> tuple[dict | None, dict[str, str]]:
        """(values after the identity check, errors) of the type, number, sex and birth
        fields, or (None, {}) while one of them cannot be read yet."""
        raw = self.raw_values()
        values = {}
        for f in self.fields:
            if f.name in IDENTITY_FIELDS:
                try:
                    values[f.name] = f.parse(raw[f.name], today=self.today)
                except ValidationError:
                    return None, {}
        return values, identity_errors(values)

    def _check_field(self, name: str) -> str | None:
        """The number is checked for its document type when the clerk leaves it."""
        message = super()._check_field(name)
        if message or name != "id_number":
            return message
        values, errors = self._identity()
        return errors.get("id_number") if values is not None else None

    @on(Input.Blurred, "#f-id_number")
    def _fill_from_id(self, event: Input.Blurred) -> None:
        """An 18-digit ID fills a blank sex and birth date, and says so."""
        values, errors = self._identity()
        if values is None or "id_number" in errors:
            return
        sex = self.query_one("#f-sex", Select)
        birth = self.query_one("#f-birth_date", Input)
        filled = []
        if values.get("sex") and "sex" not in errors and sex.value != values["sex"]:
            sex.value = values["sex"]
            filled.append("性别")
        born = values.get("birth_date")
        if born and "birth_date" not in errors and not birth.value.strip():
            birth.value = f"{born:%Y-%m-%d}"
            filled.append("出生日期")
        if filled:
            self.notify(f"已按身份证号填好{'和'.join(filled)}，请核对。")

    @on(Input.Changed, "#f-name")
    def _name_changed(self, event: Input.Changed) -> None:
        self._lookup(event.value)

    @work(thread=True, exclusive=True, group="known")
    def _lookup(self, text: str) -> None:
        from db.register.query import known_people

        people = known_people(self.engine, text.strip(), limit=6) if text.strip() else []
        self.app.call_from_thread(self._show_matches, people)

    def _show_matches(self, people) -> None:
        self.matches = people
        box = self.query_one("#known-people", OptionList)
        box.clear_options()
        for i, p in enumerate(people):
            bits = [p.name, p.sex, p.hamlet_name, p.phone, p.id_number[-4:] and f"身份证尾号{p.id_number[-4:]}"]
            box.add_option(Option("已登记：" + "  ".join(b for b in bits if b), id=str(i)))
        box.set_class(not people, "hidden")

    @on(OptionList.OptionSelected, "#known-people")
    def _use_person(self, event: OptionList.OptionSelected) -> None:
        person = self.matches[int(event.option.id)]
        data = person.party_data()
        for f in self.fields:
            if f.name in ("role",) or f.name not in data:
                continue
            widget = self.query_one(f"#f-{f.name}")
            value = data[f.name]
            if f.kind == "choice":
                known = {v for _, v in (self.choices.get(f.name) or f.choices)}
                if value in known:
                    widget.value = value
            else:
                widget.value = f.show(value) if value not in (None, "") else ""
        self.query_one("#known-people", OptionList).add_class("hidden")
        self.query_one("#f-kind").focus()
        self.notify(f"已填入 {person.name} 的资料，请核对。")
