"""Write docs/cli.md from the commands' own --help, so the reference never drifts.

Usage: python docs/make_cli_docs.py        (tests/test_docs.py checks the file is current)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from stancemap.cli import cli

HEADER = """# Command-line reference

Generated from `--help` by `python docs/make_cli_docs.py`; do not edit by hand.
"""


def commands(group: click.Group, prefix: list[str]):
    yield prefix
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from commands(command, prefix + [name])
        else:
            yield prefix + [name]


def render() -> str:
    runner = CliRunner()
    parts = [HEADER]
    for path in commands(cli, []):
        result = runner.invoke(cli, [*path, "--help"], prog_name="stancemap", terminal_width=100)
        title = " ".join(["stancemap", *path])
        parts.append(f"\n## {title}\n\n```\n{result.output.rstrip()}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    target = Path(__file__).with_name("cli.md")
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
