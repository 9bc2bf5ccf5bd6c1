"""The committed GraphQL client of the SCIM facade is what ariadne-codegen
makes of schema.graphql and the facade's operations today."""

import filecmp
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "scim_facade" / "client"


def test_the_generated_client_is_current(tmp_path: Path) -> None:
    config = tmp_path / "codegen.toml"
    config.write_text(
        "[tool.ariadne-codegen]\n"
        f'schema_path = "{ROOT / "schema.graphql"}"\n'
        f'queries_path = "{ROOT / "scim_facade" / "operations.graphql"}"\n'
        'target_package_name = "client"\n'
        f'target_package_path = "{tmp_path}"\n'
        'client_name = "DirectoryClient"\n'
        'include_comments = "none"\n'
        "[tool.ariadne-codegen.scalars.DateTime]\n"
        'type = "datetime.datetime"\n'
    )
    subprocess.run(
        [sys.executable, "-m", "ariadne_codegen", "--config", str(config)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    fresh = tmp_path / "client"
    names = sorted(p.name for p in fresh.glob("*.py"))
    assert names == sorted(p.name for p in CLIENT.glob("*.py"))
    _, mismatch, errors = filecmp.cmpfiles(fresh, CLIENT, names, shallow=False)
    assert (mismatch, errors) == ([], []), (
        "scim_facade/client is stale: run scripts/codegen"
    )
