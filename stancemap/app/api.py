"""The JSON API: a twin of every page, with the same filters and pagination."""

from __future__ import annotations

import threading
from typing import Any, Generic, TypeVar

import anyio
from fastapi import APIRouter, Body, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from . import actions, data
from .deps import FILTERS, LIMIT, MAX_OFFSET, OFFSET, database  # noqa: F401 - MAX_OFFSET re-exported

router = APIRouter(prefix="/api", tags=["api"])
T = TypeVar("T")
# Search offsets past this answer 422: a search is ranked in full before the offset applies, so
# deep search pages cost the most.
MAX_SEARCH_OFFSET = 10_000
# How often a running search looks whether its client has gone (seconds).
DISCONNECT_POLL_SECONDS = 0.1
# The status logged for a search whose client went away (nginx's convention; nobody reads it).
CLIENT_CLOSED = 499
CorrectionId = int


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="records matching the filters, over all pages (counted up to "
                                   "10,000 past this page; see more)")
    more: bool = Field(False, description="true when more records match than total counts")
    limit: int
    offset: int


class Reviewable(BaseModel):
    review: str = Field("auto", description="auto | confirmed | corrected | added | rejected")
    corrections: list[CorrectionId] = Field(default_factory=list, description="ids of the corrections applied")


class ArticleOut(BaseModel):
    id: str
    source: str
    format: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    quotes: int = 0
    stances: int = 0


class RemovedLineOut(BaseModel):
    text: str
    reason: str
    raw_start: int


class ArticleActorOut(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str] = []
    roles: list[str] = []


class QuoteOut(Reviewable):
    id: str
    article_id: str
    type: str | None = None
    text: str
    start: int | None = None
    end: int | None = None
    speaker: str | None = None
    actor_id: str | None = None
    actor_name: str | None = None
    speaker_mention: str | None = None
    cue: str | None = None
    evidence: str | None = None
    date: str | None = None
    date_granularity: str | None = None
    date_text: str | None = None
    confidence: float | None = None
    method: str | None = None
    article_title: str | None = None
    outlet: str | None = None
    published: str | None = None
    source: str | None = None


class StanceOut(Reviewable):
    id: str
    article_id: str
    actor: str
    actor_id: str
    actor_name: str | None = None
    proposition: str
    polarity: str
    evidence: str
    evidence_start: int | None = None
    evidence_end: int | None = None
    quote_id: str | None = None
    reporter: str | None = None
    date: str | None = None
    confidence: float | None = None
    method: str | None = None
    article_title: str | None = None
    outlet: str | None = None
    published: str | None = None
    source: str | None = None


class ArticleDetailOut(ArticleOut):
    quotes: list[QuoteOut] = []  # type: ignore[assignment]
    stances: list[StanceOut] = []  # type: ignore[assignment]
    text: str
    body_start: int
    removed_lines: list[RemovedLineOut]
    actors: list[ArticleActorOut]
    copies: list[dict[str, Any]] = Field(default_factory=list, description="near-duplicate groups it belongs to")


class MergedOut(BaseModel):
    id: str
    name: str
    correction: int


class ActorOut(Reviewable):
    id: str
    name: str
    type: str
    aliases: list[str] = []
    roles: list[str] = []
    articles: int = 0
    quotes: int = 0
    stances: int = 0
    merged: list[MergedOut] = Field(default_factory=list, description="actors merged into this one")


class ActorDetailOut(ActorOut):
    quote_list: list[QuoteOut] = Field(description="the first 500 quotes, rejected ones included")
    stance_list: list[StanceOut] = Field(description="the first 500 stances, rejected ones included")
    quote_total: int = 0
    stance_total: int = 0


class HolderOut(BaseModel):
    actor: str
    actor_id: str
    first: str | None = None
    last: str | None = None
    evidence_count: int = Field(0, description="the holder's stances on this side")
    evidence: list[StanceOut] = Field(description="its first 20 stances when the list is filtered by "
                                                  "proposition or actor; else empty")


class PropositionOut(BaseModel):
    id: str
    statement: str
    description: str | None = None
    keywords: list[str] = []
    supporters: int = Field(0, description="actors supporting it (the first 100 are listed)")
    opponents: int = Field(0, description="actors opposing it (the first 100 are listed)")
    support: list[HolderOut]
    oppose: list[HolderOut]


class CorrectionOut(BaseModel):
    id: CorrectionId
    created: str | None = None
    kind: str
    target: str
    article_id: str | None = None
    payload: dict[str, Any] = {}
    note: str | None = None
    author: str | None = None
    orphaned: bool = Field(False, description="its target is no longer found (kept, never dropped)")
    applies_to: str | None = Field(None, description="the id of the record it corrects now")


class CorrectionIn(BaseModel):
    kind: str = Field(description="quote.confirm | quote.reject | quote.speaker | stance.confirm | "
                                  "stance.reject | stance.polarity | stance.proposition | stance.add | "
                                  "actor.merge | actor.split")
    target: str = Field(description="the quote, stance or actor id (the article id for stance.add)")
    payload: dict[str, Any] = Field(default_factory=dict)
    note: str | None = None
    author: str | None = None

    model_config = {"json_schema_extra": {"examples": [
        {"kind": "stance.polarity", "target": "0123456789abcdef", "payload": {"polarity": "oppose"},
         "note": "the sentence is sarcastic"}]}}


class SearchHitOut(BaseModel):
    kind: str = Field(description="article | quote")
    id: str
    article_id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    speaker: str | None = None
    snippet: str = Field(description="plain text; the match sits between \\u0002 and \\u0003")


@router.get("/articles", response_model=Page[ArticleOut])
def api_articles(request: Request, f: data.Filters = FILTERS, limit: int = LIMIT, offset: int = OFFSET):
    """Articles (without text) with their quote and stance counts."""
    with database(request) as store:
        return data.articles_page(store, f, limit, offset)


@router.get("/articles/{article_id}", response_model=ArticleDetailOut)
def api_article(request: Request, article_id: str):
    """One article: cleaned text, removed lines, actors, quotes and stances (rejected included)."""
    with database(request) as store:
        record = data.article(store, article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return record


@router.get("/actors", response_model=Page[ActorOut])
def api_actors(request: Request, limit: int = LIMIT, offset: int = OFFSET,
               q: str | None = Query(None, description="part of a name or alias")):
    """Actors with aliases, roles and counts."""
    with database(request) as store:
        return data.paginate(data.actors(store, q), limit, offset)


@router.get("/actors/{actor_id}", response_model=ActorDetailOut)
def api_actor(request: Request, actor_id: str):
    """One actor with every quote and stance (rejected included)."""
    with database(request) as store:
        record = data.actor(store, actor_id)
    if record is None:
        raise HTTPException(404, f"no actor {actor_id!r}")
    return record


@router.get("/quotes", response_model=Page[QuoteOut])
def api_quotes(request: Request, f: data.Filters = FILTERS, limit: int = LIMIT, offset: int = OFFSET):
    """Quotes with speakers and review state."""
    with database(request) as store:
        return data.quotes_page(store, f, limit, offset)


@router.get("/stances", response_model=Page[StanceOut])
def api_stances(request: Request, f: data.Filters = FILTERS, limit: int = LIMIT, offset: int = OFFSET):
    """Stances with evidence and review state."""
    with database(request) as store:
        return data.stances_page(store, f, limit, offset)


@router.get("/propositions", response_model=list[PropositionOut])
def api_propositions(request: Request, f: data.Filters = FILTERS):
    """Propositions with their supporters and opponents, evidence and dates."""
    with database(request) as store:
        return data.propositions(store, f)


@router.get("/corrections", response_model=Page[CorrectionOut])
def api_corrections(request: Request, limit: int = LIMIT, offset: int = OFFSET):
    """Every correction, newest first."""
    with database(request) as store:
        return data.paginate(actions.corrections(store), limit, offset)


@router.post("/corrections", response_model=CorrectionOut, status_code=201)
def api_add_correction(request: Request, correction: CorrectionIn = Body(...)):
    """Save a correction. 400: malformed; 404: no such target; 409: cannot apply now."""
    with database(request) as store:
        return actions.apply(store, correction.kind, correction.target, correction.payload,
                             note=correction.note, author=correction.author)


@router.delete("/corrections/{correction_id}", status_code=204, response_class=Response)
def api_delete_correction(request: Request, correction_id: int):
    """Undo a correction. 404: no such correction."""
    with database(request) as store:
        actions.undo(store, correction_id)
    return Response(status_code=204)


@router.get("/search", response_model=list[SearchHitOut],
            responses={400: {"description": "over a cap on length or words"},
                       503: {"description": "the search ran past its time budget"}})
async def api_search(request: Request, q: str = Query(..., min_length=1, description="search terms"),
                     limit: int = Query(50, ge=1, le=200),
                     offset: int = Query(0, ge=0, le=MAX_SEARCH_OFFSET)):
    """Full-text search over article titles, bodies and quotes: words (all must match),
    "quoted phrases", prefix* and OR; at most 200 characters and 12 words. The search stops
    when the client disconnects."""
    cancel = threading.Event()

    def run() -> list[dict]:
        with database(request) as store:
            return data.search(store, q, limit, offset, cancel=cancel)

    async def watch() -> None:
        while not cancel.is_set():
            if await request.is_disconnected():
                cancel.set()
                return
            await anyio.sleep(DISCONNECT_POLL_SECONDS)

    async def search() -> list[dict]:
        try:
            return await anyio.to_thread.run_sync(run)
        finally:
            cancel.set()  # ends the watcher

    try:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(watch)
            hits = await search()
    except* (data.SearchCancelled, data.SearchError, data.SearchBusy) as group:
        err = group.exceptions[0]
    else:
        return hits
    if isinstance(err, data.SearchCancelled):
        return Response(status_code=CLIENT_CLOSED)
    raise HTTPException(400 if isinstance(err, data.SearchError) else 503, str(err)) from err
