"""Duplicate detection: a content hash for exact copies, MinHash LSH for near-copies and wire stories.

The hash is taken over normalised text (case, spacing, punctuation and quote styles folded), so the
same story re-encoded or re-spaced is still one document. Near-copies are found by MinHash over word
shingles; the LSH band buckets are stored, so a new document is compared only with the few stored
documents that share a bucket, never with the whole corpus.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

SCHEME = "affine32"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_TOKEN.findall(text))


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Signature:
    minhash: MinHash
    buckets: tuple[tuple[int, int], ...]

    def to_bytes(self) -> bytes:
        return self.minhash.hashvalues.astype(np.uint32).tobytes()


class NearDuplicates:
    """Makes MinHash signatures and LSH buckets with parameters chosen for a Jaccard threshold."""

    def __init__(self, threshold: float = 0.7, num_perm: int = 128, shingle_words: int = 5):
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        # datasketch picks the band layout (b bands of r rows) that minimises the error at the threshold
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.bands, self.rows = lsh.b, lsh.r
        # permutations are made once and copied; the scheme is fixed because stored signatures of
        # different schemes cannot be compared
        self._seed_minhash = MinHash(num_perm=num_perm, scheme=SCHEME)

    def shingles(self, text: str) -> set[bytes]:
        words = normalise(text).split()
        n = self.shingle_words
        if len(words) <= n:
            return {" ".join(words).encode()} if words else set()
        return {" ".join(words[i:i + n]).encode() for i in range(len(words) - n + 1)}

    def signature(self, text: str) -> Signature:
        minhash = self._seed_minhash.copy()
        minhash.clear()
        minhash.update_batch(list(self.shingles(text)))
        values = minhash.hashvalues
        buckets = tuple(
            (band, int.from_bytes(hashlib.blake2b(
                values[band * self.rows:(band + 1) * self.rows].tobytes(), digest_size=8).digest(),
                "big", signed=True))
            for band in range(self.bands)
        )
        return Signature(minhash, buckets)

    def similarity(self, signature: Signature, stored: bytes) -> float:
        other = MinHash(hashvalues=np.frombuffer(stored, dtype=np.uint32), scheme=SCHEME,
                        permutations=self._seed_minhash.permutations)
        return float(signature.minhash.jaccard(other))
