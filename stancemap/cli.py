"""The command line: one click group, thin commands. Data goes to stdout, messages to stderr."""

from __future__ import annotations

import logging
import shutil
import signal
import sys
from importlib import resources
from pathlib import Path

import click

from . import __version__
from .errors import StancemapError, damaged_message, printable
from .store.sql import DAMAGED_ERRORS
from .settings import DEFAULT_BATCH_SIZE, DEFAULT_LLM_KEY_ENV, DEFAULT_MODEL, STANCE_BACKENDS, Settings

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
DEMO_DIR = "stancemap-demo"


def db_option(required: bool = True):
    return click.option("--db", "db", type=click.Path(dir_okay=False), required=required,
                        metavar="PATH|URL",
                        help="The database: a SQLite file (created by `run` if missing) or a "
                             "postgresql://user@host:port/name URL (see docs/databases.md).")


def shown(db: str) -> str:
    """The ``--db`` value as messages show it: a URL without its password."""
    from .store.sql import display_name

    return display_name(db)


def err(message: str) -> None:
    """One line on stderr; names from the input in it escaped (see :func:`printable`)."""
    click.echo(printable(message), err=True)


class Progress:
    """A progress bar on stderr for long runs (quiet for short ones and non-terminals)."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 2:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                         show_pos=True, show_eta=True)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="stancemap")
@click.option("-v", "--verbose", count=True, help="More log messages on stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """stancemap: who said what, who stands where, and how that changed, from news articles.

    \b
    Quick start:
      stancemap demo                                  # the bundled corpus, end to end
      stancemap run articles/ --codebook codebook.yaml --db debate.db
      stancemap export --db debate.db --format jsonl > debate.jsonl
      stancemap report --db debate.db -o report.html
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


def _run(inputs, db, codebook, model, workers, batch_size, force, corpus_lines, quiet, actors=None,
         llm: dict | None = None) -> int:
    """Run the pipeline, print a summary on stderr, return the exit status.

    ``llm`` holds the stance backend settings (``stances``, ``llm_url``, ``llm_model``, ...).
    """
    from .pipeline import RunInterrupted, run_pipeline
    from .store import open_store

    try:
        settings = Settings(model=model, workers=workers, batch_size=batch_size, codebook=codebook,
                            actors=actors, force=force, corpus_lines=corpus_lines, **(llm or {}))
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    progress = Progress("analysing", enabled=not quiet and sys.stderr.isatty())
    try:
        with open_store(db) as store:
            summary = run_pipeline(inputs, store, settings, progress=progress)
    except RunInterrupted as error:
        progress.close()
        err(f"{error}: the articles stored so far are kept; run the same command again to go on")
        return 128 + error.signum
    except KeyboardInterrupt:
        progress.close()
        err("interrupted by SIGINT: the articles stored so far are kept; run the same command "
            "again to go on")
        return 128 + signal.SIGINT
    except StancemapError as error:
        progress.close()
        raise click.ClickException(printable(str(error))) from error
    progress.close()
    if not quiet:
        for note in summary.notes:
            err(f"note: {note}")
        err(f"{summary.articles} articles analysed ({summary.quotes} quotes, {summary.stances} stances)"
            f", {summary.skipped} already up to date, in {summary.seconds:.1f}s -> {shown(db)}")
        if summary.duplicate_groups:
            err(f"{summary.duplicate_groups} group{'s' if summary.duplicate_groups != 1 else ''} of"
                " near-duplicate or syndicated copies (kept, linked in the export and report)")
    if summary.problems:
        err(f"{len(summary.problems)} problem{'s' if len(summary.problems) != 1 else ''}:")
        for p in summary.problems:
            err(f"  {p.source} [{p.stage}]: {p.message}")
        return 1
    if summary.files == 0:
        err("no input files found (give article files or folders holding .txt files)")
        return 1
    return 0


@cli.command(context_settings=CONTEXT)
@click.argument("articles", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--codebook", type=click.Path(exists=True, dir_okay=False),
              help="YAML codebook of propositions; without one, everything but stances is produced.")
@db_option()
@click.option("--actors", type=click.Path(exists=True, dir_okay=False),
              help="YAML file of known actors (canonical name, aliases, type, roles) that "
                   "overrides the identities stancemap infers; see docs/actors.md.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="Any installed spaCy pipeline, by package name (e.g. en_core_web_trf).")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes analysing articles in parallel.")
@click.option("--batch-size", type=click.IntRange(1, 10000), default=DEFAULT_BATCH_SIZE,
              show_default=True, help="Articles per batch handed to a worker.")
@click.option("--force", is_flag=True,
              help="Re-analyse articles already stored with the same model, codebook and version.")
@click.option("--no-corpus-lines", "corpus_lines", flag_value=False, default=True,
              help="Do not drop lines that recur across many articles (boilerplate).")
@click.option("--stances", "stances", type=click.Choice(list(STANCE_BACKENDS)), default="model",
              show_default=True,
              help="How stances are read: the shipped stance model with the rules as helpers, the "
                   "rules alone, or a language model (see docs/stances.md, docs/llm.md).")
@click.option("--llm-url", metavar="URL",
              help="OpenAI-compatible endpoint for --stances llm, e.g. http://localhost:11434/v1.")
@click.option("--llm-model", metavar="NAME", help="Model name the endpoint serves, for --stances llm.")
@click.option("--llm-key-env", metavar="NAME", default=DEFAULT_LLM_KEY_ENV, show_default=True,
              help="Environment variable holding the endpoint's API key (sent as a Bearer token).")
@click.option("--llm-budget", type=click.IntRange(0), metavar="N",
              help="At most N requests to the endpoint per run (cached answers are free); "
                   "articles beyond it use the rules.")
@click.option("--llm-cache", type=click.Path(dir_okay=False), metavar="PATH",
              help="SQLite cache of model answers [default: DB.llm-cache.sqlite].")
@click.option("--llm-retries", type=click.IntRange(0, 20), default=4, show_default=True, metavar="N",
              help="Further attempts after a connection error, 429 or 5xx, with doubling waits. "
                   "After 3 requests in a row fail, the run stops asking the endpoint.")
@click.option("--llm-on-error", type=click.Choice(["problem", "rules"]), default="problem",
              show_default=True,
              help="When the endpoint fails for an article: store it without stances and record a "
                   "problem (the next run asks again), or use the rules' stances instead.")
@click.option("-q", "--quiet", is_flag=True, help="Print problems only.")
def run(articles, codebook, db, actors, model, workers, batch_size, force, corpus_lines, stances,
        llm_url, llm_model, llm_key_env, llm_budget, llm_cache, llm_retries, llm_on_error,
        quiet) -> None:
    """Analyse articles: clean them, find actors, quotes and stances, store everything.

    ARTICLES are files and folders (folders are walked for supported files). Re-running on the
    same articles updates what is stored rather than duplicating it; articles already analysed
    with the same settings are skipped (see --force). Exits with 1 if any input had a problem;
    the other articles are still stored.

    \b
    Example:
      stancemap run articles/ --codebook codebook.yaml --db debate.db --workers 2
      stancemap run articles/ --db debate.db --actors actors.yaml
      stancemap run articles/ --codebook codebook.yaml --db debate.db --stances llm \\
        --llm-url http://localhost:11434/v1 --llm-model qwen2.5:7b-instruct --llm-budget 500
    """
    llm = {"stances": stances, "llm_url": llm_url, "llm_model": llm_model, "llm_key_env": llm_key_env,
           "llm_budget": llm_budget, "llm_cache": llm_cache, "llm_retries": llm_retries,
           "llm_on_error": llm_on_error}
    sys.exit(_run(articles, db, codebook, model, workers, batch_size, force, corpus_lines, quiet, actors,
                  llm))


@cli.command(context_settings=CONTEXT)
@db_option()
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format (see docs/jsonl.md for the fields).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of stdout.")
@click.option("--no-corrections", "corrections", flag_value=False, default=True,
              help="Export the automatic records only, without the analyst's corrections.")
def export(db, fmt, output, corrections) -> None:
    """Export stored articles with their quotes, stances and actors.

    One JSON object per article per line (the format in docs/jsonl.md). Quotes and stances are
    as the analyst corrected them (see `stancemap corrections`), unless --no-corrections.

    \b
    Example:
      stancemap export --db debate.db --format jsonl > debate.jsonl
    """
    from .export import write_jsonl
    from .store import open_store

    try:
        with open_store(db, readonly=True) as store, click.open_file(output, "w", encoding="utf-8") as out:
            n = write_jsonl(store, out, corrections=corrections)
    except StancemapError as error:
        raise click.ClickException(printable(str(error))) from error
    if output != "-":
        err(f"{n} articles -> {output}")


@cli.command(context_settings=CONTEXT)
@db_option()
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="report.html",
              show_default=True, help="The HTML file to write.")
def report(db, output) -> None:
    """Write a self-contained HTML report (open it in any browser, no network needed).

    \b
    Example:
      stancemap report --db debate.db -o report.html
    """
    from .export import write_report
    from .store import open_store

    try:
        with open_store(db, readonly=True) as store:
            path = write_report(store, output)
    except StancemapError as error:
        raise click.ClickException(printable(str(error))) from error
    err(f"report -> {path}")


@cli.command(context_settings=CONTEXT)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default=DEMO_DIR,
              show_default=True, help="Folder for the demo's database, export and report.")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes analysing articles in parallel.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="spaCy pipeline to use.")
def demo(out_dir, workers, model) -> None:
    """Run the bundled demo corpus end to end and say what was written where.

    The demo is a fictional debate covered by fictional outlets, with a codebook; the corpus
    is copied into the output folder so you can look at the inputs too.

    \b
    Example:
      stancemap demo -o stancemap-demo && open stancemap-demo/report.html
    """
    from .export import write_jsonl, write_report
    from .store import open_store

    out = Path(out_dir)
    corpus = out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    source = resources.files("stancemap") / "demo" / "corpus"
    for item in source.iterdir():
        if item.name.endswith((".txt", ".yaml", ".json", ".md")):
            with resources.as_file(item) as path:
                shutil.copyfile(path, corpus / item.name)
    db = out / "demo.db"
    articles = sorted(str(p) for p in corpus.glob("*.txt"))
    status = _run(articles, str(db), str(corpus / "codebook.yaml"), model, workers,
                  DEFAULT_BATCH_SIZE, False, True, False)
    try:
        with open_store(db, readonly=True) as store:
            jsonl = out / "demo.jsonl"
            with jsonl.open("w", encoding="utf-8") as fh:
                write_jsonl(store, fh)
            report_path = write_report(store, out / "report.html")
    except StancemapError as error:
        raise click.ClickException(printable(str(error))) from error
    err("")
    err(f"demo corpus:  {corpus}/ ({len(articles)} articles, codebook.yaml, gold *.json)")
    err(f"database:     {db}")
    err(f"export:       {jsonl}")
    err(f"report:       {report_path}  <- open this in a browser")
    err(f"review app:   stancemap serve --db {db}  (browse, search and correct)")
    sys.exit(status)


@cli.command(context_settings=CONTEXT)
@db_option()
@click.option("--format", "fmt", type=click.Choice(["tsv", "jsonl"]), default="tsv", show_default=True,
              help="Tab-separated table, or one JSON object per actor.")
@click.option("--merged", is_flag=True,
              help="Only actors known under more than one name (the identities stancemap merged).")
def actors(db, fmt, merged) -> None:
    """List the actors found: canonical name, type, aliases, roles and counts.

    Review merges with --merged. To undo one, list the names under `distinct:` in an actors
    file (docs/actors.md) and re-run with --actors; to fix an identity, list the actor there.
    In the web app (`stancemap serve`) merges and splits are corrections that need no re-run.

    \b
    Example:
      stancemap actors --db debate.db --merged
    """
    import json

    from .store import open_store

    try:
        with open_store(db, readonly=True) as store:
            rows = store.actors()
    except StancemapError as error:
        raise click.ClickException(printable(str(error))) from error
    if merged:
        rows = [r for r in rows if len({a.casefold() for a in r["aliases"]} | {r["name"].casefold()}) > 1]
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    click.echo("id\tname\ttype\tarticles\tquotes\tstances\taliases\troles")
    for r in rows:
        cells = [r["id"], r["name"], r["type"], r["articles"], r["quotes"], r["stances"],
                 "; ".join(r["aliases"]), "; ".join(r["roles"])]
        click.echo("\t".join(str(c).replace("\t", " ").replace("\n", " ") for c in cells))


@cli.group(context_settings=CONTEXT)
def codebook() -> None:
    """Work with codebooks (YAML files of propositions)."""


@codebook.command("check", context_settings=CONTEXT)
@click.argument("path", type=click.Path(dir_okay=False))
def codebook_check(path) -> None:
    """Validate a codebook and list its propositions.

    \b
    Example:
      stancemap codebook check codebook.yaml
    """
    from .stance.codebook import load_codebook

    try:
        book = load_codebook(path)
    except StancemapError as error:
        raise click.ClickException(printable(str(error))) from error
    for p in book.propositions:
        click.echo(f"{p.id}\t{p.statement}")
    err(f"{path}: {len(book.propositions)} propositions, valid")


@codebook.command("suggest", context_settings=CONTEXT)
@db_option()
@click.option("--top", type=click.IntRange(1, 500), default=15, show_default=True,
              help="How many candidate propositions to propose.")
@click.option("--codebook", "existing", type=click.Path(dir_okay=False),
              help="An existing codebook: topics its propositions already cover are skipped.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="spaCy pipeline that finds the key phrases of the statements.")
def codebook_suggest(db, top, existing, model) -> None:
    """Propose candidate propositions from the statements stored in a database.

    Key phrases of the quotes are ranked by how many distinct actors speak about them; each
    candidate is written as a codebook entry (YAML on stdout) with a neutral statement and real
    sentences from the corpus as examples, for you to reword, sort and keep or drop. The
    examples are split into support and oppose by negation words only: check each one.

    \b
    Example:
      stancemap codebook suggest --db debate.db --top 10 --codebook codebook.yaml > more.yaml
      stancemap codebook check more.yaml
    """
    from .stance.codebook import load_codebook
    from .review import Reviewed
    from .stance.suggest import suggest_propositions, to_yaml
    from .store import open_store

    try:
        book = load_codebook(existing) if existing else None
        with open_store(db, readonly=True) as store:
            quotes = Reviewed(store).quotes()  # without the quotes the analyst rejected
        candidates = suggest_propositions(quotes, top=top, codebook=book, model=model)
    except StancemapError as error:
        raise click.ClickException(printable(str(error))) from error
    click.echo(to_yaml(candidates, source=shown(db) if "://" in db else Path(db).name), nl=False)
    err(f"{len(candidates)} candidate propositions from {len(quotes)} quotes in {shown(db)}")


@click.command("compare", context_settings=CONTEXT)
@db_option()
@click.option("--what", type=click.Choice(["variants", "sources", "stances"]), default="variants",
              show_default=True,
              help="variants: one statement as worded by different outlets; sources: whom each "
                   "outlet quotes; stances: support and oppose per outlet and proposition.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True, help="Readable text, or one JSON object per group or outlet.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=0.6, show_default=True,
              help="variants: how similar two wordings must be (0 to 1) to count as one statement.")
def compare_command(db, what, fmt, threshold) -> None:
    """Compare outlets: how they word the same statements, whom they quote, whose stances.

    Syndicated copies (near-duplicate articles) are shown as copies and count as one report.
    See docs/compare.md.

    \b
    Example:
      stancemap compare --db debate.db --what variants
      stancemap compare --db debate.db --what sources --format jsonl > sources.jsonl
    """
    import json

    from . import compare as cmp
    from .store import open_store

    try:
        with open_store(db, readonly=True) as store:
            data = cmp.load(store)
    except StancemapError as error:
        raise click.ClickException(printable(str(error))) from error
    if what == "variants":
        result = cmp.quote_variants(data["quotes"], threshold=threshold,
                                    duplicate_groups=data["duplicate_groups"])
        records, lines = result, cmp.format_variants(result)
    elif what == "sources":
        result = cmp.outlet_sources(data["quotes"])
        records, lines = [{"outlet": k, **v} for k, v in result.items()], cmp.format_sources(result)
    else:
        result = cmp.outlet_stance_mix(data["stances"])
        records = [{"outlet": k, "propositions": v} for k, v in result.items()]
        lines = cmp.format_stance_mix(result)
    if fmt == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    else:
        for line in lines:
            click.echo(line)
    err(f"{len(records)} {'variant groups' if what == 'variants' else 'outlets'} from {shown(db)}")


cli.add_command(compare_command)


from .network.cli import COMMANDS as NETWORK_COMMANDS  # noqa: E402  (network, table, coalitions)

for _command in NETWORK_COMMANDS:
    cli.add_command(_command)


from .app.cli import serve  # noqa: E402  (the review web app)

cli.add_command(serve)


from .review.cli import corrections  # noqa: E402  (the analyst's corrections)

cli.add_command(corrections)


@cli.command(context_settings=CONTEXT)
@db_option()
def check(db) -> None:
    """Check a database for damage (SQLite's integrity check; on PostgreSQL, a read of every table).

    Prints "ok", or lists what is wrong and exits with 1 when the file is damaged, empty or not a
    stancemap database. Run it when a command says the database is damaged, or after a disk or
    copy went wrong.

    \b
    Example:
      stancemap check --db debate.db
    """
    from .store import open_store

    try:
        with open_store(db, readonly=True) as store:
            found = store.check()
            engine = "PostgreSQL" if store.dialect == "postgresql" else "SQLite"
    except StancemapError as error:
        raise click.ClickException(printable(str(error))) from error
    except DAMAGED_ERRORS as error:
        raise click.ClickException(printable(damaged_message(shown(db), error))) from error
    if found:
        err(f"{shown(db)}: the database is damaged; {engine}'s check found:")
        for line in found:
            err(f"  {line}")
        err("restore it from a backup, or re-run `stancemap run` into a new database")
        sys.exit(1)
    click.echo(f"{shown(db)}: ok ({engine} integrity check passed)")


def main() -> None:
    try:
        cli(prog_name="stancemap", standalone_mode=True)
    except DAMAGED_ERRORS as error:  # a page damaged under a command reading the database
        args = sys.argv[1:]
        db = shown(args[args.index("--db") + 1]) if "--db" in args[:-1] else "the database"
        err(f"Error: {damaged_message(db, error)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
