"""the mediation network (三级调解网络) and emergency plans (应急预案)

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-01 16:57:37

Reviewed by hand: six new tables only, named constraints (naming convention); no existing
table or row is touched. network_member is created before plan_member, which refers to it.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('emergency_plan',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('leader', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('leader_phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('deputy', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('deputy_phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('materials', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('drill_before', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.CheckConstraint("drill_before = '' OR drill_before GLOB '[01][0-9]-[0-3][0-9]'", name=op.f('ck_emergency_plan_drill_before')),
    sa.CheckConstraint("kind IN ('flood', 'geohazard', 'forest_fire', 'fire', 'mass_dispute')", name=op.f('ck_emergency_plan_kind')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_emergency_plan_name_given')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emergency_plan'))
    )
    with op.batch_alter_table('emergency_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emergency_plan_kind'), ['kind'], unique=False)

    op.create_table('evacuation_site',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('hamlet_id', sa.Integer(), nullable=True),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_evacuation_site_capacity')),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], name=op.f('fk_evacuation_site_hamlet_id_hamlet')),
    sa.ForeignKeyConstraint(['plan_id'], ['emergency_plan.id'], name=op.f('fk_evacuation_site_plan_id_emergency_plan')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_evacuation_site_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evacuation_site'))
    )
    with op.batch_alter_table('evacuation_site', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evacuation_site_plan_id'), ['plan_id'], unique=False)

    op.create_table('network_member',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('hamlet_id', sa.Integer(), nullable=True),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('background', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('appointed_on', sa.Date(), nullable=True),
    sa.Column('term_ends_on', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("(kind = 'committee' AND role IN ('主任', '副主任', '委员')) OR (kind = 'group' AND role IN ('组长', '成员')) OR (kind = 'contact' AND role IN ('信息员', '十户长', '义务调解员'))", name=op.f('ck_network_member_role_fits_kind')),
    sa.CheckConstraint("kind = 'committee' OR hamlet_id IS NOT NULL", name=op.f('ck_network_member_hamlet_needed')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_network_member_name_given')),
    sa.CheckConstraint('term_ends_on IS NULL OR appointed_on IS NULL OR term_ends_on >= appointed_on', name=op.f('ck_network_member_term_after_appointment')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_network_member_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], name=op.f('fk_network_member_hamlet_id_hamlet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_member'))
    )
    with op.batch_alter_table('network_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_member_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_member_hamlet_id'), ['hamlet_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_member_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_member_name'), ['name'], unique=False)

    op.create_table('plan_drill',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('what', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('participants', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('found', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('changed', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.CheckConstraint("kind IN ('drill', 'event')", name=op.f('ck_plan_drill_kind')),
    sa.ForeignKeyConstraint(['plan_id'], ['emergency_plan.id'], name=op.f('fk_plan_drill_plan_id_emergency_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_drill'))
    )
    with op.batch_alter_table('plan_drill', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_drill_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_drill_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_team',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('duty', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['emergency_plan.id'], name=op.f('fk_plan_team_plan_id_emergency_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_team'))
    )
    with op.batch_alter_table('plan_team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_team_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_member',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('duty', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('caller_id', sa.Integer(), nullable=True),
    sa.Column('network_member_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('caller_id IS NULL OR caller_id <> id', name=op.f('ck_plan_member_not_own_caller')),
    sa.ForeignKeyConstraint(['caller_id'], ['plan_member.id'], name=op.f('fk_plan_member_caller_id_plan_member')),
    sa.ForeignKeyConstraint(['network_member_id'], ['network_member.id'], name=op.f('fk_plan_member_network_member_id_network_member')),
    sa.ForeignKeyConstraint(['team_id'], ['plan_team.id'], name=op.f('fk_plan_member_team_id_plan_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_member'))
    )
    with op.batch_alter_table('plan_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_member_team_id'), ['team_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('plan_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_member_team_id'))

    op.drop_table('plan_member')
    with op.batch_alter_table('plan_team', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_team_plan_id'))

    op.drop_table('plan_team')
    with op.batch_alter_table('plan_drill', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_drill_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_drill_held_on'))

    op.drop_table('plan_drill')
    with op.batch_alter_table('network_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_member_name'))
        batch_op.drop_index(batch_op.f('ix_network_member_kind'))
        batch_op.drop_index(batch_op.f('ix_network_member_hamlet_id'))
        batch_op.drop_index(batch_op.f('ix_network_member_cadre_id'))

    op.drop_table('network_member')
    with op.batch_alter_table('evacuation_site', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evacuation_site_plan_id'))

    op.drop_table('evacuation_site')
    with op.batch_alter_table('emergency_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_emergency_plan_kind'))

    op.drop_table('emergency_plan')
