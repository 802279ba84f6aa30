"""questionnaire and due diligence templates, supplier's own due diligence, duty-to-warn prompt

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from commissioner.paths import resources_folder

# The templates as shipped; each council then edits the copy in its own file.
QUESTIONNAIRE_FILE = resources_folder() / "culture_dimensions.json"
DUE_DILIGENCE_FILE = resources_folder() / "due_diligence_areas.json"

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    dimensions = op.create_table(
        "culture_dimensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("low", sa.String(length=200), nullable=False),
        sa.Column("high", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "length(trim(name)) > 0", name=op.f("ck_culture_dimensions_name_not_blank")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_culture_dimensions")),
        sa.UniqueConstraint("key", name=op.f("uq_culture_dimensions_key")),
        sqlite_autoincrement=True,
    )
    areas = op.create_table(
        "due_diligence_template_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "length(trim(area)) > 0", name=op.f("ck_due_diligence_template_items_area_not_blank")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_due_diligence_template_items")),
        sa.UniqueConstraint("area", name=op.f("uq_due_diligence_template_items_area")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("project_suppliers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("supplier_dd_requested_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "supplier_dd_allowed", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("supplier_dd_done_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("supplier_dd_findings", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("organisation_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("duty_to_warn_prompt_days", sa.Integer(), nullable=False, server_default="90")
        )
        batch_op.create_check_constraint(
            "duty_to_warn_prompt_days", "duty_to_warn_prompt_days BETWEEN 7 AND 730"
        )
    _seed(dimensions, areas)


def _seed(dimensions: sa.Table, areas: sa.Table) -> None:
    """Copy the shipped questionnaire and due diligence areas in."""
    questionnaire = json.loads(QUESTIONNAIRE_FILE.read_text(encoding="utf-8"))
    op.bulk_insert(
        dimensions,
        [
            {
                "key": row["key"],
                "name": row["name"],
                "low": row["low"],
                "high": row["high"],
                "sort_order": position,
            }
            for position, row in enumerate(questionnaire["dimensions"])
        ],
    )
    template = json.loads(DUE_DILIGENCE_FILE.read_text(encoding="utf-8"))
    op.bulk_insert(
        areas,
        [{"area": area, "sort_order": position} for position, area in enumerate(template["areas"])],
    )


def downgrade() -> None:
    with op.batch_alter_table("organisation_settings", schema=None) as batch_op:
        batch_op.drop_constraint("ck_organisation_settings_duty_to_warn_prompt_days")
        batch_op.drop_column("duty_to_warn_prompt_days")
    with op.batch_alter_table("project_suppliers", schema=None) as batch_op:
        batch_op.drop_column("supplier_dd_findings")
        batch_op.drop_column("supplier_dd_done_on")
        batch_op.drop_column("supplier_dd_allowed")
        batch_op.drop_column("supplier_dd_requested_on")
    op.drop_table("due_diligence_template_items")
    op.drop_table("culture_dimensions")
