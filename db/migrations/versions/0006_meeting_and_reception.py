"""the monthly meeting (形势分析会) and the reception log (来访来电登记)

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-01 16:57:29

Reviewed by hand: four new tables only, named constraints (naming convention), no existing
table touched, so every row of an older file stays as it was. The partial unique index keeps
one live meeting per month (a voided record keeps its month).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meeting',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('chair', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('recorder', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('agenda', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.CheckConstraint("length(month) = 7 AND substr(month, 5, 1) = '-'", name=op.f('ck_meeting_month_shape')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index('uq_meeting_month_live', ['month'], unique=True, sqlite_where=sa.text('voided = 0'))

    op.create_table('meeting_attendee',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('duty', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('absence_reason', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_meeting_attendee_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attendee_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendee'))
    )
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendee_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_decision',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('progress', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.CheckConstraint('deadline >= decided_on', name=op.f('ck_meeting_decision_deadline_after_decided')),
    sa.CheckConstraint('done_on IS NULL OR done_on >= decided_on', name=op.f('ck_meeting_decision_done_after_decided')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_meeting_decision_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['item_id'], ['followup_item.id'], name=op.f('fk_meeting_decision_item_id_followup_item')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_decision_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_decision'))
    )
    with op.batch_alter_table('meeting_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_decision_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_decision_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_decision_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_decision_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('reception',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('matter', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('handling', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('reply', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('reply_due', sa.Date(), nullable=False),
    sa.Column('replied_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('satisfied', sa.Boolean(), nullable=True),
    sa.Column('dispute_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("channel IN ('visit', 'phone', 'online', 'referred')", name=op.f('ck_reception_channel')),
    sa.CheckConstraint("handling IN ('answered', 'case', 'item', 'township', '')", name=op.f('ck_reception_handling')),
    sa.CheckConstraint('closed_on IS NULL OR closed_on >= received_on', name=op.f('ck_reception_closed_after_received')),
    sa.CheckConstraint('replied_on IS NULL OR replied_on >= received_on', name=op.f('ck_reception_replied_after_received')),
    sa.CheckConstraint('reply_due >= received_on', name=op.f('ck_reception_reply_due_after_received')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_reception_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['item_id'], ['followup_item.id'], name=op.f('fk_reception_item_id_followup_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception'))
    )
    with op.batch_alter_table('reception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reception_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reception_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_reception_received_on'), ['received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_reception_reply_due'), ['reply_due'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reception', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_reply_due'))
        batch_op.drop_index(batch_op.f('ix_reception_received_on'))
        batch_op.drop_index(batch_op.f('ix_reception_name'))
        batch_op.drop_index(batch_op.f('ix_reception_item_id'))
        batch_op.drop_index(batch_op.f('ix_reception_dispute_id'))

    op.drop_table('reception')
    with op.batch_alter_table('meeting_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_decision_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_decision_item_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_decision_dispute_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_decision_deadline'))

    op.drop_table('meeting_decision')
    with op.batch_alter_table('meeting_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendee_meeting_id'))

    op.drop_table('meeting_attendee')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('uq_meeting_month_live', sqlite_where=sa.text('voided = 0'))

    op.drop_table('meeting')
