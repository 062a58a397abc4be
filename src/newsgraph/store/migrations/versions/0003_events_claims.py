"""Events (who did what to whom, where, when) with their source and target actors; claims (who asserts
what) with the events read in their content.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _evidence(text: bool = True) -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sentence_idx", sa.Integer, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        *([sa.Column("text", sa.Text, nullable=False)] if text else []),
    ]


def upgrade() -> None:
    op.create_table(
        "events", *_evidence(),
        sa.Column("sentence_start", sa.Integer),
        sa.Column("sentence_end", sa.Integer),
        sa.Column("event_type", sa.String(32)),
        sa.Column("mode", sa.String(40)),
        sa.Column("cameo", sa.String(8)),
        sa.Column("cameo_root", sa.String(4)),
        sa.Column("category", sa.String(40)),
        sa.Column("category_group", sa.Text),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("depth", sa.Integer),
        sa.Column("place_name", sa.Text),
        sa.Column("place_text", sa.Text),
        sa.Column("place_geonames_id", sa.Integer),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("place_country", sa.String(8)),
        sa.Column("place_admin1", sa.Text),
        sa.Column("place_feature", sa.String(16)),
        sa.Column("place_sentence_idx", sa.Integer),
        sa.Column("place_start", sa.Integer),
        sa.Column("place_end", sa.Integer),
        sa.Column("time_text", sa.Text),
        sa.Column("time_start", TZ),
        sa.Column("time_end", TZ),
        sa.Column("time_precision", sa.String(16)),
        sa.Column("time_sentence_idx", sa.Integer),
        sa.Column("time_start_char", sa.Integer),
        sa.Column("time_end_char", sa.Integer),
        sa.Column("quantities", sa.Text),
    )
    op.create_index("ix_events_document_id", "events", ["document_id"])
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_category", "events", ["category"])
    op.create_index("ix_events_time_start", "events", ["time_start"])
    op.create_index("ix_events_place_country", "events", ["place_country"])

    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("actor", sa.String(120)),
        sa.Column("name", sa.Text),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("sector", sa.String(8)),
        sa.Column("sector_hint", sa.String(8)),
        sa.Column("actor_role", sa.Text),
        sa.Column("how", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sentence_idx", sa.Integer, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
    )
    op.create_index("ix_event_actors_event_id", "event_actors", ["event_id"])
    op.create_index("ix_event_actors_actor", "event_actors", ["actor"])
    op.create_index("ix_event_actors_country", "event_actors", ["country"])

    op.create_table(
        "claims", *_evidence(text=False),
        sa.Column("source_text", sa.Text),
        sa.Column("source_sentence_idx", sa.Integer),
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("cue", sa.Text, nullable=False),
        sa.Column("cue_sentence_idx", sa.Integer, nullable=False),
        sa.Column("cue_start", sa.Integer, nullable=False),
        sa.Column("cue_end", sa.Integer, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("content_sentence_idx", sa.Integer, nullable=False),
        sa.Column("content_start", sa.Integer, nullable=False),
        sa.Column("content_end", sa.Integer, nullable=False),
        sa.Column("actor", sa.String(120)),
        sa.Column("name", sa.Text),
        sa.Column("kind", sa.String(16)),
        sa.Column("country", sa.String(8)),
        sa.Column("sector", sa.String(8)),
        sa.Column("sector_hint", sa.String(8)),
        sa.Column("actor_role", sa.Text),
        sa.Column("how", sa.String(16)),
        sa.Column("mention_text", sa.Text),
        sa.Column("mention_sentence_idx", sa.Integer),
        sa.Column("mention_start", sa.Integer),
        sa.Column("mention_end", sa.Integer),
        sa.Column("source_type", sa.String(16), nullable=False),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("probability_low", sa.Float),
        sa.Column("probability_high", sa.Float),
        sa.Column("estimative", sa.Text),
        sa.Column("hedges", sa.Text),
    )
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.create_index("ix_claims_actor", "claims", ["actor"])
    op.create_index("ix_claims_country", "claims", ["country"])

    op.create_table(
        "claim_events",
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "event_id", name="pk_claim_events"),
    )
    op.create_index("ix_claim_events_event_id", "claim_events", ["event_id"])


def downgrade() -> None:
    for table in ("claim_events", "claims", "event_actors", "events"):
        op.drop_table(table)
