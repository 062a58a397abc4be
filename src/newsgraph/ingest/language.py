"""Language identification with py3langid (its model ships inside the PyPI package)."""

from __future__ import annotations

from functools import cached_property

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier


class LanguageDetector:
    """Guesses a document's language; texts too short to judge get the default language."""

    def __init__(self, default: str = "en", min_chars: int = 40, sample_chars: int = 4000):
        self.default = default
        self.min_chars = min_chars
        self.sample_chars = sample_chars

    @cached_property
    def _identifier(self) -> LanguageIdentifier:
        return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)

    def detect(self, text: str) -> tuple[str, float | None]:
        sample = text[: self.sample_chars]
        if len(sample.strip()) < self.min_chars:
            return self.default, None
        language, probability = self._identifier.classify(sample)
        return language, round(float(probability), 4)
