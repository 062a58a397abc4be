"""Extracted facts: actor mentions, places and time expressions, each with its evidence.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _evidence() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sentence_idx", sa.Integer, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "actor_mentions", *_evidence(),
        sa.Column("actor", sa.String(120)),
        sa.Column("name", sa.Text),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("sector", sa.String(8)),
        sa.Column("sector_hint", sa.String(8)),
        sa.Column("role", sa.Text),
        sa.Column("how", sa.String(16), nullable=False),
    )
    op.create_index("ix_actor_mentions_document_id", "actor_mentions", ["document_id"])
    op.create_index("ix_actor_mentions_actor", "actor_mentions", ["actor"])
    op.create_index("ix_actor_mentions_country_sector", "actor_mentions", ["country", "sector"])

    op.create_table(
        "places", *_evidence(),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("geonames_id", sa.Integer),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("country", sa.String(8)),
        sa.Column("admin1", sa.Text),
        sa.Column("feature", sa.String(16)),
    )
    op.create_index("ix_places_document_id", "places", ["document_id"])
    op.create_index("ix_places_geonames_id", "places", ["geonames_id"])
    op.create_index("ix_places_country", "places", ["country"])

    op.create_table(
        "times", *_evidence(),
        sa.Column("start", TZ),
        sa.Column("end", TZ),
        sa.Column("precision", sa.String(16), nullable=False),
    )
    op.create_index("ix_times_document_id", "times", ["document_id"])
    op.create_index("ix_times_start", "times", ["start"])


def downgrade() -> None:
    for table in ("times", "places", "actor_mentions"):
        op.drop_table(table)
