"""p on F3: the export holds what the list shows (one filter type for both, db.register.query's
DisputeFilter), a search with markup included."""

from __future__ import annotations

from datetime import timedelta

from openpyxl import load_workbook

from db.register.write import create_dispute
from desk.app import make_app
from desk.output import output_dir
from tests.app.helpers import TODAY, settle, type_text


async def test_export_follows_the_search_and_filters_of_the_list(db_path, engine):
    for i, name in enumerate(["张三", "李四", "[/x]王五", "张三丰"]):
        create_dispute(engine, dict(accepted_on=TODAY - timedelta(days=i), type_id=1, hamlet_id=1 + i % 2,
                                    summary=f"第{i}件"), [dict(name=name)])
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        for search in ("张三", "[/x]"):
            await pilot.press("slash")
            await pilot.press(*["backspace"] * 6)
            await type_text(pilot, search)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
        listed = [r.applicant for r in app.screen.rows]
    files = sorted(output_dir(db_path).glob("调解台账-*.xlsx"), key=lambda p: p.stat().st_mtime_ns)
    assert len(files) == 2

    def applicants(path):
        ws = load_workbook(path, read_only=True).active
        rows = list(ws.iter_rows(values_only=True))
        head = next(i for i, r in enumerate(rows) if r and r[0] == "编号")
        col = rows[head].index("申请人")
        return sorted(r[col] for r in rows[head + 1:] if r and r[0])

    assert applicants(files[0]) == ["张三", "张三丰"]
    assert applicants(files[1]) == ["[/x]王五"] == listed
