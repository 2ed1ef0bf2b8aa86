"""Read a skills spreadsheet saved as CSV into a taxonomy document.

The layout (README, "For instructors"; `mlcareer init --csv-template FILE` writes an
example): a header row, then one row per skill. Column names ignore case, spaces and
underscores, and their order is free:

    category                 the category's name (required)
    skill                    the skill's name (required)
    id                       the skill's id (default: made from its name)
    description              one line about the skill (default: its name)
    weight                   the skill's weight inside its category (default 1)
    level 1 .. level 4       what a person at each level can do (required)
    indicators 1 .. 4        optional checklist statements, one per line in the cell
                             (Alt+Enter in a spreadsheet) or separated by " | "
    prerequisites            skill ids separated by commas; `statistics:2` names a level
    step 1 .. step 4         optional: how to reach each level, as an instruction
    hours 1 .. hours 4       optional: the hours of that step
    role: NAME               one column per role: the level (0-4) the role requires;
                             empty means 0

Commas, semicolons and tabs are recognised as separators (spreadsheets set to a
language with decimal commas save with semicolons). A cell that cannot be read is an
error that names the row and the column; columns of no known name go to the loss report.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from mlcareer.errors import MlcareerError, Problem
from mlcareer.imported import Imported, LossReport, separate_category_ids, slug
from mlcareer.yamlfile import read_text

MAX_CSV_BYTES = 8 * 1024 * 1024
_ROLE_COLUMN = re.compile(r"^role\s*:\s*(.+)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(level|indicators|step|hours)(\d)$")
_PREREQUISITE = re.compile(r"^([a-z0-9][a-z0-9_-]*)\s*(?::\s*(\d))?$")
_PLAIN = {"category", "skill", "id", "description", "weight", "prerequisites"}


def _column_key(name: str) -> str:
    return re.sub(r"[\s_]+", "", name.strip().lower())


def _split_statements(cell: str) -> list[str]:
    parts = re.split(r"\r?\n|\s\|\s", cell)
    return [p.strip().lstrip("-•* ").strip() for p in parts if p.strip().lstrip("-•* ").strip()]


def read_csv(
    path: Path | str,
    *,
    taxonomy_id: str | None = None,
    title: str | None = None,
    version: str = "1",
) -> Imported:
    label, text = read_text(path, max_bytes=MAX_CSV_BYTES, what="CSV file")
    if not text.strip():
        raise MlcareerError(Problem("the CSV file is empty: it needs a header row", label, 1, 1))
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise MlcareerError(Problem(f"is not readable as CSV ({exc})", label, 1, 1)) from None

    losses = LossReport(label)
    columns: dict[str, int] = {}
    roles: list[tuple[str, str, int]] = []  # (role id, name, column)
    for index, name in enumerate(header):
        role = _ROLE_COLUMN.match(name.strip())
        key = _column_key(name)
        if role:
            role_name = role.group(1).strip()
            roles.append((slug(role_name, f"role-{index + 1}"), role_name, index))
        elif key in _PLAIN or _NUMBERED.match(key):
            columns[key] = index
        elif key:
            losses.add("columns of no known name, not imported", f"`{name.strip()}`")
    missing = [
        c for c in ("category", "skill", "level1", "level2", "level3", "level4") if c not in columns
    ]
    if missing:
        shown = ", ".join(f"`{c[:-1]} {c[-1]}`" if c[-1].isdigit() else f"`{c}`" for c in missing)
        raise MlcareerError(
            Problem(
                f"the header row has no column {shown}: name the columns as `mlcareer init "
                "--csv-template FILE` does",
                label,
                1,
                1,
            )
        )
    if not roles:
        raise MlcareerError(
            Problem(
                "the header row has no role column: add one per role, named `role: NAME`, "
                "holding the level (0-4) that role requires of each skill",
                label,
                1,
                1,
            )
        )

    problems: list[Problem] = []
    categories: dict[str, dict[str, Any]] = {}
    requires: dict[str, dict[str, int]] = {rid: {} for rid, _, _ in roles}
    line = reader.line_num + 1
    for row in reader:
        row_line, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        skill = _skill(row, row_line, columns, label, problems, losses)
        if skill is None:
            continue
        category_name = _cell(row, columns["category"])
        category = categories.setdefault(
            category_name,
            {"id": slug(category_name, "category"), "name": category_name, "skills": []},
        )
        category["skills"].append(skill)
        for role_id, role_name, index in roles:
            value = _cell(row, index)
            if not value:
                continue
            if value not in ("0", "1", "2", "3", "4"):
                problems.append(
                    Problem(
                        f"row {row_line}, column `role: {role_name}`: {value!r} is not a level: "
                        "write a whole number from 0 to 4, or leave it empty for 0",
                        label,
                        row_line,
                    )
                )
            elif value != "0":
                requires[role_id][skill["id"]] = int(value)
    if problems:
        raise MlcareerError(problems)
    if not categories:
        raise MlcareerError(
            Problem("has a header row but no skill rows: add one row per skill", label)
        )
    document: dict[str, Any] = {
        "schema_version": 1,
        "id": taxonomy_id or slug(Path(str(path)).stem, "course"),
        "title": title or f"{Path(str(path)).stem} (imported)",
        "version": version,
        "categories": list(categories.values()),
        "roles": [
            {"id": role_id, "name": name, "requires": requires[role_id]}
            for role_id, name, _ in roles
        ],
    }
    separate_category_ids(document, losses)
    return Imported(document, losses)


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _skill(
    row: list[str],
    line: int,
    columns: dict[str, int],
    label: str,
    problems: list[Problem],
    losses: LossReport,
) -> dict[str, Any] | None:
    def cell(key: str) -> str:
        return _cell(row, columns.get(key))

    def problem(column: str, message: str) -> None:
        problems.append(Problem(f"row {line}, column `{column}`: {message}", label, line))

    name = cell("skill")
    if not name:
        problem("skill", "the skill has no name: give it one, or empty the row")
        return None
    if not cell("category"):
        problem("category", f"`{name}` has no category: name one")
    given_id = cell("id")
    skill: dict[str, Any] = {"id": slug(given_id or name, "skill")}
    if given_id and skill["id"] != given_id:
        skill["aliases"] = [given_id] if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", given_id) else []
        losses.add(
            "ids made plain (the original kept as an alias where it can be one)",
            f"{given_id} -> {skill['id']}",
        )
        if not skill["aliases"]:
            del skill["aliases"]
    skill["name"] = name
    skill["description"] = cell("description") or name
    if not cell("description"):
        losses.add("skills without a description: their name is used", name)
    if cell("weight"):
        try:
            skill["weight"] = float(cell("weight").replace(",", "."))
        except ValueError:
            problem("weight", f"{cell('weight')!r} is not a number: write e.g. 1 or 1.5")
    levels = {}
    for n in (1, 2, 3, 4):
        text = cell(f"level{n}")
        if text:
            levels[n] = text
        else:
            problem(
                f"level {n}",
                f"`{name}` does not describe level {n}: say what a person at that level can do",
            )
    skill["levels"] = levels
    indicators = {n: _split_statements(cell(f"indicators{n}")) for n in (1, 2, 3, 4)}
    indicators = {n: v for n, v in indicators.items() if v}
    if indicators:
        skill["indicators"] = indicators
    prerequisites: list[Any] = []
    for part in filter(None, (p.strip() for p in cell("prerequisites").split(","))):
        match = _PREREQUISITE.match(part)
        if not match or (match.group(2) and not 1 <= int(match.group(2)) <= 4):
            problem("prerequisites", f"{part!r} is not a skill id, or `id:level` with a level 1-4")
            continue
        prereq = slug(match.group(1))
        prerequisites.append({prereq: int(match.group(2))} if match.group(2) else prereq)
    if prerequisites:
        skill["prerequisites"] = prerequisites
    learning = []
    for n in (1, 2, 3, 4):
        step, hours = cell(f"step{n}"), cell(f"hours{n}")
        if hours and not step:
            problem(f"hours {n}", "hours are given without a step: write the step beside them")
        if not step:
            continue
        entry: dict[str, Any] = {"to_level": n, "step": step}
        if hours:
            try:
                entry["hours"] = float(hours.replace(",", "."))
            except ValueError:
                problem(f"hours {n}", f"{hours!r} is not a number of hours")
        learning.append(entry)
    if learning:
        skill["learning"] = learning
    return skill


def csv_template() -> str:
    """An example spreadsheet in the layout read_csv reads (written by `init --csv-template`)."""
    header = [
        "category", "skill", "id", "description",
        "level 1", "level 2", "level 3", "level 4",
        "indicators 1", "indicators 2", "indicators 3", "indicators 4",
        "prerequisites", "step 1", "hours 1", "step 2", "hours 2",
        "role: Junior data scientist", "role: Data scientist",
    ]  # fmt: skip
    rows = [
        [
            "Programming", "Python", "python", "Writing Python for data work",
            "Reads short scripts and explains what they do",
            "Writes scripts with functions and fixes errors from tracebacks",
            "Structures a package with tests",
            "Reviews others' code and sets the team's conventions",
            "I can run a script and change a variable\nI can explain what a loop does",
            "I write functions with parameters\nI read a traceback to find the error\n"
            "I use a virtual environment",
            "I write tests with pytest\nI split code into modules",
            "I have set up linting for a team",
            "", "Follow an introductory Python course", "20",
            "Write three small data scripts and have them reviewed", "30",
            "2", "3",
        ],
        [
            "Maths and statistics", "Statistics", "statistics", "Describing data and testing ideas",
            "Computes means and medians", "Chooses and runs the right test",
            "Designs experiments", "Teaches experimental design",
            "", "I can explain a p-value in plain words\nI have run a t-test", "", "",
            "python", "Work through an introductory statistics book", "25", "", "",
            "1", "2",
        ],
        [
            "Maths and statistics", "Model evaluation", "model-evaluation",
            "Measuring how good a model is",
            "Knows why a test set is kept apart", "Compares models with cross-validation",
            "Chooses metrics with stakeholders", "Designs evaluation protocols",
            "", "", "", "",
            "statistics:2, python", "", "", "Compare two models with cross-validation", "",
            "1", "3",
        ],
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
