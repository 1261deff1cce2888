"""Damaged and empty databases: `stancemap check` finds the damage, every command and the app say
the database is damaged instead of a traceback or a 500, and an empty file is not 'schema 0'."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from stancemap.cli import cli, main
from stancemap.errors import StoreError
from stancemap.store import open_store

pytestmark = pytest.mark.model


def _damage(path) -> None:
    """Overwrite three pages (a quarter, half and three quarters into the file) with junk, as a
    failing disk might; one page in the middle alone can belong to an index a command never reads."""
    size = os.path.getsize(path)
    with open(path, "r+b") as fh:
        for at in (size // 4, size // 2, 3 * size // 4):
            fh.seek(at - at % 4096)
            fh.write(b"\xa5" * 4096)


def test_check_says_ok_for_a_sound_database(demo_db):
    result = CliRunner().invoke(cli, ["check", "--db", str(demo_db)])
    assert result.exit_code == 0 and "ok" in result.output


def test_check_finds_overwritten_bytes(demo_db_copy):
    _damage(demo_db_copy)
    result = CliRunner().invoke(cli, ["check", "--db", str(demo_db_copy)])
    assert result.exit_code == 1
    assert "damaged" in result.output


def test_export_of_a_damaged_database_is_a_clear_error_not_a_traceback(demo_db_copy, monkeypatch,
                                                                       capsys):
    _damage(demo_db_copy)
    monkeypatch.setattr("sys.argv", ["stancemap", "export", "--db", str(demo_db_copy)])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 1
    message = capsys.readouterr().err
    assert "damaged" in message and "stancemap check" in message and "Traceback" not in message


def test_the_app_refuses_to_start_on_a_damaged_database(demo_db_copy):
    from stancemap.app import create_app

    _damage(demo_db_copy)
    with pytest.raises(StoreError, match="damaged"):
        create_app(demo_db_copy)


def test_the_app_reports_a_page_damaged_while_serving_as_such(demo_db_copy):
    from fastapi.testclient import TestClient

    from stancemap.app import create_app

    app = create_app(demo_db_copy)
    _damage(demo_db_copy)
    with TestClient(app, base_url="http://127.0.0.1:8765", raise_server_exceptions=False) as client:
        for url in ("/api/stances", "/stances"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert "damaged" in response.text


def test_an_empty_file_is_not_a_database_rather_than_schema_0(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError) as info:
        open_store(empty, readonly=True)
    assert "empty" in str(info.value) and "schema 0" not in str(info.value)
    result = CliRunner().invoke(cli, ["check", "--db", str(empty)])
    assert result.exit_code == 1 and "empty" in result.output
