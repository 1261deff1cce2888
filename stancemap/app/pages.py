"""The HTML pages: server-rendered, autoescaped, working without JavaScript.

Review actions are plain HTML forms that POST to /review and are redirected back to the page
they came from; a correction that cannot be applied shows a page saying why, with the HTTP
status the API would give.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from . import actions, data
from .deps import FILTERS, LIMIT, OFFSET, database

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).with_name("templates")
MAX_FORM = 1_000_000  # bytes
REVIEW_LABELS = {"confirmed": "confirmed", "corrected": "corrected", "added": "added by analyst",
                 "rejected": "rejected"}


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["marked"] = data.marked
    env.globals["version"] = __version__
    env.globals["review_labels"] = REVIEW_LABELS
    env.globals["kinds"] = actions.KINDS
    return env


ENV = _env()


def render(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")

    def qs(**changes: object) -> str:
        params = {k: v for k, v in request.query_params.items()}
        params.update({k: str(v) for k, v in changes.items() if v is not None})
        for k, v in changes.items():
            if v is None:
                params.pop(k, None)
        return "?" + urlencode(params) if params else request.url.path

    html = ENV.get_template(template).render(request=request, here=here, qs=qs, **context)
    return HTMLResponse(html, status_code=status)


def message_page(request: Request, message: str, *, status: int, back: str | None = None) -> HTMLResponse:
    """A page showing one message (an error, usually), with a link back."""
    return render(request, "message.html", status=status, message=message, back=safe_next(back),
                  title="Cannot do that" if status >= 400 else "Done")


def safe_next(value: str | None) -> str:
    """A local path to go back to (never another site)."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    return value


# -- reading ---------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request):
    with database(request) as store:
        context = data.overview(store)
    return render(request, "overview.html", title="Overview", **context)


def _choices(store, selected: str | None = None) -> dict:
    return {"actor_choices": data.actor_choices(store, selected),
            "proposition_choices": [(p["id"], p["statement"]) for p in store.propositions()],
            "outlet_choices": data.outlets(store)}


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, f: data.Filters = FILTERS, limit: int = LIMIT, offset: int = OFFSET):
    with database(request) as store:
        page = data.articles_page(store, f, limit, offset)
        choices = _choices(store, f.actor)
    return render(request, "articles.html", title="Articles", page=page, f=f, **choices)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str):
    with database(request) as store:
        record = data.article(store, article_id)
        if record is None:
            raise HTTPException(404, f"no article {article_id!r}")
        choices = _choices(store)
    pieces = data.highlight(record["text"], [q for q in record["quotes"]])
    return render(request, "article.html", title=record["title"] or record["source"], a=record,
                  pieces=pieces, **choices)


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: str | None = None, limit: int = LIMIT, offset: int = OFFSET):
    with database(request) as store:
        page = data.paginate(data.actors(store, q), limit, offset)
    return render(request, "actors.html", title="Actors", page=page, q=q or "")


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str):
    with database(request) as store:
        record = data.actor(store, actor_id)
        if record is None:
            raise HTTPException(404, f"no actor {actor_id!r}")
        choices = _choices(store)
    return render(request, "actor.html", title=record["name"], actor=record, **choices)


@router.get("/propositions", response_class=HTMLResponse)
def propositions_page(request: Request, f: data.Filters = FILTERS):
    with database(request) as store:
        records = data.propositions(store, f)
        choices = _choices(store)
    return render(request, "propositions.html", title="Propositions", propositions=records, f=f,
                  **choices)


@router.get("/propositions/{proposition_id}", response_class=HTMLResponse)
def proposition_page(request: Request, proposition_id: str, f: data.Filters = FILTERS):
    with database(request) as store:
        records = data.propositions(store, data.Filters(
            actor=f.actor, outlet=f.outlet, date_from=f.date_from, date_to=f.date_to,
            proposition=proposition_id))
        choices = _choices(store)
    if not records:
        raise HTTPException(404, f"no proposition {proposition_id!r}")
    return render(request, "proposition.html", title=records[0]["id"], p=records[0], f=f, **choices)


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, f: data.Filters = FILTERS, limit: int = LIMIT, offset: int = OFFSET):
    with database(request) as store:
        page = data.quotes_page(store, f, limit, offset)
        choices = _choices(store, f.actor)
    return render(request, "quotes.html", title="Quotes", page=page, f=f, **choices)


@router.get("/stances", response_class=HTMLResponse)
def stances_page(request: Request, f: data.Filters = FILTERS, limit: int = LIMIT, offset: int = OFFSET):
    with database(request) as store:
        page = data.stances_page(store, f, limit, offset)
        choices = _choices(store, f.actor)
    return render(request, "stances.html", title="Stances", page=page, f=f, **choices)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", limit: int = Query(50, ge=1, le=200)):
    hits: list[dict] = []
    error = None
    status = 200
    if q.strip():
        with database(request) as store:
            try:
                hits = data.search(store, q, limit)
            except data.SearchError as err:
                error, status = str(err), 400
            except data.SearchBusy as err:
                error, status = str(err), 503
    return render(request, "search.html", title="Search", q=q, search_q=q, hits=hits, error=error,
                  status=status)


@router.get("/corrections", response_class=HTMLResponse)
def corrections_page(request: Request, limit: int = LIMIT, offset: int = OFFSET):
    with database(request) as store:
        page = data.paginate(actions.corrections(store), limit, offset)
    return render(request, "corrections.html", title="Corrections", page=page)


# -- review ----------------------------------------------------------------------------------

async def form_fields(request: Request) -> dict[str, str]:
    """The fields of a posted HTML form (application/x-www-form-urlencoded)."""
    body = await request.body()
    if not body:
        return {}
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, "send the form as application/x-www-form-urlencoded")
    if len(body) > MAX_FORM:
        raise HTTPException(413, "the form is too large")
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
    except UnicodeDecodeError as err:
        raise HTTPException(400, "the form is not UTF-8") from err


FORM_ONLY = ("kind", "target", "note", "author", "next", "anchor")
ANCHOR = re.compile(r"[A-Za-z0-9_-]{1,80}")


def _review(request: Request, fields: dict[str, str]) -> dict:
    kind = fields.get("kind", "")
    payload = {k: v for k, v in fields.items() if k not in FORM_ONLY and v.strip()}
    with database(request) as store:
        return actions.apply(store, kind, fields.get("target", ""), payload,
                             note=fields.get("note"), author=fields.get("author"))


@router.post("/review")
async def review_form(request: Request) -> Response:
    fields = await form_fields(request)
    back = safe_next(fields.get("next"))
    try:
        await run_in_threadpool(_review, request, fields)
    except HTTPException as err:
        return message_page(request, str(err.detail), status=err.status_code, back=back)
    anchor = fields.get("anchor", "")
    return RedirectResponse(back + (f"#{anchor}" if ANCHOR.fullmatch(anchor) else ""), status_code=303)


def _undo(request: Request, correction_id: str) -> None:
    with database(request) as store:
        actions.undo(store, correction_id)


@router.post("/corrections/{correction_id}/undo")
async def undo_form(request: Request, correction_id: str) -> Response:
    fields = await form_fields(request)
    back = safe_next(fields.get("next") or "/corrections")
    try:
        await run_in_threadpool(_undo, request, correction_id)
    except HTTPException as err:
        return message_page(request, str(err.detail), status=err.status_code, back=back)
    return RedirectResponse(back, status_code=303)
