"""`stancemap corrections`: list, add, undo, export and import the analyst's corrections."""

from __future__ import annotations

import json
import sys

import click

from ..errors import StancemapError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _db_option():
    return click.option("--db", "db", type=click.Path(dir_okay=False), required=True,
                        metavar="PATH|URL",
              help="The database `stancemap run` wrote: a SQLite file or a postgresql:// URL.")


@click.group("corrections", context_settings=CONTEXT)
def corrections() -> None:
    """The analyst's corrections: stored apart from the automatic records, applied over them
    by every export, report and the web app, and kept when `stancemap run` runs again.

    \b
    Example:
      stancemap corrections list --db debate.db
      stancemap corrections add --db debate.db stance.polarity 3f2a... --set polarity=oppose
      stancemap corrections export --db debate.db > corrections.jsonl
    """


@corrections.command("list", context_settings=CONTEXT)
@_db_option()
@click.option("--format", "fmt", type=click.Choice(["tsv", "jsonl"]), default="tsv", show_default=True,
              help="Tab-separated lines, or one JSON object per correction.")
def list_command(db, fmt) -> None:
    """List every correction, oldest first; orphaned ones (whose record a re-run no longer
    finds) are flagged and kept.

    \b
    Example:
      stancemap corrections list --db debate.db
    """
    from ..store import open_store
    from . import list_corrections

    try:
        with open_store(db, readonly=True) as store:
            items = list_corrections(store)
    except StancemapError as error:
        raise click.ClickException(str(error)) from error
    if fmt == "jsonl":
        for c in items:
            click.echo(json.dumps(c.to_dict(), ensure_ascii=False))
        return
    click.echo("id\tcreated\tkind\ttarget\tpayload\tstatus\tnote")
    for c in items:
        payload = json.dumps(c.payload, ensure_ascii=False)
        status = "orphaned" if c.orphaned else "applied"
        note = (c.note or "").replace("\t", " ")
        click.echo(f"{c.id}\t{c.created}\t{c.kind}\t{c.target}\t{payload}\t{status}\t{note}")


@corrections.command("add", context_settings=CONTEXT)
@_db_option()
@click.argument("kind")
@click.argument("target")
@click.option("--set", "values", multiple=True, metavar="KEY=VALUE",
              help="A field of the correction (repeatable): polarity=, proposition=, actor=, "
                   "actor_id=, evidence=, into=, alias=, name=.")
@click.option("--note", help="Why (kept with the correction).")
@click.option("--author", help="Who made it.")
def add_command(db, kind, target, values, note, author) -> None:
    """Add one correction. KIND is one of quote.confirm, quote.reject, quote.speaker,
    stance.confirm, stance.reject, stance.polarity, stance.proposition, stance.add,
    actor.merge, actor.split; TARGET is the quote, stance or actor id (an article id for
    stance.add), as `stancemap export` and the web app show them.

    \b
    Example:
      stancemap corrections add --db debate.db stance.polarity 3f2a9c... --set polarity=oppose
      stancemap corrections add --db debate.db quote.speaker 8c52... --set "actor=Bartol Krenz"
      stancemap corrections add --db debate.db actor.merge ACTOR_ID --set into=OTHER_ID
    """
    from ..store import open_store
    from . import add_correction

    payload = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep:
            raise click.BadParameter(f"'{value}' is not KEY=VALUE", param_hint="--set")
        payload[key.strip()] = text
    try:
        with open_store(db) as store:
            c = add_correction(store, kind, target, payload, note=note, author=author)
    except StancemapError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"correction {c.id}: {c.kind} {c.target}", err=True)


@corrections.command("undo", context_settings=CONTEXT)
@_db_option()
@click.argument("correction_id", type=int)
def undo_command(db, correction_id) -> None:
    """Undo (delete) one correction by its id.

    \b
    Example:
      stancemap corrections undo --db debate.db 12
    """
    from ..store import open_store
    from . import delete_correction

    try:
        with open_store(db) as store:
            c = delete_correction(store, correction_id)
    except StancemapError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"undone: correction {c.id} ({c.kind} {c.target})", err=True)


@corrections.command("export", context_settings=CONTEXT)
@_db_option()
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of stdout.")
def export_command(db, output) -> None:
    """Write every correction as JSON Lines, to keep, share or import into another database.

    \b
    Example:
      stancemap corrections export --db debate.db > corrections.jsonl
    """
    from ..store import open_store
    from . import export_corrections

    try:
        with open_store(db, readonly=True) as store, click.open_file(output, "w", encoding="utf-8") as out:
            n = export_corrections(store, out)
    except StancemapError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{n} corrections", err=True)


@corrections.command("import", context_settings=CONTEXT)
@_db_option()
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
def import_command(db, path) -> None:
    """Add corrections exported from another database (ones already here are skipped).

    \b
    Example:
      stancemap corrections import --db team.db corrections.jsonl
    """
    from ..store import open_store
    from . import import_corrections

    name = "<stdin>" if path == "-" else path
    try:
        with click.open_file(path, "r", encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{name}: cannot read it ({error})") from error
    try:
        with open_store(db) as store:
            added, skipped = import_corrections(store, lines, name=name)
    except StancemapError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{added} added, {skipped} already there", err=True)
    sys.exit(0)
