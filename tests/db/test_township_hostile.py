"""Hostile 上报 files and village names: a file is read or refused with a Chinese reason, never
anything else; a village's name, whatever it holds, reaches the township text as it is."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from db.stats.table import WORK, StatRow, columns
from db.township.collect import TownshipTable, VillageRow
from db.township.submit import FORMAT, SubmitError, checksum, read_submission
from forms.township import render_township
from tests.hostile import hostile_text, storable_text

KEYS = [c.key for c in columns() + WORK]


def payload(village="青石村", **values) -> dict:
    p = {"format": FORMAT, "village": village, "committee": f"{village}民委员会", "township": "云岭镇",
         "county": "安平县", "month": "2026-10", "made_at": "2026-11-03T08:00:00", "basis": "accepted",
         "schema_revision": "0003", "values": {k: values.get(k, 1) for k in KEYS}, "folded": []}
    p["sha256"] = checksum(p)
    return p


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | hostile_text(),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text(), inner, max_size=3),
                       max_leaves=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["village", "month", "made_at", "values", "folded", "basis", "format", "sha256"]),
       value=JSONISH, reseal=st.booleans())
def test_any_changed_field_is_read_or_refused_in_chinese(tmp_path, field, value, reseal):
    p = payload()
    assume(value != p[field])  # the same value again (folded [] is []) is no change at all
    p[field] = value
    if reseal and field != "sha256":
        p["sha256"] = checksum(p)
    path = tmp_path / "x.desk-report.json"
    path.write_text(json.dumps(p, ensure_ascii=False), encoding="utf-8")
    try:
        sub = read_submission(path)
    except SubmitError as exc:
        assert path.name in exc.message and "，" in exc.message
        return
    assert reseal  # an unsealed change is always caught by the checksum
    assert all(isinstance(v, (int, float)) and v >= 0 for v in sub.row.values.values())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200) | hostile_text(control=True).map(lambda s: s.encode("utf-8")))
def test_random_bytes_are_refused(tmp_path, raw):
    path = tmp_path / "y.desk-report.json"
    path.write_bytes(raw)
    try:
        read_submission(path)
    except SubmitError as exc:
        assert exc.kind in {"foreign", "partial", "newer", "tampered", "damaged"}
    else:  # only a whole, sealed payload is read
        raise AssertionError("random bytes were read as a 上报 file")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(storable_text(max_size=6).map(str.strip), min_size=1, max_size=3, unique=True))  # names are stored stripped
def test_village_names_reach_the_text_as_they_are(names):
    rows = [VillageRow(n, "", "云岭镇", Path(f"/x/{i}.desk-report.json"), "submit", datetime(2026, 11, 3),
                       StatRow({k: i for k in KEYS}, [])) for i, n in enumerate(names)]
    table = TownshipTable("2026-10", rows=rows, missing=[("绿水[b]村", "没有找到该村本月的文件")])
    text = render_township(table, "text")
    for n in names:
        assert n in text
    assert "绿水[b]村" in text
