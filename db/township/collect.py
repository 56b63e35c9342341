"""The township table of one month: every village file found in some folders, read, checked,
one row per village and a total; what was skipped and why; which villages are missing.

Files (looked for in the folders given and their sub-folders):
- backups `*.desk.sqlite3` / `*.desk.sqlite3.age` with their manifest: verified, read from a
  temporary copy (db.township.read);
- 上报 files `*.desk-report.json` (db.township.submit): figures only, checked by their checksum;
- anything else is named and skipped: a half-copied file (`.partial`, or shorter than its
  manifest), a manifest without its backup, a foreign file. Hidden files and the system
  folders of a stick are left alone.

A village with several usable files: the newest (made latest) is used, and that is said.
A backup made before the month's first day holds nothing of it (the village counts as missing);
one made within the month is used, and the village is listed as late (the month is not whole).
Villages expected: every village seen in any file (any month), plus the names in `expected`.
Missing: expected villages without a usable file.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from db.backup.io import (
    AGE_MAGIC,
    MANIFEST_SUFFIX,
    PARTIAL_SUFFIX,
    SQLITE_MAGIC,
    BackupError,
    parse_backup_name,
)
from db.backup.verify import read_manifest
from db.session import DataError
from db.stats.model import parse_month
from db.stats.table import StatRow, add_rows
from db.township.read import ReadRefused, VillageMonth, made_at, read_backup
from db.township.submit import SubmitError, is_submission, read_submission

WORKERS = 2
BASIS_WORDS = {"accepted": "按受理月份", "closed": "按结案"}
SYSTEM_DIRS = {"System Volume Information", "$RECYCLE.BIN", "RECYCLER", "__MACOSX"}
BACKUP_ENDS = (".desk.sqlite3", ".desk.sqlite3.age")

Progress = Callable[[int, int, str], None]  # (files done, files in all, the file now read)
Passphrases = Callable[[str], "str | None"]  # village label from the file name -> passphrase


@dataclass
class VillageRow:
    village: str
    committee: str
    township: str
    path: Path
    kind: str  # backup / submit
    made_at: datetime | None
    row: StatRow
    late: str = ""  # why the month is not whole in this file
    migrated_from: str | None = None


@dataclass
class Skipped:
    path: Path
    reason: str
    kind: str


@dataclass
class TownshipTable:
    month: str
    rows: list[VillageRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the same village twice, older files migrated
    missing: list[tuple[str, str]] = field(default_factory=list)  # (village, why)

    @property
    def total(self) -> StatRow:
        return add_rows([r.row for r in self.rows])

    @property
    def late(self) -> list[VillageRow]:
        return [r for r in self.rows if r.late]


def find_files(folders: Iterable[Path | str]) -> list[Path]:
    """Every file under the folders (a file given itself is taken as it is), sorted."""
    out: list[Path] = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_file():
            out.append(folder)
            continue
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SYSTEM_DIRS)
            for f in files:
                if f.startswith(".") and not f.endswith(PARTIAL_SUFFIX):
                    continue
                out.append(Path(root) / f)
    return sorted(dict.fromkeys(out))


def read_expected(path: Path | str) -> list[str]:
    """A list of villages: one name a line; blank lines and lines starting with # are ignored."""
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def _label(path: Path) -> str:
    """The village as the backup's name gives it (before decrypting)."""
    parsed = parse_backup_name(path.name)
    return parsed[0] if parsed else path.name.split(".")[0]


def _kind(path: Path) -> str:
    name = path.name
    if name.endswith(PARTIAL_SUFFIX):
        return "partial"
    if name.endswith(MANIFEST_SUFFIX):
        return "manifest"
    if is_submission(path):
        return "submit"
    if name.endswith(BACKUP_ENDS):
        return "backup"
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(AGE_MAGIC))
    except OSError:
        return "unreadable"
    return "backup" if head.startswith((SQLITE_MAGIC, AGE_MAGIC)) else "foreign"


class _Collector:
    def __init__(self, month: str, passphrases: Passphrases | None, today: date | None, work_dir,
                 basis: str = "accepted"):
        self.month = month
        self.basis = basis
        self.first, self.last = parse_month(month, today)
        self.passphrases = passphrases
        self.today = today
        self.work_dir = work_dir
        self.asked: dict[str, str | None] = {}
        self.table = TownshipTable(month)
        self.candidates: list[VillageRow] = []
        self.seen: dict[str, tuple[str, str]] = {}  # village -> (when, why it has no usable file)

    def saw(self, village: str, when: str, why: str) -> None:
        """A village seen only in files of no use for the month: the latest of them is said."""
        if village not in self.seen or when > self.seen[village][0]:
            self.seen[village] = (when, why)

    def skip(self, path: Path, reason: str, kind: str) -> None:
        self.table.skipped.append(Skipped(path, reason, kind))

    def skipped_sorted(self) -> None:
        self.table.skipped.sort(key=lambda s: str(s.path))

    def passphrase(self, path: Path) -> str | None:
        label = _label(path)
        if label not in self.asked:  # asked once per village, whatever it is
            self.asked[label] = self.passphrases(label) if self.passphrases else None
        return self.asked[label]

    def prepare(self, path: Path) -> tuple[bool, str | None]:
        """(read it?, passphrase) of a backup, in the calling thread: a backup made before the
        month holds nothing of it; an encrypted one's passphrase is asked here, once a village."""
        when = made_at(path)
        if when is not None and when.date() < self.first:
            village = _manifest_village(path) or _label(path)
            self.saw(village, when.isoformat(), f"最新的备份做于{when:%Y-%m-%d}，早于本月")
            return False, None
        with open(path, "rb") as fh:
            encrypted = fh.read(len(AGE_MAGIC)) == AGE_MAGIC
        return True, self.passphrase(path) if encrypted else None

    def read(self, path: Path, passphrase: str | None) -> VillageMonth | ReadRefused:
        """Read one backup (in a worker thread): the result or the refusal, nothing shared."""
        try:
            return read_backup(path, self.month, passphrase=passphrase, today=self.today, work_dir=self.work_dir,
                               basis=self.basis)
        except ReadRefused as exc:
            return exc
        except OSError as exc:
            return ReadRefused(f"文件 {path.name} 读不出来（{exc.strerror or exc}；U盘可能被拔出或已损坏），已跳过。",
                               str(exc), "io")
        except (sqlite3.Error, SQLAlchemyError, DataError) as exc:  # a forged file whose hash was remade
            return ReadRefused(f"备份 {path.name} 里的数据算不出本月数字（可能被改动过），已跳过；请让该村重新做一份备份。",
                               f"{type(exc).__name__}: {exc}"[:200], "damaged")

    def take(self, path: Path, vm: VillageMonth | ReadRefused) -> None:
        if isinstance(vm, ReadRefused):
            self.skip(path, vm.message, vm.kind)
            return
        late = ""
        if vm.made_at is not None and vm.made_at.date() <= self.last:
            late = f"备份做于{vm.made_at:%Y-%m-%d}，本月数据不全"
        self.candidates.append(VillageRow(vm.village, vm.committee, vm.township, path, "backup", vm.made_at,
                                          vm.row, late, vm.migrated_from))

    def submission(self, path: Path) -> None:
        try:
            sub = read_submission(path)
        except SubmitError as exc:
            self.skip(path, exc.message, exc.kind)
            return
        if sub.month != self.month:
            self.saw(sub.village, sub.made_at.isoformat(), f"最新的是{sub.month}的上报文件")
            return
        if sub.row.basis != self.basis:
            self.skip(path, f"上报文件 {path.name} 的统计口径（{BASIS_WORDS.get(sub.row.basis, sub.row.basis)}）"
                            f"与本次汇总（{BASIS_WORDS[self.basis]}）不同，已跳过；请带备份来，或按同一口径汇总。", "basis")
            return
        late = ""
        if sub.made_at.date() <= self.last:
            late = f"上报文件做于{sub.made_at:%Y-%m-%d}，本月数据不全"
        self.candidates.append(VillageRow(sub.village, sub.committee, sub.township, path, "submit",
                                          sub.made_at, sub.row, late))

    def choose(self, expected: list[str]) -> None:
        by_village: dict[str, list[VillageRow]] = {}
        for c in self.candidates:
            by_village.setdefault(c.village, []).append(c)
        for village, rows in by_village.items():
            rows.sort(key=lambda r: (r.made_at or datetime.min, str(r.path)), reverse=True)
            used = rows[0]
            self.table.rows.append(used)
            if len(rows) > 1:
                others = "、".join(f"{r.path.name}（{_when(r.made_at)}）" for r in rows[1:])
                self.table.notes.append(f"{village}有{len(rows)}个本月可用的文件，用了最新的 {used.path.name}"
                                        f"（{_when(used.made_at)}），未用：{others}。")
            if used.migrated_from:
                self.table.notes.append(f"{village}的备份由旧版本制作，已在临时副本中升级后统计。")
        self.table.rows.sort(key=lambda r: r.village)
        skipped_labels = {_label(s.path) for s in self.table.skipped}
        for village in sorted(set(self.seen) | set(expected)):
            if village in by_village:
                continue
            why = self.seen.get(village, ("", ""))[1] or (
                "该村的文件未能读取（见跳过的文件）" if village in skipped_labels else "没有找到该村本月的文件")
            self.table.missing.append((village, why))


def _when(t: datetime | None) -> str:
    return f"{t:%Y-%m-%d %H:%M}" if t else "时间不明"


def _manifest_village(path: Path) -> str:
    try:
        manifest = read_manifest(path)
    except BackupError:
        return ""
    return str((manifest or {}).get("village") or "")


def township_table(folders: Iterable[Path | str], month: str, *, passphrases: Passphrases | None = None,
                   expected: Iterable[str] = (), progress: Progress | None = None,
                   today: date | None = None, work_dir: Path | str | None = None,
                   workers: int = WORKERS, basis: str = "accepted") -> TownshipTable:
    """Read every village file under `folders` for `month` ('YYYY-MM'); nothing is written
    beside them (copies go to `work_dir`, default the system's temp folder, and are removed).
    Backups are read by `workers` threads (SQLite, hashing and copying run outside the GIL:
    1.4x faster with two on a 2-core PC); passphrases are asked first, in this thread, and
    `progress` is called from this thread. `basis` 'accepted' (by acceptance month) or 'closed'
    (by closing in the month; 上报 files made on the other basis are skipped). Raises DataError for a malformed or future month."""
    c = _Collector(month, passphrases, today, work_dir, basis)
    files = find_files(folders)
    kinds = {p: _kind(p) for p in files}
    backups = {p for p, k in kinds.items() if k == "backup"}
    done = 0

    def step(path: Path) -> None:
        nonlocal done
        if progress:
            progress(done, len(files), path.name)
        done += 1

    for path in files:
        kind = kinds[path]
        if kind == "backup":
            continue
        step(path)
        try:
            if kind == "submit":
                c.submission(path)
        except OSError as exc:
            c.skip(path, f"文件 {path.name} 读不出来（{exc.strerror or exc}；U盘可能被拔出或已损坏），已跳过。", "io")
        if kind == "submit":
            continue
        if kind == "manifest":
            if path.with_name(path.name[: -len(MANIFEST_SUFFIX)]) not in backups:
                c.skip(path, f"说明文件 {path.name} 旁边没有它的备份文件（可能没复制全），已跳过；"
                             "请把备份文件一起复制过来。", "orphan_manifest")
        elif kind == "partial":
            c.skip(path, f"文件 {path.name} 是没有写完的临时文件（复制或备份被中断），已跳过；"
                         "请在村里重新备份或重新复制。", "partial")
        elif kind == "unreadable":
            c.skip(path, f"文件 {path.name} 读不出来（U盘可能已损坏），已跳过。", "io")
        else:
            c.skip(path, f"文件 {path.name} 不是村委工作台的备份或上报文件，已跳过。", "foreign")
    jobs: list[tuple[Path, str | None]] = []
    for path in sorted(backups):
        try:
            wanted, passphrase = c.prepare(path)
        except OSError as exc:
            c.take(path, ReadRefused(f"文件 {path.name} 读不出来（{exc.strerror or exc}），已跳过。", str(exc), "io"))
            continue
        if wanted:
            jobs.append((path, passphrase))
        else:
            step(path)
    with ThreadPoolExecutor(max(1, workers)) as pool:
        futures = {pool.submit(c.read, path, pw): path for path, pw in jobs}
        for future in as_completed(futures):
            path = futures[future]
            step(path)
            c.take(path, future.result())
    if progress:
        progress(len(files), len(files), "")
    c.skipped_sorted()
    c.choose(list(expected))
    return c.table
