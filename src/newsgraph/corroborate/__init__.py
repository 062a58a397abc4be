"""Corroboration across documents. Today: counting independent origins, so that a wire story carried by
ten papers counts once. Merging claims, grading and contradictions build on it."""

from newsgraph.corroborate.origins import independent_origins, origin_of

__all__ = ["independent_origins", "origin_of"]
