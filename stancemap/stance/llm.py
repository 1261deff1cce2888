"""Stances read by a language model behind any OpenAI-compatible chat-completions endpoint.

Method ``stance.llm.v1:<model>``: an alternative to the rules of :mod:`stancemap.stance.detect`
that gives the same :class:`~stancemap.model.Stance` records.

1. Candidates (:func:`find_candidates`): every quote (its holder is the quote's speaker), plus
   sentences outside quotes where a known actor is the subject of a stance word ("Greenpeace
   opposes ...", "the party is against ...").
2. Candidates of one article are batched into as few requests as fit :attr:`LLMConfig.batch_chars`;
   each request sends the codebook's propositions, the article's actor names, and for each
   candidate the statement, its sentence, the sentence before it and the speaker.
3. The model answers JSON (a JSON schema via ``response_format``; servers that refuse it get
   ``json_object``, then plain prompting, whatever the status of the refusal: llama-cpp-python's
   server answers 500). What the endpoint accepts is learned once per run and shared by the
   worker processes through the cache. Answers are validated strictly: unknown statements,
   propositions, holders or polarities are dropped and logged; malformed JSON is asked for once
   more.
4. Answers are cached in SQLite (:class:`ResponseCache`), keyed on the endpoint, model, prompt
   version and request; a run spends at most :attr:`LLMConfig.budget` requests on cache misses,
   and articles beyond it fall back to the rules, recorded so the pipeline can say how many.
5. A circuit breaker: after :data:`BREAKER_FAILURES` requests in a row failed (each after its
   retries), the run stops asking the endpoint; later articles fail at once (or use the rules
   with ``on_error="rules"``), and the pipeline says so once.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from stancemap.errors import ModelError
from stancemap.model import Actor, CleanArticle, Codebook, Quote, Stance, content_id
from stancemap.settings import DEFAULT_LLM_KEY_ENV as DEFAULT_KEY_ENV

from .detect import detect_stances

log = logging.getLogger(__name__)

PROMPT_VERSION = "v1"
METHOD_PREFIX = f"stance.llm.{PROMPT_VERSION}"
POLARITIES = ("support", "oppose")
# Formats of ``response_format`` tried in order; a server answering 400 to one gets the next
# (None: no response_format, the prompt alone asks for JSON).
FORMATS = ("json_schema", "json_object", None)
# Retry-After values above this are capped (seconds): a run waits, it does not stall.
MAX_RETRY_AFTER = 120.0
# How much of an error body goes into a message.
ERROR_BODY_CHARS = 300
# Requests failing in a row (each after its retries) before the run stops asking: three rules out
# a blip, and stops the five-retries-per-article hammering of an endpoint that fails every request
# (77 s for five articles against a server refusing every request).
BREAKER_FAILURES = 3
# Words of an error answer that say the server refused the request's response_format, whatever
# the status: 400 (OpenAI), 422 (validators), 500 (llama-cpp-python 0.3's server), 501.
FORMAT_REFUSAL_WORDS = ("response_format", "json_schema", "json_object", "structured output")
# What on_error may be: "problem" (the article is stored without stances and a problem says why)
# or "rules" (the rules' stances stand in, recorded as fallbacks).
ON_ERROR = ("problem", "rules")

# Words that make a sentence with an actor as subject worth asking about (lemmas, lower case).
STANCE_WORDS = frozenset({
    "support", "back", "endorse", "favour", "favor", "advocate", "champion", "propose", "want",
    "seek", "demand", "urge", "call", "push", "welcome", "promise", "pledge", "vow", "agree",
    "approve", "plan", "intend", "defend", "insist", "commit", "committed", "ready", "willing",
    "oppose", "opposed", "against", "reject", "refuse", "deny", "block", "veto", "resist",
    "object", "dismiss", "criticize", "criticise", "condemn", "doubt", "warn", "fear",
    "skeptical", "sceptical", "wary", "reluctant", "unwilling", "vote", "argue", "rule",
})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_HEAD_CHILD_DEPS = frozenset({"acomp", "attr", "xcomp", "prep", "prt", "dobj"})
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.IGNORECASE)


class LLMError(ModelError):
    """The language-model endpoint is unreachable, refuses the key, or cannot answer."""

    def __init__(self, url: str, message: str, *, status: int | None = None) -> None:
        self.url = url
        self.status = status
        where = f"{url} (HTTP {status})" if status is not None else url
        super().__init__(f"stance model endpoint {where}: {message}")


class _Rejected(Exception):
    """The server refused the request's response_format (whatever the HTTP status)."""

    def __init__(self, body: str, status: int) -> None:
        super().__init__(body)
        self.body = body
        self.status = status


def refuses_format(status: int, text: str, body: dict) -> bool:
    """Whether an error answer refuses the request's response_format (structured output)."""
    if "response_format" not in body or status < 400 or status in (401, 403, 404, 408, 429):
        return False
    if status == 400:  # OpenAI's answer to an unsupported response_format
        return True
    lowered = text.casefold()
    return any(word in lowered for word in FORMAT_REFUSAL_WORDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class LLMConfig:
    """Where and how to ask; ``budget`` None means no limit on requests per run."""

    url: str
    model: str
    key_env: str = DEFAULT_KEY_ENV
    budget: int | None = None
    timeout: float = 120.0  # seconds for one response
    connect_timeout: float = 10.0
    retries: int = 4  # further attempts after a connection error, 429 or 5xx
    on_error: str = "problem"  # see ON_ERROR
    backoff: float = 1.0  # first wait; doubles with every retry
    max_backoff: float = 30.0
    batch_chars: int = 6000  # statement characters per request
    batch_size: int = 12  # statements per request
    temperature: float = 0.0

    @property
    def method(self) -> str:
        return f"{METHOD_PREFIX}:{self.model}"

    @property
    def endpoint(self) -> str:
        """The chat-completions URL: ``--llm-url`` as given when it names it, else below it."""
        url = self.url.rstrip("/")
        if url.endswith("/chat/completions"):
            return url
        if not urlsplit(url).path:
            return f"{url}/v1/chat/completions"
        return f"{url}/chat/completions"

    @property
    def key(self) -> str:
        """What identifies this backend's analysis: re-runs with another one re-analyse."""
        return f"llm|{self.endpoint}|{self.model}|{PROMPT_VERSION}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A statement to ask about, with the sentence(s) that will be the stance's evidence."""

    id: str  # "s1", "s2", ... within its request
    statement: str
    sentence: str
    context: str  # the sentence before, for pronouns and reported positions
    speaker: str | None
    start: int  # cleaned offsets of the evidence sentence(s)
    end: int
    quote: Quote | None = None


# -- candidates -----------------------------------------------------------------------------------


def _sentence_spans(doc, text: str) -> list[tuple[int, int]]:
    spans = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _covering(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """Indexes of the first and last sentence overlapping [start, end), None if none does."""
    hits = [i for i, (s, e) in enumerate(spans) if s < end and e > start]
    return (hits[0], hits[-1]) if hits else None


def _is_stance_predicate(token) -> bool:
    head = token.head
    if head.lemma_.lower() in STANCE_WORDS:
        return True
    return any(child.dep_ in _HEAD_CHILD_DEPS and child.lemma_.lower() in STANCE_WORDS
               for child in head.children)


def find_candidates(doc, article: CleanArticle, actors: Sequence[Actor],
                    quotes: Sequence[Quote]) -> list[Candidate]:
    """Quotes, then sentences outside quotes where an actor is the subject of a stance word."""
    text = article.text
    spans = _sentence_spans(doc, text)
    out: list[Candidate] = []
    quoted: set[int] = set()
    for quote in sorted(quotes, key=lambda q: q.start):
        if quote.end <= quote.start:
            continue
        found = _covering(spans, quote.start, quote.end)
        if found is None:
            start, end = quote.start, quote.end
            context = ""
        else:
            i, j = found
            quoted.update(range(i, j + 1))
            start, end = spans[i][0], spans[j][1]
            context = text[spans[i - 1][0]:spans[i - 1][1]] if i > 0 else ""
        out.append(Candidate(id="", statement=quote.text, sentence=text[start:end],
                             context=context, speaker=quote.speaker, start=start, end=end,
                             quote=quote))
    mentions = sorted((m.start, m.end, actor.name) for actor in actors for m in actor.mentions)
    for i, (start, end) in enumerate(spans):
        if i in quoted:
            continue
        in_sentence = [(s, e, name) for s, e, name in mentions if s >= start and e <= end]
        if not in_sentence:
            continue
        sent = doc.char_span(start, end, alignment_mode="expand")
        if sent is None:
            continue
        subject = None
        for token in sent:
            if token.dep_ not in _SUBJECT_DEPS or not _is_stance_predicate(token):
                continue
            subject = next((name for s, e, name in in_sentence
                            if s <= token.idx < e or s < token.idx + len(token) <= e), None)
            if subject is not None:
                break
        if subject is None:
            continue
        context = text[spans[i - 1][0]:spans[i - 1][1]] if i > 0 else ""
        out.append(Candidate(id="", statement=text[start:end], sentence=text[start:end],
                             context=context, speaker=subject, start=start, end=end))
    out.sort(key=lambda c: (c.start, c.quote.start if c.quote is not None else c.start))
    return [replace(c, id=f"s{i}") for i, c in enumerate(out, 1)]


def batch_candidates(candidates: Sequence[Candidate], config: LLMConfig) -> list[list[Candidate]]:
    """Consecutive candidates grouped into requests of at most batch_size and about batch_chars,
    evened out (13 candidates in batches of 12 go as 7 + 6, not 12 + 1)."""
    batches = _greedy(candidates, config.batch_size, config.batch_chars)
    if len(batches) > 1:
        even = _greedy(candidates, -(-len(candidates) // len(batches)), config.batch_chars)
        if len(even) == len(batches):
            return even
    return batches


def _greedy(candidates: Sequence[Candidate], most: int, chars: int) -> list[list[Candidate]]:
    batches: list[list[Candidate]] = []
    size = 0
    for cand in candidates:
        cost = len(cand.statement) + len(cand.sentence) + len(cand.context)
        if batches and len(batches[-1]) < most and size + cost <= chars:
            batches[-1].append(cand)
            size += cost
        else:
            batches.append([cand])
            size = cost
    return batches


# -- the prompt -----------------------------------------------------------------------------------

SYSTEM_PROMPT = """You annotate news articles for a stance analysis of a public debate.

For each numbered statement, decide which of the propositions below the statement shows someone \
supporting or opposing. Rules:
- Give a stance only when the statement clearly takes a position on a proposition. Neutral, \
unclear, hypothetical, questioning or merely descriptive statements give no stance.
- "holder" is who takes the position, written exactly as one of the listed actors or the \
statement's speaker. Usually the speaker holds it; when the speaker reports someone else's position \
("A said B and C were against X"), the holders are B and C, and "reporter" is A.
- "proposition" is one of the listed proposition ids; "polarity" is "support" or "oppose".
- "confidence" is between 0 and 1; "evidence" is the shortest part of the statement that shows the \
position, copied verbatim.
- Answer with JSON only, of this shape:
{"stances": [{"statement": "s1", "proposition": "<id>", "polarity": "support", "holder": "<actor>", \
"reporter": null, "confidence": 0.8, "evidence": "<words>"}]}
An empty list is a good answer when no statement takes a position.

Propositions:
"""


def _propositions(codebook: Codebook) -> list[dict]:
    out = []
    for p in codebook.propositions:
        item: dict = {"id": p.id, "statement": p.statement}
        if p.description:
            item["description"] = p.description
        if p.keywords:
            item["keywords"] = list(p.keywords)
        if p.support_examples:
            item["support_examples"] = list(p.support_examples)
        if p.oppose_examples:
            item["oppose_examples"] = list(p.oppose_examples)
        out.append(item)
    return out


def response_schema(codebook: Codebook, holders: Sequence[str], statements: Sequence[str]) -> dict:
    """The JSON schema of an answer: enums of what was sent, so a strict server cannot stray."""
    item = {
        "type": "object",
        "properties": {
            "statement": {"type": "string", "enum": list(statements)},
            "proposition": {"type": "string", "enum": [p.id for p in codebook.propositions]},
            "polarity": {"type": "string", "enum": list(POLARITIES)},
            "holder": {"type": "string", "enum": list(holders)},
            "reporter": {"anyOf": [{"type": "string", "enum": list(holders)}, {"type": "null"}]},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "evidence": {"type": "string"},
        },
        "required": ["statement", "proposition", "polarity", "holder", "reporter", "confidence",
                     "evidence"],
        "additionalProperties": False,
    }
    return {"type": "object", "properties": {"stances": {"type": "array", "items": item}},
            "required": ["stances"], "additionalProperties": False}


def build_request(batch: Sequence[Candidate], holders: Sequence[str], codebook: Codebook,
                  config: LLMConfig) -> dict:
    """The chat-completions body, without response_format (added per attempt)."""
    system = SYSTEM_PROMPT + json.dumps(_propositions(codebook), ensure_ascii=False, indent=1)
    user = {
        "actors": list(holders),
        "statements": [{"id": c.id, "speaker": c.speaker, "statement": c.statement,
                        "sentence": c.sentence, "context": c.context} for c in batch],
    }
    return {
        "model": config.model,
        "temperature": config.temperature,
        "messages": [{"role": "system", "content": system},
                     {"role": "user", "content": json.dumps(user, ensure_ascii=False, indent=1)}],
    }


def _with_format(body: dict, fmt: str | None, schema: dict) -> dict:
    if fmt == "json_schema":
        return {**body, "response_format": {"type": "json_schema", "json_schema": {
            "name": "stances", "strict": True, "schema": schema}}}
    if fmt == "json_object":
        return {**body, "response_format": {"type": "json_object"}}
    return body


def parse_answer(content: str) -> list:
    """The ``stances`` list of an answer; ValueError when it is not the JSON asked for."""
    data = json.loads(_FENCE.sub("", content or ""))
    if isinstance(data, dict):
        data = data.get("stances")
    if not isinstance(data, list):
        raise ValueError("the answer has no 'stances' list")
    return data


# -- the cache and the budget ---------------------------------------------------------------------

_CACHE_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY, url TEXT NOT NULL, model TEXT NOT NULL, prompt_version TEXT NOT NULL,
    content TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS budget (run_id TEXT PRIMARY KEY, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS fallbacks (
    run_id TEXT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (run_id, article_id));
CREATE TABLE IF NOT EXISTS error_fallbacks (
    run_id TEXT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (run_id, article_id));
CREATE TABLE IF NOT EXISTS run_state (
    run_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, name));
"""


class ResponseCache:
    """Answers by request key, and each run's spent budget, in one SQLite file.

    Safe with several worker processes: WAL journal, a busy timeout, and budget reservations in
    ``BEGIN IMMEDIATE`` transactions.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            self.db.execute("PRAGMA busy_timeout = 30000")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.executescript(_CACHE_SCHEMA)
        except sqlite3.Error as err:
            raise ModelError(f"{self.path}: cannot open the stance model cache ({err})") from err

    @staticmethod
    def key(config: LLMConfig, body: dict) -> str:
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        parts = "\x1f".join((config.endpoint, config.model, PROMPT_VERSION, canonical))
        return hashlib.sha256(parts.encode("utf-8")).hexdigest()

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT content FROM responses WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, config: LLMConfig, content: str) -> None:
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.db.execute("INSERT OR REPLACE INTO responses (key, url, model, prompt_version, content,"
                        " created) VALUES (?, ?, ?, ?, ?, ?)",
                        (key, config.endpoint, config.model, PROMPT_VERSION, content, stamp))

    def reserve(self, run_id: str, n: int, budget: int | None) -> bool:
        """Take n requests from the run's budget; False (nothing taken) if fewer are left."""
        if n <= 0:
            return True
        self.db.execute("BEGIN IMMEDIATE")
        try:
            row = self.db.execute("SELECT used FROM budget WHERE run_id = ?", (run_id,)).fetchone()
            used = row[0] if row else 0
            if budget is not None and used + n > budget:
                self.db.execute("COMMIT")
                return False
            self.db.execute("INSERT INTO budget (run_id, used) VALUES (?, ?) ON CONFLICT(run_id)"
                            " DO UPDATE SET used = used + excluded.used", (run_id, n))
            self.db.execute("COMMIT")
            return True
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def used(self, run_id: str) -> int:
        row = self.db.execute("SELECT used FROM budget WHERE run_id = ?", (run_id,)).fetchone()
        return row[0] if row else 0

    def add_fallback(self, run_id: str, article_id: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO fallbacks (run_id, article_id) VALUES (?, ?)",
                        (run_id, article_id))

    def fallbacks(self, run_id: str) -> set[str]:
        rows = self.db.execute("SELECT article_id FROM fallbacks WHERE run_id = ?", (run_id,))
        return {r[0] for r in rows}

    def add_error_fallback(self, run_id: str, article_id: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO error_fallbacks (run_id, article_id) VALUES (?, ?)",
                        (run_id, article_id))

    def error_fallbacks(self, run_id: str) -> set[str]:
        rows = self.db.execute("SELECT article_id FROM error_fallbacks WHERE run_id = ?", (run_id,))
        return {r[0] for r in rows}

    # What a run learned about its endpoint, shared by its worker processes.

    def state(self, run_id: str, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM run_state WHERE run_id = ? AND name = ?",
                              (run_id, name)).fetchone()
        return row[0] if row else None

    def set_state(self, run_id: str, name: str, value: str) -> None:
        self.db.execute("INSERT INTO run_state (run_id, name, value) VALUES (?, ?, ?)"
                        " ON CONFLICT(run_id, name) DO UPDATE SET value = excluded.value",
                        (run_id, name, value))

    def count_failure(self, run_id: str, message: str) -> int:
        """One more request failed in a row; the count so far (the breaker opens at its limit)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            failures = int(self.state(run_id, "failures") or 0) + 1
            self.set_state(run_id, "failures", str(failures))
            self.set_state(run_id, "last_error", message)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return failures

    def count_success(self, run_id: str) -> None:
        if self.state(run_id, "failures") not in (None, "0") and self.state(run_id, "breaker") is None:
            self.set_state(run_id, "failures", "0")

    def close(self) -> None:
        self.db.close()


# -- the client -----------------------------------------------------------------------------------


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = (when - datetime.now(timezone.utc)).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _pause(seconds: float) -> None:
    time.sleep(seconds)


class ChatClient:
    """POSTs chat-completions requests with retries; one per process (not picklable state)."""

    def __init__(self, config: LLMConfig, *, cache: ResponseCache | None = None,
                 run_id: str | None = None) -> None:
        self.config = config
        self.url = config.endpoint
        self._cache = cache  # where the run's learned response_format is shared
        self._run_id = run_id
        headers = {"Content-Type": "application/json"}
        key = os.environ.get(config.key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        self.http = httpx.Client(headers=headers, timeout=httpx.Timeout(
            config.timeout, connect=config.connect_timeout))
        self.format_index = 0  # the first response_format this server accepts
        self.requests = 0  # HTTP requests sent, retries included

    def close(self) -> None:
        self.http.close()

    def _learned_format(self) -> int:
        if self._cache is not None and self._run_id is not None:
            learned = self._cache.state(self._run_id, f"format|{self.url}")
            if learned is not None:
                self.format_index = max(self.format_index, int(learned))
        return self.format_index

    def complete(self, body: dict, schema: dict) -> str:
        """The answer's message content, trying response formats from the last one accepted."""
        self._learned_format()
        while True:
            fmt = FORMATS[self.format_index]
            try:
                return self._post(_with_format(body, fmt, schema))
            except _Rejected as rejected:
                if self.format_index + 1 >= len(FORMATS):
                    raise LLMError(self.url, f"the request was refused: {rejected.body}",
                                   status=rejected.status) from None
                log.warning("%s refused response_format %s (HTTP %d); using %s for the rest of "
                            "the run", self.url, fmt, rejected.status, FORMATS[self.format_index + 1])
                self.format_index += 1
                if self._cache is not None and self._run_id is not None:
                    self._cache.set_state(self._run_id, f"format|{self.url}", str(self.format_index))

    def _post(self, body: dict) -> str:
        config = self.config
        for attempt in range(config.retries + 1):
            wait = min(config.max_backoff, config.backoff * 2 ** attempt)
            last = attempt >= config.retries
            try:
                self.requests += 1
                response = self.http.post(self.url, json=body)
            except httpx.HTTPError as err:  # connection refused, timeouts, broken responses
                if last:
                    raise LLMError(self.url, f"unreachable after {attempt + 1} attempts "
                                   f"({type(err).__name__}: {err}); check --llm-url and that "
                                   "the server is running") from err
                log.warning("%s: %s; retrying in %.1fs", self.url, type(err).__name__, wait)
                _pause(wait)
                continue
            status = response.status_code
            if status != 200 and refuses_format(status, response.text, body):
                raise _Rejected(response.text[:ERROR_BODY_CHARS], status)
            if status == 429 or status >= 500:
                if last:
                    raise LLMError(self.url, f"still failing after {attempt + 1} attempts: "
                                   f"{response.text[:ERROR_BODY_CHARS]}", status=status)
                after = _retry_after(response)
                wait = after if after is not None else wait
                log.warning("%s: HTTP %d; retrying in %.1fs", self.url, status, wait)
                _pause(wait)
                continue
            if status in (401, 403):
                raise LLMError(self.url, f"the endpoint refused the key; put it in the environment "
                               f"variable {config.key_env} (or name another with --llm-key-env)",
                               status=status)
            if status != 200:
                raise LLMError(self.url, f"{response.text[:ERROR_BODY_CHARS]} (check --llm-url "
                               "and --llm-model)", status=status)
            try:
                return response.json()["choices"][0]["message"]["content"] or ""
            except (ValueError, KeyError, IndexError, TypeError) as err:
                raise LLMError(self.url, f"the answer is not a chat completion ({err})",
                               status=status) from err
        raise AssertionError("unreachable")  # the loop returns or raises


# -- the backend ----------------------------------------------------------------------------------


class LLMBackend:
    """Stance detection by a language model, one instance per run, shared with worker processes.

    Connections (HTTP client, cache) open lazily in each process and are not pickled.
    """

    def __init__(self, config: LLMConfig, *, cache_path: str | Path, run_id: str) -> None:
        self.config = config
        self.cache_path = str(cache_path)
        self.run_id = run_id
        self._pid: int | None = None
        self._client: ChatClient | None = None
        self._cache: ResponseCache | None = None
        self._down: LLMError | None = None

    def __getstate__(self) -> dict:
        return {"config": self.config, "cache_path": self.cache_path, "run_id": self.run_id}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["config"], cache_path=state["cache_path"], run_id=state["run_id"])

    @property
    def method(self) -> str:
        return self.config.method

    @property
    def key(self) -> str:
        return self.config.key

    def _open(self) -> tuple[ChatClient, ResponseCache]:
        if self._pid != os.getpid() or self._client is None or self._cache is None:
            self._cache = ResponseCache(self.cache_path)
            self._client = ChatClient(self.config, cache=self._cache, run_id=self.run_id)
            self._pid = os.getpid()
            self._down = None
        return self._client, self._cache

    @property
    def cache(self) -> ResponseCache:
        return self._open()[1]

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cache is not None:
            self._cache.close()
        self._client = self._cache = self._pid = None

    def requests_used(self) -> int:
        """Requests this run spent (cache misses), over all processes."""
        return self.cache.used(self.run_id)

    def fallbacks(self) -> set[str]:
        """Ids of the articles whose stances came from the rules: the budget was spent, or the
        endpoint failed with ``on_error="rules"``."""
        return self.cache.fallbacks(self.run_id) | self.cache.error_fallbacks(self.run_id)

    def error_fallbacks(self) -> set[str]:
        """Ids of the articles whose stances came from the rules because the endpoint failed."""
        return self.cache.error_fallbacks(self.run_id)

    def breaker_message(self) -> str | None:
        """Why the run stopped asking the endpoint, None while it still asks."""
        return self.cache.state(self.run_id, "breaker")

    def _breaker_error(self) -> LLMError | None:
        message = self.breaker_message()
        if message is None:
            return None
        return LLMError(self.config.endpoint, message)

    def detect(self, doc, article: CleanArticle, actors: Sequence[Actor], quotes: Sequence[Quote],
               codebook: Codebook) -> tuple[Stance, ...]:
        """The article's stances, from the model (or the rules once the budget is spent).

        LLMError when the endpoint fails, unless ``on_error`` is "rules": then the rules' stances,
        the article recorded as an error fallback.
        """
        try:
            return self._detect(doc, article, actors, quotes, codebook)
        except LLMError as err:
            if self.config.on_error != "rules":
                raise
            self.cache.add_error_fallback(self.run_id, article.id)
            log.info("%s: stance model failed (%s); using the rules", article.source, err)
            return detect_stances(doc, article, actors, quotes, codebook)

    def _detect(self, doc, article: CleanArticle, actors: Sequence[Actor], quotes: Sequence[Quote],
                codebook: Codebook) -> tuple[Stance, ...]:
        if not codebook.propositions:
            return ()
        candidates = find_candidates(doc, article, actors, quotes)
        if not candidates:
            return ()
        holders, by_name = _holders(actors, candidates)
        if not holders:  # nobody the model could name as a holder
            return ()
        client, cache = self._open()
        requests = []
        for batch in batch_candidates(candidates, self.config):
            body = build_request(batch, holders, codebook, self.config)
            schema = response_schema(codebook, holders, [c.id for c in batch])
            requests.append((batch, body, schema, ResponseCache.key(self.config, body)))
        cached = {key: cache.get(key) for *_, key in requests}
        misses = sum(1 for value in cached.values() if value is None)
        if misses and self._down is not None:  # this process found the endpoint unreachable
            raise self._down
        if misses and (stopped := self._breaker_error()) is not None:
            raise stopped
        if misses and not cache.reserve(self.run_id, misses, self.config.budget):
            cache.add_fallback(self.run_id, article.id)
            log.info("%s: stance model budget spent; using the rules", article.source)
            return detect_stances(doc, article, actors, quotes, codebook)
        found: dict[tuple[str, str, str], Stance] = {}
        for batch, body, schema, key in requests:
            items = self._answer(client, cache, body, schema, key, cached[key], article)
            for stance in _stances(items, batch, by_name, codebook, article, self.config):
                k = (stance.actor_id, stance.proposition, stance.polarity)
                if k not in found or stance.confidence > found[k].confidence:
                    found[k] = stance
        return tuple(sorted(found.values(), key=lambda s: (s.evidence_start, s.actor, s.proposition)))

    def _answer(self, client: ChatClient, cache: ResponseCache, body: dict, schema: dict, key: str,
                content: str | None, article: CleanArticle) -> list:
        if content is not None:
            try:
                return parse_answer(content)
            except ValueError:
                log.warning("%s: dropping a malformed cached answer", self.cache_path)
        if self._down is not None:  # this process already found the endpoint unreachable
            raise self._down
        for attempt in range(2):  # malformed JSON is asked for once more
            if (stopped := self._breaker_error()) is not None:
                raise stopped
            try:
                content = client.complete(body, schema)
            except LLMError as err:
                if err.status is None:  # unreachable: this process asks no more
                    self._down = err
                self._count_failure(cache, err)
                raise
            cache.count_success(self.run_id)
            try:
                items = parse_answer(content)
            except ValueError as err:
                log.warning("%s: malformed answer from %s (%s)%s", article.source, client.url, err,
                            "; asking again" if attempt == 0 else "")
                continue
            cache.put(key, self.config, content)
            return items
        raise LLMError(client.url, "the model answered malformed JSON twice; try another model")

    def _count_failure(self, cache: ResponseCache, err: LLMError) -> None:
        """Count a failed request; at BREAKER_FAILURES in a row, stop asking for the run."""
        failures = cache.count_failure(self.run_id, str(err))
        if failures >= BREAKER_FAILURES and cache.state(self.run_id, "breaker") is None:
            detail = str(err).removeprefix(f"stance model endpoint {self.config.endpoint}").lstrip(" :")
            message = (f"stopped asking after {failures} failed requests in a row (last: {detail});"
                       " the remaining articles of this run get no model stances")
            cache.set_state(self.run_id, "breaker", message)
            log.warning("stance model endpoint %s: %s", self.config.endpoint, message)


def _holders(actors: Sequence[Actor],
             candidates: Sequence[Candidate]) -> tuple[list[str], dict[str, Actor | Quote]]:
    """Names the model may give as holders, and what each (case-folded, aliases too) stands for."""
    names: list[str] = []
    by_name: dict[str, Actor | Quote] = {}
    for actor in actors:
        if actor.name not in names:
            names.append(actor.name)
        for alias in (actor.name, *actor.aliases):
            by_name.setdefault(alias.casefold(), actor)
    for cand in candidates:
        if cand.speaker and cand.speaker.casefold() not in by_name and cand.quote is not None:
            names.append(cand.speaker)
            by_name[cand.speaker.casefold()] = cand.quote
    return names, by_name


def _resolve(name: object, by_name: dict[str, Actor | Quote]) -> tuple[str, str] | None:
    """(canonical name, actor id) of a holder named in an answer, None if it was not sent."""
    if not isinstance(name, str):
        return None
    hit = by_name.get(name.strip().casefold())
    if isinstance(hit, Actor):
        return hit.name, hit.id
    if isinstance(hit, Quote) and hit.speaker:
        return hit.speaker, hit.actor_id or content_id(hit.speaker.lower())
    return None


def _stances(items: list, batch: Sequence[Candidate], by_name: dict[str, Actor | Quote],
             codebook: Codebook, article: CleanArticle, config: LLMConfig) -> list[Stance]:
    """Validated stances of one answer; anything naming what was not sent is dropped and logged."""
    cands = {c.id: c for c in batch}
    props = {p.id for p in codebook.propositions}
    out = []
    for item in items:
        if not isinstance(item, dict):
            log.info("%s: dropping an answer item that is not an object: %r", article.source, item)
            continue
        cand = cands.get(str(item.get("statement")))
        if cand is None and len(batch) == 1 and item.get("statement") is None:
            cand = batch[0]
        holder = _resolve(item.get("holder"), by_name)
        problems = []
        if cand is None:
            problems.append(f"unknown statement {item.get('statement')!r}")
        if item.get("proposition") not in props:
            problems.append(f"unknown proposition {item.get('proposition')!r}")
        if item.get("polarity") not in POLARITIES:
            problems.append(f"unknown polarity {item.get('polarity')!r}")
        if holder is None:
            problems.append(f"holder {item.get('holder')!r} is not an actor that was sent")
        if problems:
            log.info("%s: dropping a stance from the model: %s", article.source, "; ".join(problems))
            continue
        reporter = _resolve(item.get("reporter"), by_name) if item.get("reporter") else None
        if item.get("reporter") and reporter is None:
            log.info("%s: dropping unknown reporter %r", article.source, item.get("reporter"))
        if reporter is None and cand.quote is not None and cand.speaker and holder[0] != cand.speaker:
            reporter = (cand.speaker, "")  # the speaker reports someone else's position
        try:
            confidence = min(1.0, max(0.0, float(item.get("confidence", 0.5))))
        except (TypeError, ValueError):
            confidence = 0.5
        name, actor_id = holder
        quote = cand.quote
        out.append(Stance(
            id=content_id(article.id, actor_id, item["proposition"], item["polarity"], cand.start),
            article_id=article.id, actor=name, actor_id=actor_id, proposition=item["proposition"],
            polarity=item["polarity"], evidence=article.text[cand.start:cand.end],
            evidence_start=cand.start, evidence_end=cand.end,
            quote_id=quote.id if quote is not None else None,
            reporter=reporter[0] if reporter is not None and reporter[0] != name else None,
            date=(quote.date if quote is not None and quote.date else article.published),
            confidence=round(confidence, 3), method=config.method))
    return out
