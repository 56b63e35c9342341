"""issued case numbers: a number once issued is never issued again

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 14:00:00

Reviewed by hand: one new table, named constraints (naming convention), filled from the cases
already in the file so an upgraded file continues above its own numbers.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('issued_number',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.CheckConstraint('last_seq >= 0', name=op.f('ck_issued_number_last_seq_nonnegative')),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_issued_number'))
    )
    # Every number the file has issued so far (voided cases keep theirs).
    op.execute(
        "INSERT INTO issued_number (year, last_seq) "
        "SELECT year, max(seq) FROM dispute GROUP BY year"
    )


def downgrade() -> None:
    op.drop_table('issued_number')
