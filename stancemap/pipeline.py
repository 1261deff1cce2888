"""The main job: from a pile of article files to stored actors, quotes and stances.

Stages, in order (each a plain function over the records in :mod:`stancemap.model`):

1. ingest   files and folders -> RawArticle            (stancemap.ingest)
2. clean    RawArticle -> CleanArticle                  (stancemap.clean)
3. nlp      CleanArticle.text -> spaCy Doc               (stancemap.nlp.build_nlp)
4. quotes   Doc -> Actor and Quote records              (stancemap.nlp.harvest)
5. stances  Doc, actors, quotes, codebook -> Stance     (stancemap.stance)
6. store    ArticleResult -> database, one transaction per article (stancemap.store)
7. copies   stored bodies -> groups of near-duplicate and syndicated copies (stancemap.clean.duplicates)

Stages 2-5 run per article in :func:`analyze_batch`, in this process or in worker processes
(``workers > 1``); stage 6 runs in this process only. One article that makes a stage fail becomes
a :class:`~stancemap.model.Problem` and the run goes on; nothing stored for it before is touched.
A failing stance stage costs the article its stances only: it is stored with its quotes and
actors, the problem beside it, and is analysed again by the next run.

SIGTERM and Ctrl-C stop the run cleanly: worker processes are ended at once, what was stored
stays, and the run is recorded as ``interrupted``. Workers also die with the main process if it
is killed outright (SIGKILL), so none is left computing for nobody.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import platform
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from . import __version__
from .clean import article_outlet, clean_article, find_common_lines
from .actors.directory import ActorDirectory, load_actors_file
from .actors.merge import merge_surname_actors
from .clean.duplicates import find_duplicate_groups
from .errors import InputError, StancemapError
from .ingest import NotArticles, discover_inputs, read_articles
from .model import ArticleResult, Codebook, Problem, RawArticle, RunInfo, content_id
from .nlp import build_nlp
from .nlp.harvest import harvest
from .nlp.sections import parse_texts
from .settings import Settings
from .stance.codebook import load_codebook
from .stance.detect import detect_stances
from .stance.backends import ModelBackend, RulesBackend, StanceBackend
from .stance.llm import LLMBackend, LLMConfig
from .store import SQLiteStore

log = logging.getLogger(__name__)

# Strategy names recorded with every run, so results can be traced to what produced them.
METHODS = {"clean": "clean.lines.v2+boilerplate.lgbm.v1", "quotes": "quotes.rules.v1", "stances": "stance.rules.v2"}
# Corpus-wide boilerplate detection needs enough articles to tell boilerplate from content.
MIN_ARTICLES_FOR_COMMON_LINES = 5
# Per-outlet boilerplate: a line recurring in this share of one outlet's articles (and in at least
# COMMON_MIN_COUNT of them) is that outlet's furniture even when the corpus-wide share is tiny.
OUTLET_MIN_SHARE = 0.3
# With a pool, split the work into at least this many batches per worker, so that no worker
# idles at the end of a run (measured on 40 PolNeAR articles with 2 workers: 16-article batches
# left one worker idle for the last third).
BATCHES_PER_WORKER = 4


@dataclass(slots=True)
class RunSummary:
    """What a run did: counts, problems, and notes for the user."""

    run_id: str
    db: str
    files: int = 0
    articles: int = 0  # analysed and stored in this run
    skipped: int = 0  # already stored with the same analysis (use --force to redo)
    duplicates: int = 0  # same text as another input of this run: stored once
    duplicate_groups: int = 0  # groups of near-duplicate or syndicated copies in the corpus
    quotes: int = 0
    stances: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def describe(err: BaseException) -> str:
    """A one-line message for a problem record: the error, and where in our code it arose."""
    if isinstance(err, StancemapError):
        return str(err)
    frames = traceback.extract_tb(err.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(err).__name__}: {err}{where}"


def analyze_batch(raws: Sequence[RawArticle], nlp, codebook: Codebook | None,
                  common_lines: frozenset[str] = frozenset(),
                  directory: ActorDirectory | None = None,
                  stance_backend: StanceBackend | None = None) -> list[ArticleResult | Problem]:
    """Run stages 2-5 over a batch of articles; a failing article becomes a Problem.

    Stances come from ``stance_backend`` when given, else from the rules.
    """
    out: list[ArticleResult | Problem | None] = [None] * len(raws)
    cleaned = []
    for i, raw in enumerate(raws):
        try:  # 2. clean
            cleaned.append((i, clean_article(raw, common_lines=common_lines)))
        except Exception as err:  # noqa: BLE001 - one bad article never stops a run
            out[i] = Problem(source=raw.source, stage="clean", message=describe(err), article_id=raw.id)
    for (i, article), doc in zip(cleaned, _parse(nlp, [a.text for _, a in cleaned])):
        if isinstance(doc, BaseException):  # 3. nlp
            out[i] = Problem(source=article.source, stage="nlp", message=describe(doc),
                             article_id=article.id)
            continue
        try:  # 4. actors and quotes
            actors, quotes = harvest(doc, article)
            if directory is not None:  # the analyst's actors file wins over inference
                actors, quotes = directory.apply(actors, quotes)
        except Exception as err:  # noqa: BLE001
            out[i] = Problem(source=article.source, stage="quotes", message=describe(err),
                             article_id=article.id)
            continue
        stances = ()
        problems: tuple[Problem, ...] = ()
        if codebook is not None:
            try:  # 5. stances
                detect = stance_backend.detect if stance_backend is not None else detect_stances
                stances = detect(doc, article, actors, quotes, codebook)
                if directory is not None:
                    stances = directory.apply_stances(stances)
            except Exception as err:  # noqa: BLE001 - the article keeps its quotes and actors
                stances = ()
                problems = (Problem(source=article.source, stage="stances", message=describe(err),
                                    article_id=article.id),)
        out[i] = ArticleResult(article=article, actors=tuple(actors), quotes=tuple(quotes),
                               stances=tuple(stances), problems=problems)
    return out  # type: ignore[return-value]


def _parse(nlp, texts: list[str]) -> list:
    """nlp.pipe over the batch (long articles in sections); if the batch fails, parse one by one
    to find the culprit."""
    try:
        return list(parse_texts(nlp, texts))
    except Exception:  # noqa: BLE001
        docs = []
        for text in texts:
            try:
                docs.append(next(parse_texts(nlp, [text])))
            except Exception as err:  # noqa: BLE001
                docs.append(err)
        return docs


# -- worker processes ---------------------------------------------------------------------------

_WORKER: dict = {}
# Seconds a worker gets to end after SIGTERM before it is killed.
WORKER_STOP_SECONDS = 5.0
# Linux prctl option: the signal a process gets when its parent dies (<linux/prctl.h>).
_PR_SET_PDEATHSIG = 1


class RunInterrupted(StancemapError):
    """The run was stopped by a signal (SIGTERM); what was stored stays."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the main process dies, even by SIGKILL (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: workers end when their queue closes
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _init_worker(model: str, codebook: Codebook | None, common_lines: frozenset[str],
                 directory: ActorDirectory | None, stance_backend: StanceBackend | None = None,
                 parent: int | None = None) -> None:
    # The main process handles Ctrl-C and SIGTERM and ends its workers; a worker just stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if parent is not None:
        _die_with_parent(parent)
    if _WORKER.get("model") != model:  # forked workers inherit the parent's pipeline
        _WORKER["nlp"] = build_nlp(model)
        _WORKER["model"] = model
    _WORKER["codebook"] = codebook
    _WORKER["common_lines"] = common_lines
    _WORKER["directory"] = directory
    _WORKER["stance_backend"] = stance_backend


def _work(raws: list[RawArticle]) -> list[ArticleResult | Problem]:
    return analyze_batch(raws, _WORKER["nlp"], _WORKER["codebook"], _WORKER["common_lines"],
                         _WORKER["directory"], _WORKER.get("stance_backend"))


def _batches(items: Sequence[RawArticle], size: int) -> Iterator[list[RawArticle]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def iter_results(raws: Sequence[RawArticle], *, nlp, model: str, codebook: Codebook | None,
                 common_lines: frozenset[str], workers: int, batch_size: int,
                 directory: ActorDirectory | None = None,
                 stance_backend: StanceBackend | None = None) -> Iterator[ArticleResult | Problem]:
    """Analyse articles in batches, in this process or a pool; yield results as they finish."""
    if workers <= 1:
        for batch in _batches(raws, batch_size):
            yield from analyze_batch(batch, nlp, codebook, common_lines, directory, stance_backend)
        return
    # Enough batches that every worker stays busy to the end, each at most batch_size long.
    batch_size = max(1, min(batch_size, -(-len(raws) // (workers * BATCHES_PER_WORKER))))
    # Fork where the platform allows it: workers then share the parent's loaded pipeline.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else None)
    _WORKER.update(nlp=nlp, model=model)
    pending: set[Future] = set()
    batches = _batches(raws, batch_size)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                               initargs=(model, codebook, common_lines, directory, stance_backend,
                                         os.getpid()))
    try:
        for batch in batches:
            pending.add(pool.submit(_work, batch))
            if len(pending) >= workers * 2:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        for future in pending:
            yield from future.result()
    except BaseException:  # interrupted, or the consumer stopped: end the workers now
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End a pool's workers at once (SIGTERM, then SIGKILL after WORKER_STOP_SECONDS)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + WORKER_STOP_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


# -- the run ------------------------------------------------------------------------------------


def outlet_key(raw: RawArticle) -> str | None:
    """The outlet an article comes from: stated by the source, else its URL's host, else its byline."""
    if raw.outlet:
        return raw.outlet.casefold()
    if raw.url:
        host = urlsplit(raw.url).hostname or ""
        return host.removeprefix("www.") or None
    try:
        outlet = article_outlet(raw)
    except Exception:  # noqa: BLE001 - the real cleaning pass reports the problem
        return None
    return outlet.casefold() if outlet else None


def find_boilerplate_lines(raws: Sequence[RawArticle]) -> frozenset[str]:
    """Lines recurring across the corpus, plus lines recurring across one outlet's articles."""
    lines = set(find_common_lines(raw.text for raw in raws))
    by_outlet: dict[str, list[str]] = {}
    for raw in raws:
        key = outlet_key(raw)
        if key:
            by_outlet.setdefault(key, []).append(raw.text)
    for texts in by_outlet.values():
        if len(texts) >= MIN_ARTICLES_FOR_COMMON_LINES - 2:  # COMMON_MIN_COUNT articles at least
            lines.update(find_common_lines(texts, min_share=OUTLET_MIN_SHARE))
    return frozenset(lines)


def stance_backend_for(settings: Settings, store: SQLiteStore, run_id: str) -> StanceBackend:
    """The run's stance backend (``settings.stances``: model, rules or llm)."""
    if settings.stances == "llm":
        return llm_backend(settings, store, run_id)
    if settings.stances == "model":
        return ModelBackend()
    return RulesBackend()


def llm_backend(settings: Settings, store: SQLiteStore, run_id: str) -> LLMBackend:
    """The run's LLM stance backend; its cache defaults to beside the database."""
    config = LLMConfig(url=settings.llm_url or "", model=settings.llm_model or "",
                       key_env=settings.llm_key_env, budget=settings.llm_budget,
                       retries=settings.llm_retries, on_error=settings.llm_on_error)
    # Beside a SQLite file; for a PostgreSQL database, in the working directory, named after it.
    beside = store.path if store.path is not None else f"{store.name.rsplit('/', 1)[-1].split('?')[0]}"
    cache = settings.llm_cache or f"{beside}.llm-cache.sqlite"
    return LLMBackend(config, cache_path=cache, run_id=run_id)


def llm_notes(backend: LLMBackend, settings: Settings) -> list[str]:
    """What the LLM backend spent, and how many articles fell back to the rules."""
    notes = [f"stance model {backend.config.model}: {backend.requests_used()} request(s) to "
             f"{backend.config.endpoint} (cache: {backend.cache_path})"]
    failed = len(backend.error_fallbacks())
    fallbacks = len(backend.fallbacks()) - failed
    stopped = backend.breaker_message()
    if stopped:
        notes.append(f"stance model endpoint {backend.config.endpoint}: {stopped}")
    if failed:
        notes.append(f"{failed} article{'s' if failed != 1 else ''} used the rules for stances: the"
                     " stance model failed (re-run when the endpoint works to have the model read"
                     " them)")
    if fallbacks:
        notes.append(f"{fallbacks} article{'s' if fallbacks != 1 else ''} used the rules for stances:"
                     f" the budget of {settings.llm_budget} request(s) was spent (raise --llm-budget"
                     " and re-run to have the model read them)")
    return notes


def versions(nlp) -> dict[str, str]:
    import spacy

    meta = getattr(nlp, "meta", {}) or {}
    return {"stancemap": __version__, "spacy": spacy.__version__, "python": platform.python_version(),
            "model": f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"}


def run_pipeline(inputs: Iterable[str | Path], store: SQLiteStore, settings: Settings, *,
                 progress: Callable[[int, int], None] | None = None,
                 on_problem: Callable[[Problem], None] | None = None) -> RunSummary:
    """Analyse the articles under ``inputs`` and store the results.

    ``progress(done, total)`` is called as articles finish; ``on_problem`` as problems arise.
    Raises CodebookError or ModelError before any work when the codebook or model is unusable.
    SIGTERM (RunInterrupted) and Ctrl-C (KeyboardInterrupt) end the worker processes, record the
    run as ``interrupted`` and are raised again; what was stored stays.
    """
    started: list[RunInfo] = []
    previous = _raise_on_sigterm()
    try:
        return _run_pipeline(inputs, store, settings, progress=progress, on_problem=on_problem,
                             on_start=started.append)
    except (KeyboardInterrupt, RunInterrupted):
        for run in started:
            _close_interrupted(store, run)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _on_sigterm(signum: int, frame) -> None:
    raise RunInterrupted(signum)


def _raise_on_sigterm():
    """Turn SIGTERM into RunInterrupted in the main thread; the handler it replaces, else None."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _on_sigterm)


def _close_interrupted(store: SQLiteStore, run: RunInfo) -> None:
    """Record an interrupted run: its status, and the articles it stored before the stop."""
    try:
        run.articles = store.db.execute("SELECT COUNT(*) FROM articles WHERE run_id = ?",
                                        (run.id,)).fetchone()[0]
        run.problems = store.db.execute("SELECT COUNT(*) FROM problems WHERE run_id = ?",
                                        (run.id,)).fetchone()[0]
        store.finish_run(run, status="interrupted")
    except Exception as err:  # noqa: BLE001 - the interruption is what the user must hear of
        log.warning("could not record run %s as interrupted: %s", run.id, err)


def _run_pipeline(inputs: Iterable[str | Path], store: SQLiteStore, settings: Settings, *,
                  progress: Callable[[int, int], None] | None,
                  on_problem: Callable[[Problem], None] | None,
                  on_start: Callable[[RunInfo], None]) -> RunSummary:
    started = time.perf_counter()
    inputs = [str(p) for p in inputs]
    codebook = load_codebook(settings.codebook) if settings.codebook else None
    directory = load_actors_file(settings.actors) if settings.actors else None
    nlp = build_nlp(settings.model)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    run = RunInfo(id=content_id(stamp, os.getpid(), *inputs, time.time_ns()), started=stamp,
                  model=settings.model, workers=settings.workers, codebook=settings.codebook,
                  inputs=tuple(inputs), versions=versions(nlp), methods=dict(METHODS))
    stance_backend = stance_backend_for(settings, store, run.id) if codebook is not None else None
    if stance_backend is not None:
        run.methods["stances"] = stance_backend.method
    llm = stance_backend if isinstance(stance_backend, LLMBackend) else None
    summary = RunSummary(run_id=run.id, db=store.name)
    store.start_run(run)
    on_start(run)
    if codebook is not None:
        store.save_codebook(codebook)
    codebook_key = content_id(*(f"{p.id}|{p.statement}|{p.keywords}|{p.support_examples}|"
                                f"{p.oppose_examples}" for p in codebook.propositions)) if codebook else ""
    actors_key = directory.fingerprint if directory else ""
    rules_key = content_id(__version__, run.versions["model"], codebook_key, actors_key,
                           settings.corpus_lines)
    # The stance backend (the learned model's weights and thresholds, the LLM's endpoint, model and
    # prompt version) is part of the analysis: changing it re-analyses. Articles that fell back to
    # the rules (LLM budget spent) keep the rules' key.
    analysis_key = (content_id(rules_key, stance_backend.key)
                    if stance_backend is not None and settings.stances != "rules" else rules_key)

    def problem(p: Problem) -> None:
        summary.problems.append(p)
        store.add_problem(p, run_id=run.id)
        if on_problem:
            on_problem(p)

    # 1. ingest
    files, notes = discover_inputs(inputs)
    summary.notes.extend(notes)
    summary.files = len(files)
    raws: list[RawArticle] = []
    not_articles: list[Path] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            for raw in read_articles(path):
                if isinstance(raw, Problem):  # one bad record of a multi-article file
                    problem(raw)
                    continue
                if raw.id in seen:
                    summary.duplicates += 1
                    summary.notes.append(f"{raw.source}: same text as {seen[raw.id]}; stored once")
                    continue
                seen[raw.id] = raw.source
                raws.append(raw)
        except NotArticles:  # a readable file that holds no articles: a note, not a problem
            not_articles.append(path)
        except InputError as err:
            problem(Problem(source=str(path), stage="ingest", message=str(err)))
        except Exception as err:  # noqa: BLE001 - a reader bug must not stop the run
            problem(Problem(source=str(path), stage="ingest", message=describe(err)))
    if not_articles:
        summary.files -= len(not_articles)
        example = ", ".join(p.name for p in not_articles[:3]) + (", ..." if len(not_articles) > 3 else "")
        summary.notes.append(f"skipped {len(not_articles)} file{'s' if len(not_articles) != 1 else ''}"
                             f" holding no articles ({example})")
    # Boilerplate lines are counted over the whole input, stale or not, before skipping.
    common_lines: frozenset[str] = frozenset()
    if settings.corpus_lines and len(raws) >= MIN_ARTICLES_FOR_COMMON_LINES:
        common_lines = find_boilerplate_lines(raws)
    todo = [raw for raw in raws if settings.force or store.analysis_key(raw.id) != analysis_key]
    summary.skipped = len(raws) - len(todo)

    # 2-5 in batches, 6. store
    done = 0
    other_languages: dict[str, int] = {}
    if progress:
        progress(0, len(todo))
    for result in iter_results(todo, nlp=nlp, model=settings.model, codebook=codebook,
                               common_lines=common_lines, workers=settings.workers,
                               batch_size=settings.batch_size, directory=directory,
                               stance_backend=stance_backend):
        done += 1
        if isinstance(result, Problem):
            problem(result)
        else:
            try:
                fell_back = llm is not None and result.article.id in llm.fallbacks()
                key = rules_key if fell_back else analysis_key
                if result.problems:  # a stage failed: the next run analyses the article again
                    key = f"incomplete|{key}"
                store.write_article(result, run_id=run.id, analysis_key=key)
            except StancemapError as err:
                problem(Problem(source=result.article.source, stage="store", message=str(err),
                                article_id=result.article.id))
            else:
                language = result.article.language
                if language and language != nlp.lang:
                    other_languages[language] = other_languages.get(language, 0) + 1
                summary.articles += 1
                summary.quotes += len(result.quotes)
                summary.stances += len(result.stances)
                for p in result.problems:
                    problem(p)
        if progress:
            progress(done, len(todo))
    if other_languages:
        counts = ", ".join(f"{code} {n}" for code, n in sorted(other_languages.items(), key=lambda x: -x[1]))
        total = sum(other_languages.values())
        summary.notes.append(f"{total} article{'s' if total != 1 else ''} not in the pipeline's language "
                             f"'{nlp.lang}' ({counts}): their quotes and stances are unreliable; run them "
                             "with --model naming a pipeline for their language")
    if stance_backend is not None:
        summary.notes.append(f"stances read by {stance_backend.method}")
        if llm is not None:
            summary.notes.extend(llm_notes(llm, settings))
        stance_backend.close()
    merge_surname_actors(store)
    store.refresh_actor_names()
    # 7. near-duplicate and syndicated copies, over everything stored (not just this run)
    summary.duplicate_groups = store.replace_duplicate_groups(
        (group.id, group.kind, [(member, similarity, member == group.original)
                                for member, similarity in group.similarity])
        for group in find_duplicate_groups(store.article_bodies()))
    run.articles = summary.articles
    run.problems = len(summary.problems)
    store.finish_run(run, status="done" if summary.ok else "failed", skipped=summary.skipped)
    summary.seconds = time.perf_counter() - started
    return summary
