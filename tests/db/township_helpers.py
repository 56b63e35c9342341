"""Village files for the township tests: real SQLite villages, real backups and 上报 files."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from db.backup import io as backup_io
from db.backup import make_backup
from db.engine import dispose_engine
from db.schema import open_database
from db.settings.village import save_cadre, setup_village
from tests.db.stats_dataset import build

MONTH = "2026-10"
AFTER = datetime(2026, 11, 5, 9, 30)  # a backup made after October's end


def make_village(folder: Path, name: str, *, n_cases: int = 260, seed: int = 7) -> Path:
    """A village file with cases over 15 months (tests/db/stats_dataset.py)."""
    path = folder / f"{name}.db"
    engine = open_database(path)
    setup_village(engine, dict(name=name, committee=f"{name}民委员会", township="云岭镇", county="安平县",
                               case_prefix=f"{name[0]}调", clerk="李文书"), ["一组", "二组", "三组", "四组"])
    save_cadre(engine, None, name="赵书记", roles=["书记"], phone="13907710001")
    save_cadre(engine, None, name="钱调解", roles=["调解员", "片长"], phone="13907710002", hamlet_ids=[1, 2])
    save_cadre(engine, None, name="孙主任", roles=["主任", "调解员"], phone="13907710003", hamlet_ids=[3])
    save_cadre(engine, None, name="李信息", roles=["信息员", "片长"], phone="13907710004", hamlet_ids=[4])
    build(engine, n_cases=n_cases, seed=seed)
    dispose_engine(path)
    return path


SEEDS = {"青石村": 7, "白沙村": 8, "红岩村": 9}
_built: dict[str, Path] = {}


def village_copies(tmp_path_factory, folder_name: str = "villages") -> dict[str, Path]:
    """The three villages of SEEDS, each built once per test process (make_village) and copied
    into a new folder for the caller: a module may change its copies, never another's."""
    if not _built:
        home = tmp_path_factory.mktemp("village-templates")
        _built.update({name: make_village(home, name, seed=seed) for name, seed in SEEDS.items()})
    folder = tmp_path_factory.mktemp(folder_name)
    copies = {}
    for name, template in _built.items():
        copies[name] = folder / template.name
        shutil.copyfile(template, copies[name])
    return copies


def copy_backup(path: Path, folder: Path) -> Path:
    """A backup file and its manifest copied into `folder` under the same name."""
    target = folder / path.name
    shutil.copyfile(path, target)
    manifest = path.with_name(path.name + ".manifest.json")
    shutil.copyfile(manifest, target.with_name(manifest.name))
    return target


def backup(db: Path, stick: Path, when: datetime = AFTER, passphrase: str | None = None) -> Path:
    """A real backup. On a busy test machine age picks a smaller scrypt factor than make_backup
    accepts (it times the machine); the KDF's strength is tested with the backup, these tests
    are about reading the file, so the floor is lowered while they make theirs."""
    floor = backup_io.MIN_LOG_N
    backup_io.MIN_LOG_N = 10
    try:
        return make_backup(db, stick, clock=lambda: when, passphrase=passphrase).path
    finally:
        backup_io.MIN_LOG_N = floor


def rewrite_manifest(path: Path, **changes) -> None:
    """After changing a plain backup on purpose: a manifest that matches it again."""
    mpath = path.with_name(path.name + ".manifest.json")
    manifest = json.loads(mpath.read_text(encoding="utf-8"))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    manifest.update(sha256=digest, file_sha256=digest, size=len(data), file_size=len(data), **changes)
    mpath.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def newer_version_backup(source: Path, stick: Path, name: str) -> Path:
    """A whole backup of a village as a newer program would write it (revision 9999)."""
    target = stick / name
    shutil.copy(source, target)
    shutil.copy(source.with_name(source.name + ".manifest.json"), target.with_name(target.name + ".manifest.json"))
    con = sqlite3.connect(target)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    rewrite_manifest(target, schema_revision="9999")
    return target
