"""The house rules: db below forms below desk, only desk uses Textual, start-up stays light."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def test_import_linter_contracts_are_kept():
    result = subprocess.run(
        [str(LINT), "--no-cache"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    assert f"{len(contracts)} kept, 0 broken" in result.stdout
    out = " ".join(result.stdout.split())  # long contract names wrap
    for name in ("db imports nothing of ours", "forms imports db only", "layers: desk above forms above db",
                 "db rooms: register and checklist apart", "db rooms: backup uses neither register nor checklist",
                 "db rooms: settings uses no other room", "db engine modules import no room",
                 "db rooms: meeting and reception use no room", "db rooms: meeting and reception apart",
                 "db rooms: network and plans use settings only",
                 "db rooms: township reads stats and backup", "db rooms: no room uses township"):
        assert name in out


def loaded_after(code: str) -> set[str]:
    """Top-level package names in sys.modules after running `code` in a fresh interpreter."""
    script = textwrap.dedent(code) + textwrap.dedent("""
        import json, sys
        print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
    """)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_data_and_forms_layers_never_load_textual():
    loaded = loaded_after("import db.schema, db.settings.village, db.session, db.audit, forms.fields")
    assert {"db", "forms", "sqlmodel"} <= loaded  # the imports really happened
    assert "textual" not in loaded and "desk" not in loaded


def test_the_command_line_module_starts_light():
    loaded = loaded_after("import desk.cli")
    assert "desk" in loaded
    assert not loaded & {"sqlmodel", "sqlalchemy", "alembic", "textual"}


def test_the_probe_and_lock_are_stdlib_only():
    """The command line refuses a bad or busy file using only these: keep them light."""
    loaded = loaded_after("import db.probe, db.lock, db.engine; db.engine.default_db_path()")
    assert not loaded & {"sqlmodel", "sqlalchemy", "alembic", "textual"}
