from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"


def run_cli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `chronica` command in a child process."""
    result = subprocess.run(
        [sys.executable, "-m", "chronica", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return result


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def gazetteer():
    """The real gazetteer (built once per machine from the pinned packages, ~30 s, if missing)."""
    from chronica.geo.gazetteer import load

    return load()


@pytest.fixture(scope="session", autouse=True)
def _gazetteer_ready(gazetteer):
    """Build the gazetteer before any CLI child process needs it, so none of them races to build it."""
    return gazetteer


def free_port() -> int:
    """A port nothing listens on now (the OS picks it; the server binds it right after)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} in {seconds} s")


SERVER_TOKEN = "test-token-for-loopback-only"


@contextmanager
def serving(db: Path, token: str | None) -> Iterator[str]:
    """`chronica serve` over ``db`` on 127.0.0.1 and a free port, with an ingest token or
    none; yields its base URL and stops it after."""
    env = {**os.environ}
    env.pop("CHRONICA_TILE_URL", None)
    env.pop("CHRONICA_API_TOKEN", None)
    if token:
        env["CHRONICA_API_TOKEN"] = token
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "chronica", "serve", "--db", str(db), "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/facets", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The real app: the shipped examples ingested into a store, then `chronica serve` on
    loopback (with an ingest token), as a user would run them."""
    db = tmp_path_factory.mktemp("web") / "store.db"
    ingested = run_cli("ingest", str(EXAMPLES), "--db", str(db))
    assert ingested.returncode == 0, ingested.stderr
    with serving(db, SERVER_TOKEN) as base:
        yield {"base": base, "db": db, "token": SERVER_TOKEN}
