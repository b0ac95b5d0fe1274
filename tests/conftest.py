from __future__ import annotations

import subprocess
import sys
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
