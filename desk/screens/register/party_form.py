"""The party form: while the name is typed, people already in the register are offered."""

from __future__ import annotations

from textual import on, work
from textual.widgets import Input
from textual.widgets.option_list import Option

from desk.screens.common.form import FormScreen
from desk.widgets.text import OptionList
from forms import register_fields as rf


class PartyFormScreen(FormScreen):
    """Add or edit a party. Tab from the name goes into the list of matches (when any);
    Enter there fills the form with that person's details."""

    def __init__(self, app, view, party=None, raw: dict | None = None) -> None:
        from db.register.write import add_party, update_party
        from desk.screens.register.forms import choices

        engine = app.engine
        self.engine = engine
        self.matches = []
        d = view.dispute
        if party is None:
            values = {"role": "applicant" if not view.role("applicant") else "respondent", "kind": "person",
                      "hamlet_id": d.hamlet_id}
            save = lambda v: add_party(engine, d.id, _party_data(v))  # noqa: E731
            title, key = f"添加当事人（{d.number}）", f"party:{d.id}:new"
        else:
            values = {f.name: getattr(party, f.name) for f in rf.PARTY_FORM}
            save = lambda v: update_party(engine, party.id, _party_data(v))  # noqa: E731
            title, key = f"修改当事人 {party.name}（{d.number}）", f"party:{d.id}:{party.id}"
        super().__init__(
            title, rf.PARTY_FORM, values=values, choices={"hamlet_id": choices(engine)["hamlet_id"]},
            save=save, draft_key=key, raw=raw, today=app.today,
        )

    def on_mount(self) -> None:
        name = self.query_one("#f-name", Input)
        matches = OptionList(id="known-people", classes="hidden")
        self.query_one("#form-fields").mount(matches, after=name.parent)
        super().on_mount()

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


def _party_data(values: dict) -> dict:
    data = dict(values)
    for key in ("birth_date", "age", "hamlet_id"):
        data.setdefault(key, None)
    for key, value in list(data.items()):
        if value is None and key not in ("birth_date", "age", "hamlet_id"):
            data[key] = ""
    return data
