"""questionary and prompt_toolkit load only when a prompt is about to be shown.

Each check runs in a fresh interpreter, since this test session has imported them already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import TINY

PROMPT_PACKAGES = ("questionary", "prompt_toolkit")

REPORT_PROMPT_MODULES = f"""
import json, sys
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({PROMPT_PACKAGES!r}))
sys.stderr.write("\\nLOADED=" + json.dumps(loaded) + "\\n")
"""


def loaded_after(code: str) -> tuple[list[str], str]:
    """The prompt packages a fresh interpreter has loaded after running ``code``, and what
    ``code`` printed on stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code + REPORT_PROMPT_MODULES],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
        stdin=subprocess.DEVNULL,
    )
    marker = [line for line in result.stderr.splitlines() if line.startswith("LOADED=")]
    assert marker, result.stderr
    return json.loads(marker[-1].removeprefix("LOADED=")), result.stdout


def test_importing_the_cli_loads_no_prompt_package():
    assert loaded_after("import mlcareer.cli")[0] == []


def test_a_scripted_assessment_loads_no_prompt_package(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("role: junior\nratings: {python: 2, sql: 1}\n", encoding="utf-8")
    run_assess = (
        "from mlcareer.cli import app\n"
        f"app(['assess', '-t', {str(TINY)!r}, '-a', {str(answers)!r}, '-f', 'json'],"
        " prog_name='mlcareer', standalone_mode=False)\n"
    )
    loaded, stdout = loaded_after(run_assess)
    assert json.loads(stdout)["role"]["id"] == "junior"  # the run itself succeeded
    assert loaded == []


def test_the_questionnaire_module_is_where_they_load():
    # The check above would pass vacuously if the names were wrong.
    loaded, _ = loaded_after("import mlcareer.questionnaire")
    assert loaded == ["prompt_toolkit", "questionary"]
