"""The committed schema.graphql is the export of the code-first schema."""

from pathlib import Path

from directory.graphql.schema import export_sdl

SCHEMA = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    assert SCHEMA.read_text() == export_sdl(), (
        "schema.graphql is stale: run `directory export-schema > schema.graphql`"
    )
