"""The `directory` command: tokens, schema export, migration, first start."""

import asyncio
from pathlib import Path

import pytest

from directory import cli
from directory.graphql.schema import export_sdl
from directory.settings import Settings


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_tokens_create_prints_only_the_token_on_stdout(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "migrate", "--database-url", url)[0] == 0
    code, out, err = _run(
        capsys,
        "tokens",
        "create",
        "--name",
        "ci",
        "--scope",
        "scim",
        "--scope",
        "directory:read",
        "--database-url",
        url,
    )
    assert code == 0
    assert out.count("\n") == 1 and out.startswith("dir_")
    assert out.strip() not in err

    code, out, _ = _run(capsys, "tokens", "list", "--database-url", url)
    assert code == 0
    assert "ci" in out and "directory:read,scim" in out and "active" in out
    token_id = out.splitlines()[1].split()[0]

    code, _, err = _run(capsys, "tokens", "revoke", token_id, "--database-url", url)
    assert code == 0 and "revoked" in err
    _, out, _ = _run(capsys, "tokens", "list", "--database-url", url)
    assert "revoked" in out


def test_commands_on_an_unmigrated_database_fail_with_advice(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "tokens", "list", "--database-url", url)
    assert code == 1
    assert out == ""
    assert "directory migrate" in err


def test_revoking_an_unknown_token_fails_with_a_message(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "migrate", "--database-url", url)
    code, _, err = _run(capsys, "tokens", "revoke", "nope", "--database-url", url)
    assert code == 1
    assert "does not exist" in err


def test_wrong_usage_exits_with_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["tokens", "create", "--name", "x", "--scope", "everything"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_export_schema_prints_the_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "export-schema")
    assert code == 0
    assert out == export_sdl()


def test_migrate_reports_what_it_did(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "migrated from None" in _run(capsys, "migrate", "--database-url", url)[2]
    assert "already at" in _run(capsys, "migrate", "--database-url", url)[2]


def test_the_first_start_issues_one_admin_token_and_later_ones_none(url: str) -> None:
    settings = Settings(database_url=url)
    first = asyncio.run(cli._prepare(settings))
    assert first is not None and first.startswith("dir_")
    assert asyncio.run(cli._prepare(settings)) is None
