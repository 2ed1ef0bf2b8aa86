from __future__ import annotations

import signal
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent
TINY = HERE / "data" / "tiny.yaml"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """No test touches the real application folder, taxonomy setting or clock."""
    home = tmp_path_factory.mktemp("mlcareer-home")
    monkeypatch.setenv("MLCAREER_HOME", str(home))
    monkeypatch.delenv("MLCAREER_TAXONOMY", raising=False)
    monkeypatch.delenv("MLCAREER_DEBUG", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21T14:13:20Z
    monkeypatch.setenv("NO_COLOR", "1")
    # No test waits for someone to quit a pager; tests/test_pager.py sets its own.
    monkeypatch.setenv("MLCAREER_PAGER", "cat")
    return home


@pytest.fixture
def tiny_path() -> Path:
    return TINY


@pytest.fixture
def prompt_deadline():
    """Fail instead of hanging if a prompt ever waits for a key that never comes."""

    def expire(signum, frame):
        raise TimeoutError("the questionnaire was still waiting after 20 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
