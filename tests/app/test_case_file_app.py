"""The case screen's 风险 and 上报 (u, y) by keys, and the print menu's masked copy (p, m)."""

from __future__ import annotations

from datetime import date

from db.register import write
from db.register.docs import get_case_info
from desk.app import make_app
from desk.screens.common.form import FormScreen
from desk.screens.common.print_menu import PrintMenu
from desk.screens.register.case import CaseScreen
from tests.app.helpers import TODAY, settle, type_text
from tests.forms.pdftools import pdf_text

ID_A = "450102198005061234"


async def test_report_up_reply_and_masked_print_by_keys(db_path, engine):
    d = write.create_dispute(engine, dict(accepted_on=date(2026, 11, 2), type_id=1, summary="争地", severity="较大",
                                          risk_assessment="有冲突风险"),
                             [dict(name="张三", id_number=ID_A, phone="13812345678")])
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(CaseScreen(d.id))
        await settle(pilot)
        facts = str(app.screen.query_one("#case-facts").render())
        assert "风险等级" in facts and "较大" in facts and "有冲突风险" in facts
        await pilot.press("u")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-to_whom").focus()
        await type_text(pilot, "镇司法所")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseScreen)
        case = get_case_info(engine, d.id)
        assert [(e.to_whom, e.reported_on, e.replied_on) for e in case.escalations] == [("镇司法所", TODAY, None)]
        assert "镇司法所" in str(app.screen.query_one("#case-escalations").render())
        await pilot.press("y")  # the reply of that report
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-replied_on").focus()
        await type_text(pilot, "今天")
        form.query_one("#f-reply").focus()
        await type_text(pilot, "请村里继续稳控")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert get_case_info(engine, d.id).escalations[0].reply == "请村里继续稳控"
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PrintMenu)
        menu = app.screen
        assert "escalation" in menu.available() and "rights_notice" in menu.available()
        await pilot.press("m")
        assert menu.masked
        options = menu.query_one("#print-menu")
        options.highlighted = menu.available().index("acceptance")
        await pilot.press("enter")
        await settle(pilot)
        out = sorted((db_path.parent / "输出文件").glob("*外送副本*.pdf"))
        assert len(out) == 1, list((db_path.parent / "输出文件").glob("*"))
        text = pdf_text(out[0])
        assert "4501**********1234" in text and ID_A not in text and "138****5678" in text
