"""The docs stay in step with the code."""

import runpy
from pathlib import Path

from click.testing import CliRunner

from stancemap.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_docs_cli_reference_is_current():
    render = runpy.run_path(str(ROOT / "docs" / "make_cli_docs.py"))["render"]
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == render(), "docs/cli.md is stale: run `python docs/make_cli_docs.py`"


def test_docs_every_command_has_help_with_an_example():
    runner = CliRunner()
    for name, command in cli.commands.items():
        subcommands = getattr(command, "commands", None)
        for path in ([[name, sub] for sub in subcommands] if subcommands else [[name]]):
            result = runner.invoke(cli, [*path, "--help"])
            assert result.exit_code == 0, path
            assert "Example:" in result.output, f"`stancemap {' '.join(path)} --help` has no example"


def test_docs_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:3000]
    assert "stancemap demo" in head
    assert "pytest" in head
