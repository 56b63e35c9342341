"""case file and risk: 风险评估 and measures, 卷宗情况说明 on the case; 上报记录 (escalation)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 17:10:00

Reviewed by hand: three text columns added to dispute with a server default of '' so every
existing row keeps its values and reads as "nothing written yet"; one new table with named
constraints (naming convention). Existing severity values are kept as they are.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

_DISPUTE_COLUMNS = (
    ('risk_assessment', 500),
    ('risk_measures', 500),
    ('file_note', 2000),
)


def upgrade() -> None:
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        for name, length in _DISPUTE_COLUMNS:
            batch_op.add_column(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length),
                                          nullable=False, server_default=''))
    op.create_table('escalation',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('to_whom', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('reported_by', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('matter', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('replied_on', sa.Date(), nullable=True),
    sa.Column('reply', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.CheckConstraint("channel IN ('phone', 'written', 'in_person', 'platform', 'other')",
                       name=op.f('ck_escalation_channel')),
    sa.CheckConstraint('length(trim(to_whom)) > 0', name=op.f('ck_escalation_to_whom_required')),
    sa.CheckConstraint('replied_on IS NULL OR replied_on >= reported_on',
                       name=op.f('ck_escalation_reply_after_report')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_escalation_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation'))
    )
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalation_reported_on'), ['reported_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalation_reported_on'))
        batch_op.drop_index(batch_op.f('ix_escalation_dispute_id'))
    op.drop_table('escalation')
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+): a batch copy of dispute would lose its
    # CHECK constraints, which SQLite does not report back for reflection.
    for name, _length in reversed(_DISPUTE_COLUMNS):
        op.execute(f'ALTER TABLE dispute DROP COLUMN {name}')
