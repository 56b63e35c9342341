"""register, checklist and monthly snapshots

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 12:50:27.563044
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel types)
from datetime import datetime

# A copy, not an import: a migration must not change when the models do.
DEFAULT_TYPES = (
    "婚姻家庭", "邻里", "房屋宅基地", "合同", "生产经营", "损害赔偿", "山林土地", "征地拆迁",
    "环境污染", "劳动争议", "消费", "医疗", "道路交通事故", "物业", "村务管理", "其他",
)


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('check_round',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_check_round_ends_after_starts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_round')),
    sa.UniqueConstraint('name', name=op.f('uq_check_round_name'))
    )

    op.create_table('dispute_type',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute_type')),
    sa.UniqueConstraint('name', name=op.f('uq_dispute_type_name'))
    )

    op.create_table('monthly_snapshot',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('figures', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('finalised_at', sa.DateTime(), nullable=False),
    sa.Column('finalised_by', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_snapshot')),
    sa.UniqueConstraint('month', name=op.f('uq_monthly_snapshot_month'))
    )

    op.create_table('question',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('hint', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('initials', sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
    sa.CheckConstraint("scope IN ('hamlet', 'village')", name=op.f('ck_question_scope')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question')),
    sa.UniqueConstraint('code', name=op.f('uq_question_code'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_category'), ['category'], unique=False)

    op.create_table('assignment',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('hamlet_id', sa.Integer(), nullable=True),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_assignment_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], name=op.f('fk_assignment_hamlet_id_hamlet')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_assignment_question_id_question')),
    sa.ForeignKeyConstraint(['round_id'], ['check_round.id'], name=op.f('fk_assignment_round_id_check_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('round_id', 'question_id', 'hamlet_id', name='uq_assignment_cell')
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_hamlet_id'), ['hamlet_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_round_id'), ['round_id'], unique=False)

    op.create_table('dispute',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=False),
    sa.Column('registered_by', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('source_detail', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('hamlet_id', sa.Integer(), nullable=True),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('request', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('arose_on', sa.Date(), nullable=True),
    sa.Column('arose_at', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('people_involved', sa.Integer(), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=True),
    sa.Column('is_mass', sa.Boolean(), nullable=False),
    sa.Column('severity', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('presiding_id', sa.Integer(), nullable=True),
    sa.Column('other_mediators', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('result_note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_by', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('prevent_suicide', sa.Integer(), nullable=False),
    sa.Column('prevent_crime', sa.Integer(), nullable=False),
    sa.Column('prevent_petition', sa.Integer(), nullable=False),
    sa.Column('prevent_fight', sa.Integer(), nullable=False),
    sa.Column('search_text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('search_initials', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.CheckConstraint("source IN ('applied', 'initiative', 'checklist', 'reported', 'referred')", name=op.f('ck_dispute_source')),
    sa.CheckConstraint("status IN ('accepted', 'mediating', 'succeeded', 'failed', 'referred', 'withdrawn')", name=op.f('ck_dispute_status')),
    sa.CheckConstraint('amount_fen IS NULL OR amount_fen >= 0', name=op.f('ck_dispute_amount_nonnegative')),
    sa.CheckConstraint('closed_on IS NULL OR closed_on >= accepted_on', name=op.f('ck_dispute_closed_after_accepted')),
    sa.CheckConstraint('deadline >= accepted_on', name=op.f('ck_dispute_deadline_after_accepted')),
    sa.CheckConstraint('people_involved >= 0', name=op.f('ck_dispute_people_nonnegative')),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], name=op.f('fk_dispute_hamlet_id_hamlet')),
    sa.ForeignKeyConstraint(['leader_id'], ['cadre.id'], name=op.f('fk_dispute_leader_id_cadre')),
    sa.ForeignKeyConstraint(['presiding_id'], ['cadre.id'], name=op.f('fk_dispute_presiding_id_cadre')),
    sa.ForeignKeyConstraint(['type_id'], ['dispute_type.id'], name=op.f('fk_dispute_type_id_dispute_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute')),
    sa.UniqueConstraint('number', name=op.f('uq_dispute_number')),
    sa.UniqueConstraint('year', 'seq', name='uq_dispute_year_seq')
    )
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_accepted_on'), ['accepted_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_closed_on'), ['closed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_hamlet_id'), ['hamlet_id'], unique=False)
        batch_op.create_index('ix_dispute_list', ['voided', 'accepted_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_presiding_id'), ['presiding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_dispute_type_id'), ['type_id'], unique=False)

    op.create_table('agreement',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('form', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('facts', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('responsibilities', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('terms', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('perform_how', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('perform_where', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('perform_by', sa.Date(), nullable=True),
    sa.Column('performance', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('performed_on', sa.Date(), nullable=True),
    sa.Column('jc_applied_on', sa.Date(), nullable=True),
    sa.Column('jc_confirmed_on', sa.Date(), nullable=True),
    sa.CheckConstraint("form IN ('written', 'oral')", name=op.f('ck_agreement_form')),
    sa.CheckConstraint("performance IN ('none', 'partial', 'done')", name=op.f('ck_agreement_performance')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_agreement_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement'))
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('answer',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('needs_action', sa.Boolean(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_answer_assignment_id_assignment')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_answer_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_answer_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_assignment_id'), ['assignment_id'], unique=False)

    op.create_table('follow_up',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('party_name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('performed', sa.Boolean(), nullable=False),
    sa.Column('satisfied', sa.Boolean(), nullable=False),
    sa.Column('lawsuit', sa.Boolean(), nullable=False),
    sa.Column('flare_up', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('measures', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('visitor', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('next_due', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_follow_up_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up'))
    )
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_next_due'), ['next_due'], unique=False)

    op.create_table('party',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('representative', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('sex', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('ethnicity', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('age', sa.Integer(), nullable=True),
    sa.Column('id_number', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
    sa.Column('occupation', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('hamlet_id', sa.Integer(), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('initials', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.CheckConstraint("kind IN ('person', 'org')", name=op.f('ck_party_kind')),
    sa.CheckConstraint("role IN ('applicant', 'respondent', 'third')", name=op.f('ck_party_role')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_party_name_required')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_party_dispute_id_dispute')),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], name=op.f('fk_party_hamlet_id_hamlet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party'))
    )
    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_party_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_initials'), ['initials'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_party_phone'), ['phone'], unique=False)

    op.create_table('proceeding',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('attendees', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('helpers', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('mediators', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('recorder', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('rights_notified', sa.Boolean(), nullable=False),
    sa.Column('statements', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('facts', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('result', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.CheckConstraint("kind IN ('investigation', 'mediation')", name=op.f('ck_proceeding_kind')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_proceeding_dispute_id_dispute')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proceeding'))
    )
    with op.batch_alter_table('proceeding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proceeding_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('followup_item',
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.Column('void_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('hamlet_id', sa.Integer(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_followup_item_answer_id_answer')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_followup_item_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], name=op.f('fk_followup_item_hamlet_id_hamlet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_item'))
    )
    with op.batch_alter_table('followup_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_item_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followup_item_due_on'), ['due_on'], unique=False)
    # The statistics list of dispute types (editable later in settings).
    types = sa.table(
        "dispute_type",
        sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("position", sa.Integer),
        sa.column("active", sa.Boolean), sa.column("created_at", sa.DateTime),
        sa.column("updated_at", sa.DateTime),
    )
    stamp = datetime.now().replace(microsecond=0)
    op.bulk_insert(types, [
        {"name": n, "position": i, "active": True, "created_at": stamp, "updated_at": stamp}
        for i, n in enumerate(DEFAULT_TYPES, 1)
    ])
    # The audit log is append-only, whatever program writes to the file.
    op.execute(
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, '审计记录不能修改'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, '审计记录不能删除'); END"
    )


def downgrade() -> None:
    op.execute('DROP TRIGGER IF EXISTS audit_entry_no_update')
    op.execute('DROP TRIGGER IF EXISTS audit_entry_no_delete')
    with op.batch_alter_table('followup_item', schema=None) as batch_op:
        batch_op.drop_index('ix_followup_item_answer_id')
        batch_op.drop_index('ix_followup_item_due_on')
    op.drop_table('followup_item')

    with op.batch_alter_table('proceeding', schema=None) as batch_op:
        batch_op.drop_index('ix_proceeding_dispute_id')
    op.drop_table('proceeding')

    with op.batch_alter_table('party', schema=None) as batch_op:
        batch_op.drop_index('ix_party_dispute_id')
        batch_op.drop_index('ix_party_id_number')
        batch_op.drop_index('ix_party_initials')
        batch_op.drop_index('ix_party_name')
        batch_op.drop_index('ix_party_phone')
    op.drop_table('party')

    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_up_dispute_id')
        batch_op.drop_index('ix_follow_up_next_due')
    op.drop_table('follow_up')

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_assignment_id')
    op.drop_table('answer')

    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index('ix_agreement_dispute_id')
    op.drop_table('agreement')

    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.drop_index('ix_dispute_accepted_on')
        batch_op.drop_index('ix_dispute_closed_on')
        batch_op.drop_index('ix_dispute_deadline')
        batch_op.drop_index('ix_dispute_hamlet_id')
        batch_op.drop_index('ix_dispute_list')
        batch_op.drop_index('ix_dispute_presiding_id')
        batch_op.drop_index('ix_dispute_status')
        batch_op.drop_index('ix_dispute_type_id')
    op.drop_table('dispute')

    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_cadre_id')
        batch_op.drop_index('ix_assignment_hamlet_id')
        batch_op.drop_index('ix_assignment_question_id')
        batch_op.drop_index('ix_assignment_round_id')
    op.drop_table('assignment')

    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index('ix_question_category')
    op.drop_table('question')

    op.drop_table('monthly_snapshot')

    op.drop_table('dispute_type')

    op.drop_table('check_round')
