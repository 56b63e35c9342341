"""The 上报 file (figures without people): one village's statistics row for one month.

`desk report YYYY-MM --submit DIR` writes `<村名>-<YYYY-MM>.desk-report.json`: the village's
name and its committee / township / county, the month, when it was made, and the numbers of
the statistics table (db/stats/table.py) with the WORK columns. Nothing else: no names, ID
numbers, phones or case texts. A SHA-256 over the rest (canonical JSON) is stored in the file:
it shows damage and edits made by hand; it is no signature (anyone with the program can make a
new file), which is all a USB stick handed over in person needs.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.backup.io import (
    fsync_dir,
    partial_path,
    remove_quietly,
    rename_no_clobber,
    safe_stem,
    write_new_file,
)
from db.probe import known_revisions
from db.stats.figures import monthly_figures
from db.stats.table import BASES, WORK, StatRow, columns, statistics_row

FORMAT = "desk-report/1"
SUFFIX = ".desk-report.json"
FIELDS = ("format", "village", "committee", "township", "county", "month", "made_at", "basis",
          "schema_revision", "values", "folded")


class SubmitError(Exception):
    """A 上报 file that cannot be read or written: `.message` Chinese, `.kind` a code
    (damaged, tampered, foreign, newer, partial, io)."""

    def __init__(self, message: str, english: str = "", kind: str = "damaged"):
        super().__init__(message)
        self.message, self.english, self.kind = message, english, kind


@dataclass(frozen=True)
class Submission:
    path: Path
    village: str
    committee: str
    township: str
    month: str
    made_at: datetime
    row: StatRow


def checksum(payload: dict) -> str:
    body = {k: payload[k] for k in FIELDS}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()


def build_payload(engine: Engine, month: str, *, today: date | None = None,
                  now: datetime | None = None) -> dict:
    """The file's content for `month`, computed by the same code as the monthly report."""
    fig = monthly_figures(engine, month, today=today)
    with engine.connect() as conn:
        row = statistics_row(fig, conn)
        v = conn.execute(text("SELECT county FROM village WHERE id = 1")).first()
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    payload = {
        "format": FORMAT, "village": fig.village, "committee": fig.committee,
        "township": fig.township, "county": (v[0] if v else "") or "", "month": fig.month,
        "made_at": (now or datetime.now()).replace(microsecond=0).isoformat(),
        "basis": row.basis, "schema_revision": revision or "",
        "values": {k: row.values[k] for k in [c.key for c in columns() + WORK]},
        "folded": list(row.folded),
    }
    payload["sha256"] = checksum(payload)
    return payload


def write_submission(engine: Engine, month: str, folder: Path | str, *, today: date | None = None,
                     now: datetime | None = None) -> Path:
    """Write the month's 上报 file into `folder` (never over an existing file: -2, -3 ...)."""
    folder = Path(folder)
    payload = build_payload(engine, month, today=today, now=now)
    data = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
    stem = f"{safe_stem(payload['village'])}-{payload['month']}"
    part = partial_path(folder, stem + SUFFIX)
    try:
        write_new_file(part, [data])
        n = 1
        while True:
            target = folder / f"{stem}{'' if n == 1 else f'-{n}'}{SUFFIX}"
            if rename_no_clobber(part, target):
                break
            n += 1
        fsync_dir(folder)
    except BaseException:
        remove_quietly(part)
        raise
    return target


def is_submission(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def read_submission(path: Path | str) -> Submission:
    """Read and check a 上报 file; SubmitError names what is wrong with it."""
    path = Path(path)
    name = path.name
    raw = path.read_bytes()
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        kind = "partial" if raw.lstrip().startswith(b"{") else "foreign"
        raise SubmitError(
            f"上报文件 {name} 不完整（可能没有复制完），已跳过；请从村里的U盘重新复制。" if kind == "partial"
            else f"文件 {name} 不是村委工作台的上报文件，已跳过。", f"{name}: not JSON", kind) from None
    fmt = payload.get("format") if isinstance(payload, dict) else None
    if not isinstance(fmt, str) or not fmt.startswith("desk-report/"):
        raise SubmitError(f"文件 {name} 不是村委工作台的上报文件，已跳过。", f"{name}: no format", "foreign")
    if fmt != FORMAT:
        raise SubmitError(f"上报文件 {name} 由更新版本的村委工作台制作（{fmt}），请先升级本程序再汇总。",
                          f"{name}: format {fmt}", "newer")
    try:
        ok = payload["sha256"] == checksum(payload)
    except (KeyError, TypeError):
        ok = False
    if not ok:
        raise SubmitError(f"上报文件 {name} 的校验值不符，内容被改动过或已损坏，已跳过；"
                          "请让该村重新生成上报文件（desk report 月份 --submit U盘）。", f"{name}: checksum", "tampered")
    if payload["schema_revision"] and payload["schema_revision"] not in known_revisions():
        raise SubmitError(f"上报文件 {name} 由更新版本的村委工作台制作，请先升级本程序再汇总。",
                          f"{name}: revision {payload['schema_revision']}", "newer")
    try:
        keys = [c.key for c in columns() + WORK]
        values = {k: payload["values"].get(k, 0) for k in keys}
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x >= 0
                   for x in values.values()):
            raise ValueError("a figure is not a number")
        texts = [payload[k] for k in ("village", "committee", "township", "month", "basis")]
        if not all(isinstance(t, str) for t in texts) or not payload["village"].strip():
            raise ValueError("a name is not text")
        if not re.fullmatch(r"\d{4}-\d{2}", payload["month"]) or payload["basis"] not in BASES:
            raise ValueError("bad month or basis")
        if not isinstance(payload["folded"], list):
            raise ValueError("folded is not a list")
        made = datetime.fromisoformat(payload["made_at"])
        row = StatRow(values, [str(f) for f in payload["folded"]], str(payload["basis"]))
        return Submission(path, str(payload["village"]), str(payload["committee"]),
                          str(payload["township"]), str(payload["month"]), made, row)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SubmitError(f"上报文件 {name} 内容不全或有错，已跳过；请让该村重新生成上报文件。",
                          f"{name}: bad content", "damaged") from None
