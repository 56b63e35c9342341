"""settings and audit: village, hamlets, cadres, audit log, drafts

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-28 12:50:27.563044
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('who', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('table_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('changes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_row_id'), ['row_id'], unique=False)

    op.create_table('cadre',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('roles', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cadre'))
    )
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cadre_name'), ['name'], unique=False)

    op.create_table('draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('data', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft'))
    )
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_form'), ['form'], unique=False)

    op.create_table('hamlet',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hamlet'))
    )
    with op.batch_alter_table('hamlet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hamlet_name'), ['name'], unique=False)

    op.create_table('village',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('committee', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('township', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('county', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('case_prefix', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('clerk', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('backup_encrypt', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_village'))
    )

    op.create_table('cadre_hamlet',
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('hamlet_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_cadre_hamlet_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], name=op.f('fk_cadre_hamlet_hamlet_id_hamlet')),
    sa.PrimaryKeyConstraint('cadre_id', 'hamlet_id', name=op.f('pk_cadre_hamlet'))
    )


def downgrade() -> None:
    op.drop_table('cadre_hamlet')

    op.drop_table('village')

    with op.batch_alter_table('hamlet', schema=None) as batch_op:
        batch_op.drop_index('ix_hamlet_name')
    op.drop_table('hamlet')

    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_index('ix_draft_form')
    op.drop_table('draft')

    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.drop_index('ix_cadre_name')
    op.drop_table('cadre')

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_at')
        batch_op.drop_index('ix_audit_entry_row_id')
    op.drop_table('audit_entry')
