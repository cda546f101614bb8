"""Bay operations the conductor owes, and per-project quota locks.

Revision ID: 3f0c1a7e9b21
Revises: 6582b3b1f4d9
Create Date: 2026-11-22 05:10:00
"""

from alembic import op
import sqlalchemy as sa

revision = '3f0c1a7e9b21'
down_revision = '6582b3b1f4d9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cluster') as batch:
        batch.add_column(sa.Column('operation', sa.String(255)))
        batch.add_column(sa.Column('operation_args', sa.Text()))
        batch.add_column(sa.Column('operation_submitted_at', sa.DateTime()))
    op.create_table(
        'project_lock',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('created_at', sa.DateTime()),
        sa.Column('updated_at', sa.DateTime()),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.UniqueConstraint('project_id', name='uniq_project_lock0project_id'),
        mysql_engine='InnoDB',
        mysql_charset='utf8mb4',
    )
