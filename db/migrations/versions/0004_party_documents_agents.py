"""parties: document type (证件类型) and an agent (法定代理人 / 委托代理人)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 17:10:00

Reviewed by hand: six new columns on party, every existing row keeps its values and gets
id_type 'resident' (居民身份证) and no agent; three CHECK constraints named by the naming
convention. Plain ALTER TABLE ADD COLUMN (not batch mode): a batch copy writes the table's
constraints in no fixed order, and `desk check` compares the CREATE text with a fresh file.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

ID_TYPES = ("resident", "residence_permit", "hk_macao_permit", "taiwan_permit",
            "foreign_permanent", "passport", "other")
AGENT_KINDS = ("法定代理人", "委托代理人")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    # ALTER TABLE ... ADD COLUMN, not a batch copy: the table keeps its CREATE text, its
    # constraints in their order and every row; SQLite checks the new CHECKs on every row.
    for column in (
        "id_type VARCHAR(20) DEFAULT 'resident' NOT NULL "
        f"CONSTRAINT ck_party_id_type CHECK ({_in('id_type', ID_TYPES)})",
        "agent_kind VARCHAR(8) "
        f"CONSTRAINT ck_party_agent_kind CHECK (agent_kind IS NULL OR {_in('agent_kind', AGENT_KINDS)})",
        "agent_name VARCHAR(50) DEFAULT '' NOT NULL "
        "CONSTRAINT ck_party_agent_needs_kind CHECK (agent_kind IS NOT NULL OR agent_name = '')",
        "agent_relation VARCHAR(20) DEFAULT '' NOT NULL",
        "agent_id_number VARCHAR(18) DEFAULT '' NOT NULL",
        "agent_phone VARCHAR(20) DEFAULT '' NOT NULL",
    ):
        op.execute(f"ALTER TABLE party ADD COLUMN {column}")


def downgrade() -> None:
    # agent_name first: its CHECK names agent_kind (SQLite 3.35+ drops a column in place).
    for name in ('agent_phone', 'agent_id_number', 'agent_relation', 'agent_name', 'agent_kind', 'id_type'):
        op.execute(f"ALTER TABLE party DROP COLUMN {name}")
