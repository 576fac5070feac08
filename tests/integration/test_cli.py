"""The ``portal`` command, run as a real process against a database of its own."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PORTAL = str(Path(sys.executable).parent / "portal")


@pytest.fixture(scope="module")
async def cli_database(pg_server):
    url = await pg_server.fresh_database("portal_cli")
    yield url
    await pg_server.drop_database(url)


def run(args, *, env=None, stdin=None, timeout=120):
    return subprocess.run(
        [PORTAL, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def env_for(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "PORTAL_DATABASE_URL": url,
        "PORTAL_DATA_DIR": str(tmp_path),
        "PORTAL_SECRET_KEY": "cli-test-secret-key-long-enough-0123456789",
    }


def test_bad_setting_stops_with_one_line_naming_the_variable(tmp_path):
    result = run(["db", "migrate"], env={"PORTAL_PORT": "eighty"})
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "PORTAL_PORT" in lines[0]


def test_seed_and_user_commands(cli_database, tmp_path):
    env = env_for(cli_database, tmp_path)
    seeded = run(["seed"], env=env)
    assert seeded.returncode == 0, seeded.stderr
    again = run(["seed"], env=env)
    assert again.returncode == 0, again.stderr

    added = run(
        [
            "user",
            "add",
            "--email",
            "Ny@Nacka.example",
            "--name",
            "Ny Person",
            "--org",
            "0182",
            "--role",
            "member",
            "--role",
            "expert",
            "--password-stdin",
        ],
        env=env,
        stdin="ett långt lösenord\n",
    )
    assert added.returncode == 0, added.stderr
    assert "ny@nacka.example" in added.stdout

    duplicate = run(
        [
            "user",
            "add",
            "--email",
            "ny@nacka.example",
            "--name",
            "X",
            "--org",
            "0182",
            "--role",
            "member",
            "--password-stdin",
        ],
        env=env,
        stdin="ett långt lösenord\n",
    )
    assert duplicate.returncode == 1
    assert "finns redan" in duplicate.stderr

    changed = run(
        ["user", "set-password", "--email", "ny@nacka.example", "--password-stdin"],
        env=env,
        stdin="ett annat långt lösenord\n",
    )
    assert changed.returncode == 0, changed.stderr


def test_user_add_with_unknown_organisation_or_role_fails_clearly(cli_database, tmp_path):
    env = env_for(cli_database, tmp_path)
    assert run(["seed"], env=env).returncode == 0
    unknown_org = run(
        [
            "user",
            "add",
            "--email",
            "a@b.example",
            "--name",
            "A",
            "--org",
            "9999",
            "--role",
            "member",
            "--password-stdin",
        ],
        env=env,
        stdin="ett långt lösenord\n",
    )
    assert unknown_org.returncode == 1
    assert "Organisationen finns inte." in unknown_org.stderr
    unknown_role = run(
        [
            "user",
            "add",
            "--email",
            "a@b.example",
            "--name",
            "A",
            "--org",
            "0180",
            "--role",
            "king",
            "--password-stdin",
        ],
        env=env,
        stdin="ett långt lösenord\n",
    )
    assert unknown_role.returncode == 2
    assert "king" in unknown_role.stderr


def test_demo_data_is_never_seeded_in_production(cli_database, tmp_path):
    env = {**env_for(cli_database, tmp_path), "PORTAL_ENV": "production"}
    result = run(["seed", "--demo"], env=env)
    assert result.returncode == 2
    assert "production" in result.stderr


def test_embedded_database_keeps_data_between_runs_and_stops_on_ctrl_c(tmp_path):
    env = {"PORTAL_DATA_DIR": str(tmp_path), "PORTAL_DATABASE_URL": ""}
    first = run(["seed", "--demo"], env=env)
    assert first.returncode == 0, first.stderr
    assert "samordnare@regionbibliotek.example" in first.stdout
    pgdata = tmp_path / "pgdata"
    assert not (pgdata / "postmaster.pid").exists(), "the embedded server was left running"

    second = run(["seed", "--demo"], env=env)
    assert second.returncode == 0, second.stderr
    assert "already existed" in second.stdout

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [PORTAL, "serve", "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("portal serve did not come up") from None
                time.sleep(0.3)
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
    assert not (pgdata / "postmaster.pid").exists(), "Ctrl-C left the embedded server running"


def test_match_run_solves_the_demo_needs(cli_database, tmp_path):
    env = env_for(cli_database, tmp_path)
    assert run(["seed", "--demo"], env=env).returncode == 0
    done = run(["match", "run", "--horizon", "4"], env=env)
    assert done.returncode == 0, done.stderr
    # The demo's Tigrinya need has two eligible experts: at least one assignment.
    assert "optimal yes" in done.stdout
    count = int(done.stdout.split(": ", 1)[1].split(" assignments")[0])
    assert count >= 1
    refused = run(["match", "run", "--horizon", "0"], env=env)
    assert refused.returncode != 0
