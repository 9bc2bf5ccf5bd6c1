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


def _start(
    command: list[str], env: dict[str, str], log: Path, probe: str
) -> subprocess.Popen[bytes]:
    with log.open("w") as out:
        server = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            if httpx.get(probe, timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise AssertionError(log.read_text())


def test_the_scim_facade_runs_apart_from_the_directory(tmp_path: Path) -> None:
    env = {**os.environ, "DIRECTORY_DATABASE_URL": f"sqlite:///{tmp_path / 'd.db'}"}
    cli = [sys.executable, "-m", "directory.cli"]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True)
    token = subprocess.run(
        [*cli, "tokens", "create", "--name", "idp", "--scope", "scim"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    directory_port, facade_port = _free_port(), _free_port()
    directory = f"http://127.0.0.1:{directory_port}"
    facade = f"http://127.0.0.1:{facade_port}"
    servers = [
        _start(
            [*cli, "serve", "--port", str(directory_port)],
            env,
            tmp_path / "directory.log",
            f"{directory}/readyz",
        ),
    ]
    try:
        servers.append(
            _start(
                [
                    *cli,
                    "scim-facade",
                    "--directory-url",
                    directory,
                    "--port",
                    str(facade_port),
                ],
                env,
                tmp_path / "facade.log",
                f"{facade}/livez",
            )
        )
        headers = {"Authorization": f"Bearer {token}"}
        created = httpx.post(
            f"{facade}/scim/v2/Users",
            json={"userName": "remote@example.com"},
            headers=headers,
        )
        assert created.status_code == 201, created.text
        assert created.headers["location"].startswith(f"{facade}/scim/v2/Users/")
        seen = httpx.post(
            f"{directory}/graphql",
            headers=headers,
            json={"query": '{ userByUserName(userName: "remote@example.com") { id } }'},
        )
        assert seen.json()["data"]["userByUserName"]["id"] == created.json()["id"]
        refused = httpx.get(
            f"{facade}/scim/v2/Users", headers={"Authorization": "Bearer dir_x"}
        )
        assert refused.status_code == 401
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
