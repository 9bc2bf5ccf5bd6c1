"""`directory serve` on a fresh machine: schema, first token, GraphiQL."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_creates_the_database_prints_a_token_once_and_answers(
    tmp_path: Path,
) -> None:
    port = _free_port()
    env = {**os.environ, "DIRECTORY_DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}"}
    command = [sys.executable, "-m", "directory.cli", "serve", "--port", str(port)]
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        output = log.read_text()
        token = re.search(r"^\s+(dir_\S+)$", output, re.MULTILINE)
        assert token, output
        assert f"{base}/graphql#token={token.group(1)}" in output

        page = httpx.get(f"{base}/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "GraphiQL" in page.text
        answer = httpx.post(
            f"{base}/graphql",
            json={"query": "{ viewer { name scopes } }"},
            headers={"Authorization": f"Bearer {token.group(1)}"},
        )
        assert answer.json() == {
            "data": {"viewer": {"name": "first admin", "scopes": ["ADMIN"]}}
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
