"""The shape of the code, checked: no import cycle, and a core that never reaches the UI.

Every import statement in src/mlcareer is read from the AST, wherever it stands (module
level, inside a function, under TYPE_CHECKING), so a lazy import counts as much as an
eager one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "mlcareer"
UI_PACKAGES = {"typer", "click", "rich", "questionary", "prompt_toolkit"}
# DESIGN.md: the core never prints, prompts or imports a UI library.
CORE = [
    "taxonomy",
    "answers",
    "scoring",
    "plan",
    "calibration",
    "cohort",
    "cohort_scoring",
    "cohort_sources",
    "report",
    "report_file",
    "history",
    "schedule",
    "compare",
    "clock",
    "paused",
    "yamlfile",
    "validation",
    "errors",
    "files",
    "lint",
    "answers_template",
    "taxonomy_template",
    "schemas",
    "taxonomy_check",
    "history_listing",
    "wording",
    "imported",
    "import_csv",
    "import_skills_matrix",
    "checklist",
    "input_rules",
    "cohort_evidence",
    "safe_text",
    "reassess",
]
# The app folder comes from typer.get_app_dir, as DESIGN.md prescribes: the one sanctioned
# way into a UI package from the core.
SANCTIONED = {"mlcareer.appdir"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """Every module ``name`` imports: mlcareer modules by full name, others by top package."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # `from mlcareer.cli import assess` imports the module mlcareer.cli.assess;
            # like import-linter, a submodule import is not counted as one of its package.
            submodules = {f"{target}.{a.name}" for a in node.names} & MODULES.keys()
            found.update(submodules or {target})
    return {
        imported if imported.startswith("mlcareer") else imported.split(".")[0]
        for imported in found
        if imported
    }


GRAPH = {name: {i for i in imports_of(name) if i in MODULES} for name in MODULES}


def reachable(start: str, skip: set[str] = frozenset()) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        current = todo.pop()
        for nxt in GRAPH[current]:
            if nxt not in seen and nxt not in skip:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_graph_is_read():
    # A positive control: the checks below would pass vacuously on an empty graph.
    assert "mlcareer.scoring" in GRAPH["mlcareer.cli.assess"] or any(
        "mlcareer.scoring" in reachable(m) for m in GRAPH["mlcareer.cli.assess"]
    )
    assert "typer" in imports_of("mlcareer.cli.options")
    assert "mlcareer.report" in GRAPH["mlcareer.scoring"]


def test_no_import_cycle_anywhere():
    cycles = sorted(name for name in GRAPH if name in reachable(name))
    assert cycles == []


@pytest.mark.parametrize("core", CORE)
def test_the_core_never_reaches_a_ui_package_or_the_shell(core):
    name = f"mlcareer.{core}"
    assert name in MODULES
    reached = {name} | reachable(name, skip=SANCTIONED)
    ui = {m: imports_of(m) & UI_PACKAGES for m in reached}
    assert {m: found for m, found in ui.items() if found} == {}
    shell = sorted(m for m in reached if m.startswith(("mlcareer.cli", "mlcareer.render")))
    assert shell == []
    assert "mlcareer.questionnaire" not in reached


def test_render_never_imports_the_cli():
    for name in MODULES:
        if name.startswith("mlcareer.render"):
            assert not any(m.startswith("mlcareer.cli") for m in GRAPH[name]), name


def test_nothing_but_the_cli_imports_the_cli():
    importers = sorted(
        name
        for name, targets in GRAPH.items()
        if not name.startswith(("mlcareer.cli", "mlcareer.__main__"))
        and any(t.startswith("mlcareer.cli") for t in targets)
    )
    assert importers == []
