"""The ``serve`` command: the review app on a local port."""

from __future__ import annotations

import threading
import webbrowser

import click

from ..errors import StancemapError, printable

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
LOCAL = {"127.0.0.1", "localhost", "::1"}


@click.command(context_settings=CONTEXT)
@click.option("--db", "db", type=click.Path(dir_okay=False), required=True,
              metavar="PATH|URL",
              help="The database `stancemap run` wrote: a SQLite file or a postgresql:// URL.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address lets other machines in.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True,
              help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the default browser.")
def serve(db, host, port, open_browser) -> None:
    """Review and correct the results in a browser, with a JSON API beside every page.

    Corrections (confirm or reject a quote or stance, change a speaker, polarity or
    proposition, add a missed stance, merge or split actors) are saved in the database and
    survive re-runs. Stop with Ctrl-C.

    \b
    Example:
      stancemap serve --db debate.db --open
      stancemap serve --db debate.db --port 9000
    """
    import uvicorn

    from .server import LOCAL_HOSTS, create_app

    hosts = LOCAL_HOSTS if host in LOCAL else ("*",)
    try:
        app = create_app(db, allowed_hosts=hosts)
    except StancemapError as error:
        raise click.ClickException(printable(str(error))) from error
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    if host not in LOCAL:
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can read and "
                   "correct the data", err=True)
    click.echo(f"stancemap review: {url}  (API docs: {url}docs; Ctrl-C stops)", err=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
