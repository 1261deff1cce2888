"""The review app: one FastAPI application over one stancemap database.

Each request opens its own connection to the database (SQLite connections are not shared across
threads) and closes it when done. Every response carries a Content-Security-Policy that allows
only the app's own files; state-changing requests from other sites are refused.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import StoreError, damaged_message
from ..store import DAMAGED_ERRORS, is_postgres_url, open_store
from ..store.sql import display_name
from . import api, pages
from .deps import database  # noqa: F401 - the app's per-request store, kept importable from here

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# FastAPI's interactive API page (/docs) loads Swagger UI from its CDN and starts it with an
# inline script; it shows no article data.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
STATIC = Path(__file__).with_name("static")


def check_database(path: str | Path) -> Path | str:
    """The path (or PostgreSQL URL) of an existing stancemap database, or a StoreError saying
    what is wrong with it.

    Nothing is created or migrated: a file that is not a stancemap database is left untouched.
    """
    if is_postgres_url(str(path)):
        with open_store(str(path), readonly=True):  # connects; refuses a non-stancemap schema
            return str(path)
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such database; create it with `stancemap run ... --db {path}`")
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise StoreError(f"{path}: not a SQLite database; give the file `stancemap run --db` wrote")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            # A damaged file is said so before serving (about one read of the file).
            damage = [r[0] for r in db.execute("PRAGMA quick_check(1)")]
        finally:
            db.close()
    except sqlite3.DatabaseError as err:
        raise StoreError(damaged_message(path, err)) from err
    if damage != ["ok"]:
        raise StoreError(damaged_message(path, sqlite3.DatabaseError(damage[0])))
    if version < 1 or not {"articles", "quotes", "stances", "actors"} <= tables:
        raise StoreError(f"{path}: not a stancemap database (no stancemap tables); give the file "
                         "`stancemap run --db` wrote")
    return path


def _origin(url: str) -> tuple[str, str] | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return parts.scheme.lower(), parts.netloc.lower()


def cross_site(request: Request) -> str | None:
    """Why a request must be refused as coming from another site, or None.

    Browsers send Origin (or at least Referer) with every form POST and fetch; it must name this
    app. Requests with neither come from scripts and command-line clients, not from web pages.
    """
    own = (request.url.scheme.lower(), (request.headers.get("host") or "").lower())
    origin = request.headers.get("origin")
    if origin is not None:
        if origin == "null" or _origin(origin) != own:
            return f"refused a {request.method} from another origin ({origin})"
        return None
    referer = request.headers.get("referer")
    if referer is not None and _origin(referer) != own:
        return f"refused a {request.method} from another site ({referer})"
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return f"refused a {request.method} from another site"
    return None


def _may_read(request: Request) -> bool:
    """Whether a GET may run without the cross-site check: page navigations may (a link from
    elsewhere opens the app); API calls and pages loaded as images, scripts or frames by another
    site's page may not, so no web page can make the app search on its behalf."""
    if request.url.path.startswith("/api/"):
        return False
    return request.headers.get("sec-fetch-mode", "navigate") == "navigate"


def create_app(db_path: str | Path, *, allowed_hosts: tuple[str, ...] = LOCAL_HOSTS) -> FastAPI:
    """The review app over the database at ``db_path`` (checked now: StoreError if unusable).

    ``allowed_hosts`` are the Host header values served; anything else (a DNS-rebinding page,
    say) gets 400. Pass ``("*",)`` to serve every host name.
    """
    path = check_database(db_path)
    with open_store(path):  # migrates an older schema once, before serving
        pass
    app = FastAPI(title="stancemap review", version=__version__, redoc_url=None,
                  description="Review and correct what stancemap found: quotes, speakers, stances "
                              "and actors. Every HTML page has a JSON twin under /api.")
    app.state.db_path = path
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.middleware("http")
    async def guard(request: Request, call_next) -> Response:
        if request.method not in SAFE_METHODS or not _may_read(request):
            reason = cross_site(request)
            if reason:
                if request.url.path.startswith("/api/"):
                    response: Response = JSONResponse({"detail": reason}, status_code=403)
                else:
                    response = pages.message_page(request, reason, status=403)
                return _secure(request, response)
        return _secure(request, await call_next(request))

    async def damaged(request: Request, exc: Exception) -> Response:
        reason = damaged_message(path.name if isinstance(path, Path) else display_name(path), exc)
        if request.url.path.startswith("/api/"):
            return _secure(request, JSONResponse({"detail": reason}, status_code=503))
        return _secure(request, pages.message_page(request, reason, status=503))

    for error in DAMAGED_ERRORS:
        app.add_exception_handler(error, damaged)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(("/api/", "/static/", "/openapi.json", "/docs")):
            return await http_exception_handler(request, exc)
        return pages.message_page(request, str(exc.detail), status=exc.status_code)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def _secure(request: Request, response: Response) -> Response:
    docs = request.url.path in ("/docs", "/docs/oauth2-redirect")
    response.headers["Content-Security-Policy"] = DOCS_CSP if docs else CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    return response
