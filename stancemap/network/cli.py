"""Commands `network`, `table` and `coalitions`: discourse networks, the actor x proposition
table and camps of actors, from a stancemap database (opened read-only)."""

from __future__ import annotations

import click

from ..errors import StancemapError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
TYPES = ("twomode", "congruence", "conflict", "subtract")
QUALIFIERS = ("combine", "subtract", "support", "oppose")
NORMALIZATIONS = ("none", "average", "jaccard", "cosine")
DUPLICATES = ("article", "outlet-day", "none")


def _db(function):
    return click.option("--db", "db", type=click.Path(dir_okay=False), required=True,
                        metavar="PATH|URL",
              help="The database `stancemap run` wrote: a SQLite file or a postgresql:// URL.")(function)


def _filters(function):
    function = click.option("--end", metavar="DATE",
                            help="Only statements dated on or before this day (YYYY-MM-DD).")(function)
    function = click.option("--start", metavar="DATE",
                            help="Only statements dated on or after this day (YYYY-MM-DD).")(function)
    return click.option("--duplicates", type=click.Choice(DUPLICATES), default="article",
                        show_default=True,
                        help="Count a repeated statement (same actor, proposition and polarity) once "
                             "per article, once per outlet and day, or every time.")(function)


def _load(db):
    from ..store import open_store
    from .statements import load_statements

    with open_store(db, readonly=True) as store:
        return load_statements(store)


@click.command("network", context_settings=CONTEXT)
@_db
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "csv", "matrix", "statements"]),
              default="graphml", show_default=True,
              help="GraphML or GEXF (Gephi, igraph, networkx), CSV edge list, CSV adjacency matrix, "
                   "or a CSV of every statement with its attributes.")
@click.option("--type", "kind", type=click.Choice(TYPES), default="congruence", show_default=True,
              help="Actors x propositions (twomode), or actors linked by shared positions "
                   "(congruence), opposite ones (conflict), or both, signed (subtract).")
@click.option("--qualifier", type=click.Choice(QUALIFIERS), default="combine", show_default=True,
              help="Two-mode edge weights: all statements with a polarity attribute (combine), "
                   "support minus oppose (subtract), or one polarity only.")
@click.option("--normalization", type=click.Choice(NORMALIZATIONS), default="none", show_default=True,
              help="One-mode edge weights divided by the actors' average activity, Jaccard or "
                   "cosine denominator (as in DNA).")
@_filters
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of stdout.")
def network_command(db, fmt, kind, qualifier, normalization, duplicates, start, end, output) -> None:
    """Export a discourse network of who stands where, for Gephi, R, Python or DNA.

    Statements are the stored stances; --duplicates, --start and --end apply to every format,
    statements included. See docs/networks.md for the exact weights.

    \b
    Example:
      stancemap network --db debate.db --type congruence --normalization jaccard -o congruence.graphml
      stancemap network --db debate.db --type twomode --format matrix --start 2026-03-01 > matrix.csv
    """
    from .build import network
    from .io import WRITERS, write_statements_csv
    from .statements import prepare

    try:
        statements = _load(db)
        if fmt == "statements":
            rows = prepare(statements, duplicates=duplicates, start=start, end=end)
        else:
            graph = network(statements, type=kind, qualifier=qualifier, normalization=normalization,
                            duplicates=duplicates, start=start, end=end)
        with click.open_file(output, "w", encoding="utf-8") as out:
            if fmt == "statements":
                n = write_statements_csv(rows, out)
            else:
                WRITERS[fmt](graph, out)
    except StancemapError as error:
        raise click.ClickException(str(error)) from error
    if output != "-":
        if fmt == "statements":
            click.echo(f"{n} statements -> {output}", err=True)
        else:
            click.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges -> {output}",
                       err=True)


@click.command("table", context_settings=CONTEXT)
@_db
@click.option("--window", type=click.Choice(["day", "week", "month", "year"]),
              help="One row per actor, proposition and period (ISO weeks) instead of overall.")
@click.option("--format", "fmt", type=click.Choice(["tsv", "jsonl", "csv"]), default="tsv",
              show_default=True, help="Tab- or comma-separated table, or one JSON object per row.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of stdout.")
def table_command(db, window, fmt, output) -> None:
    """Tabulate each actor's support and opposition per proposition, with first and last dates.

    Every stored statement counts; the evidence column lists the ids of the statements behind
    each row (look them up with `stancemap network --format statements`).

    \b
    Example:
      stancemap table --db debate.db --window month --format csv > positions.csv
    """
    import csv
    import json

    from .tables import aggregate

    try:
        rows = aggregate(_load(db), window=window)
    except StancemapError as error:
        raise click.ClickException(str(error)) from error
    columns = ["actor_id", "actor", "proposition", *(["period"] if window else []), "support",
               "oppose", "net", "first", "last", "articles", "outlets", "evidence"]
    with click.open_file(output, "w", encoding="utf-8") as out:
        if fmt == "jsonl":
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                cells = [" ".join(row[c]) if c == "evidence" else ("" if row[c] is None else row[c])
                         for c in columns]
                if fmt == "tsv":
                    cells = [str(c).replace("\t", " ").replace("\n", " ") for c in cells]
                writer.writerow(cells)
    if output != "-":
        click.echo(f"{len(rows)} rows -> {output}", err=True)


@click.command("coalitions", context_settings=CONTEXT)
@_db
@click.option("--normalization", type=click.Choice(NORMALIZATIONS), default="none", show_default=True,
              help="Normalization of the subtract network the camps are found in.")
@_filters
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A readable list, or one JSON array.")
@click.option("--min-size", type=click.IntRange(1), default=1, show_default=True,
              help="Leave out camps with fewer actors than this.")
def coalitions_command(db, normalization, duplicates, start, end, fmt, min_size) -> None:
    """List camps of actors who agree with each other, and what each camp supports and opposes.

    Camps are communities (Louvain, fixed seed) of the actor network weighted by agreements
    minus disagreements; see docs/networks.md.

    \b
    Example:
      stancemap coalitions --db debate.db --min-size 2
      stancemap coalitions --db debate.db --start 2026-03-01 --format json > camps.json
    """
    import json

    from .camps import coalitions

    try:
        camps = coalitions(_load(db), normalization=normalization, duplicates=duplicates,
                           start=start, end=end)
    except StancemapError as error:
        raise click.ClickException(str(error)) from error
    camps = [c for c in camps if len(c["actors"]) >= min_size]
    if fmt == "json":
        click.echo(json.dumps(camps, ensure_ascii=False, indent=2))
        return
    for camp in camps:
        cohesion = "n/a" if camp["cohesion"] is None else f"{camp['cohesion']:.2f}"
        click.echo(f"camp {camp['id']}: {len(camp['actors'])} actors, {camp['statements']} statements,"
                   f" cohesion {cohesion}")
        click.echo("  actors:   " + ", ".join(a["name"] for a in camp["actors"]))
        click.echo("  supports: " + (", ".join(camp["supports"]) or "-"))
        click.echo("  opposes:  " + (", ".join(camp["opposes"]) or "-"))
    if not camps:
        click.echo("no camps: no stances in the selection", err=True)


COMMANDS = (network_command, table_command, coalitions_command)
