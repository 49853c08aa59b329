"""``[settings.texts]`` in personakit.toml: how texts become themes, with safe defaults.

(The import of texts has its own section, ``[settings.text_import]``.)
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from personakit.workspace import Workspace

Method = Literal["auto", "embedding", "tfidf"]


class ThemeSettings(BaseModel):
    """Settings read from ``[settings.texts]`` (all optional).

    Parameters
    ----------
    method
        ``"auto"`` (the default), ``"embedding"`` or ``"tfidf"``. ``auto`` uses the
        packaged sentence embedding (all-MiniLM-L6-v2) beside the TF-IDF word profile
        when the package is installed and at least ``embedding_share`` of the texts are in
        one of ``embedding_languages``; otherwise TF-IDF + NMF. ``embedding`` without the
        package falls back to TF-IDF and says so.
    embedding_languages
        Languages the embedding is used for under ``auto`` (``["en", "nl"]``).
    embedding_share
        Share of the texts that must be in ``embedding_languages`` for ``auto`` to embed
        (0.5).
    embedding_weight
        How much the sentence embedding weighs against the TF-IDF word profile (reduced
        to 100 dimensions) in the ``embedding`` method's representation: 1 is the
        embedding alone (0.35). The model is English-trained. Measured with
        ``benchmarks/bench_themes.py`` (adjusted mutual information with planted topics
        at the chosen number of themes; 3,000 Dutch planted / 3,000 English planted /
        the sample organisation's 3,600 Dutch reviews with 25 hidden topics): embedding
        alone 0.42 / 0.89 / 0.56; TF-IDF + NMF 0.97 / 0.92 / 0.57; both at weight 0.5
        0.95 / 0.98 / 0.68, at 0.35 0.85 / 0.92 / 0.72 (and 0.94 / 0.98 / 0.63 on 1,500
        planted texts). Alone, the embedding reads Dutch poorly; beside the word profile
        it adds what paraphrases share (the sample's reviews), and TF-IDF alone is best
        only where topics repeat the same words. So ``auto`` uses both for Dutch and
        English alike; differences of about 0.05 are within what the choice of k moves.
    embedding_max_texts
        Most texts ``auto`` embeds (3,000). The embedding costs time in proportion to the
        texts (about 110 short texts a second on 2 cores, measured by
        ``benchmarks/bench_themes.py``), TF-IDF + NMF seconds for 10,000; the embedding
        adds most where texts are few and paraphrase one another (interviews, open
        answers), so above this ``auto`` uses TF-IDF + NMF and says why. ``method =
        "embedding"`` embeds any number.
    min_themes, max_themes
        The range the number of themes is chosen from (2 and 12), by the stability rule
        of :mod:`personakit.texts._themes`; ``personakit themes --k`` sets it.
    min_theme_size
        Fewest texts in a theme (default: the larger of the workspace's
        ``min_group_size`` and ``min_theme_share`` of the texts). Never below
        ``min_group_size``: a smaller theme would show too few people's words. Texts of a
        smaller cluster stay unthemed (counted).
    min_theme_share
        See ``min_theme_size`` (0.02: no theme of fewer than 2 % of the texts).
    passage_chars
        Long documents (interviews, transcripts) are split into passages of about this
        many characters at sentence ends (600); shorter texts are themed as they are.
    fit_sample
        Most passages the clustering is fitted on (20,000, a seeded sample); the others
        join the nearest theme. k-means on more adds minutes, not themes.
    selection_sample
        Passages the stability of each candidate number of themes is measured on (2,000,
        seeded): a fit per half and candidate, so it must stay small.
    terms
        Terms kept per theme (8), highest class-based TF-IDF weight first.
    label_terms
        Terms in a theme's label (3).
    snippets
        Typical snippets per theme (3): the passages closest to its centre, deduplicated.
    snippet_chars
        Longest snippet (280 characters), cut at a word.
    sentiment_band
        A theme with mean sentiment at or below minus this is negative, at or above it
        positive (0.2, as the canvas reads it); in between neutral (see the section rule).
    min_confidence
        A text linked to nobody gets the persona its content resembles most only when the
        classifier's probability is at least this (0.5); below it, it stays unassigned.
    max_tokens
        Word pieces the embedding reads per passage (256, the model's own limit).
    """

    # A misspelt key is an error naming it, as in every other settings section.
    model_config = ConfigDict(extra="forbid")

    method: Method = "auto"
    embedding_languages: list[str] = Field(default_factory=lambda: ["en", "nl"])
    embedding_share: float = Field(default=0.5, ge=0, le=1)
    embedding_weight: float = Field(default=0.35, gt=0, le=1)
    embedding_max_texts: int = Field(default=3_000, ge=0)
    min_themes: int = Field(default=2, ge=2, le=100)
    max_themes: int = Field(default=12, ge=2, le=100)
    min_theme_size: int | None = Field(default=None, ge=2)
    min_theme_share: float = Field(default=0.02, ge=0, lt=0.5)
    passage_chars: int = Field(default=600, ge=100, le=20_000)
    fit_sample: int = Field(default=20_000, ge=500)
    selection_sample: int = Field(default=2_000, ge=200)
    terms: int = Field(default=8, ge=1, le=50)
    label_terms: int = Field(default=3, ge=1, le=10)
    snippets: int = Field(default=3, ge=1, le=20)
    snippet_chars: int = Field(default=280, ge=40, le=2_000)
    sentiment_band: float = Field(default=0.2, ge=0, lt=1)
    min_confidence: float = Field(default=0.5, ge=0, le=1)
    max_tokens: int = Field(default=256, ge=16, le=512)

    @model_validator(mode="after")
    def _range(self) -> ThemeSettings:
        if self.min_themes > self.max_themes:
            raise ValueError(f"min_themes ({self.min_themes}) is above max_themes "
                             f"({self.max_themes})")
        return self

    def theme_size(self, texts: int, min_group_size: int) -> int:
        """The fewest texts of a theme for *texts* texts (see ``min_theme_size``)."""
        by_share = int(self.min_theme_share * texts + 0.5)
        return max(min_group_size, self.min_theme_size or by_share)


def theme_settings(ws: Workspace) -> ThemeSettings:
    return ws.settings_section("texts", ThemeSettings)
