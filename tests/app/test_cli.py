"""The serve command: checks the database first, then runs uvicorn on the loopback address."""

from __future__ import annotations

from click.testing import CliRunner

from stancemap.cli import cli


def test_cli_serve_refuses_a_missing_or_foreign_database(tmp_path):
    missing = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "none.db: no such database" in missing.output
    other = tmp_path / "notes.db"
    other.write_bytes(b"not sqlite at all")
    result = CliRunner().invoke(cli, ["serve", "--db", str(other)])
    assert result.exit_code == 1 and "not a SQLite database" in result.output
    assert CliRunner().invoke(cli, ["serve"]).exit_code == 2  # --db is required


def test_cli_serve_runs_uvicorn_on_loopback(tmp_path, monkeypatch, fresh_db):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    path = fresh_db.target
    fresh_db.close()
    result = CliRunner().invoke(cli, ["serve", "--db", path])
    assert result.exit_code == 0, result.output
    app, options = calls[0]
    assert options["host"] == "127.0.0.1" and options["port"] == 8765
    assert str(app.state.db_path) == path
    assert "http://127.0.0.1:8765/" in result.stderr
    wide = CliRunner().invoke(cli, ["serve", "--db", path, "--host", "0.0.0.0", "--port", "9001"])
    assert wide.exit_code == 0 and "warning: listening on 0.0.0.0" in wide.stderr
    assert calls[1][1] == {"host": "0.0.0.0", "port": 9001, "log_level": "warning"}
