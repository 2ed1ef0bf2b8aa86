"""Assignments: what an instructor hands out with a course taxonomy, in one small YAML file.

An assignment names the taxonomy (its path, relative to the assignment file, and the sha256
of its text, so a student with another copy is told so), the role or roles a student may
aim at, how many knowledge checks to ask, the due date, and where and how to hand the
report in, under which file name. `mlcareer assess --assignment FILE` takes its settings,
and `mlcareer cohort --assignment FILE` knows from it which reports are late or of another
role or taxonomy. Nothing here prints, prompts or exits.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)

from mlcareer.errors import MlcareerError, Problem
from mlcareer.input_rules import MAX_LEARNER_ID, check_name, forbidden_character
from mlcareer.taxonomy import Id
from mlcareer.validation import problems_from, shown_value
from mlcareer.wording import listed
from mlcareer.yamlfile import Document, load_mapping

if TYPE_CHECKING:
    from mlcareer.taxonomy import Taxonomy

ASSIGNMENT_SCHEMA_VERSION = 1
MAX_ASSIGNMENT_BYTES = 256 * 1024
DEFAULT_FILE_NAME = "{learner_id}.json"
# The placeholders a submission file name may use; {learner_id} is what makes it unique.
FILE_NAME_FIELDS = ("learner_id", "assignment")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SHA256 = r"^[0-9a-f]{64}$"
# The longest file name ext4, APFS and most other file systems take, in bytes of UTF-8
# (NTFS counts 255 UTF-16 units, which 255 bytes of UTF-8 never exceed).
MAX_FILE_NAME_BYTES = 255
MAX_ASSIGNMENT_ID = 64  # taxonomy.Id's max_length


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class AssignmentTaxonomy(_Model):
    path: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(check_name)] = Field(
        description="The course taxonomy, relative to the assignment file (or absolute)."
    )
    id: Id
    version: Annotated[str, Field(min_length=1, max_length=40), AfterValidator(check_name)]
    sha256: Annotated[str, Field(pattern=_SHA256)] = Field(
        description="sha256 of the taxonomy's text: a report made with any other is refused."
    )


class AssignmentQuiz(_Model):
    max: Annotated[int, Field(ge=0, le=1000)] = Field(
        description="Knowledge-check items the questionnaire asks at most (0: none)."
    )


class AssignmentSubmit(_Model):
    file_name: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        default=DEFAULT_FILE_NAME,
        description="Name of the report file to hand in; {learner_id} and {assignment} are "
        "replaced.",
    )
    to: Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(check_name)] = Field(
        description="Where and how to hand it in, in words (an LMS assignment, a shared folder)."
    )

    @field_validator("file_name")
    @classmethod
    def _usable_file_name(cls, value: str) -> str:
        return checked_file_name(value)


class Assignment(_Model):
    """An assignment file; ``mlcareer schema assignment`` publishes it."""

    assignment_schema_version: Literal[1] = ASSIGNMENT_SCHEMA_VERSION
    id: Id
    title: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(check_name)]
    taxonomy: AssignmentTaxonomy
    roles: Annotated[list[Id], Field(min_length=1)] = Field(
        description="The role a student aims at, or the roles they may choose from."
    )
    quiz: AssignmentQuiz
    due: str | None = Field(
        default=None,
        description="When reports are due: ISO 8601 with a UTC offset, e.g. "
        "2026-12-01T23:59:59+01:00; null for no due date.",
    )
    submit: AssignmentSubmit
    install: (
        Annotated[str, Field(min_length=1, max_length=500), AfterValidator(check_name)] | None
    ) = Field(default=None, description="The command students install mlcareer with.")
    # The file it was read from, with every value's position, so that a problem found
    # later (its taxonomy missing, a role the taxonomy lacks) points at the line to fix.
    _document: Document | None = PrivateAttr(default=None)

    @field_validator("due")
    @classmethod
    def _due_with_offset(cls, value: str | None) -> str | None:
        if value is None:
            return None
        alone = _date_alone(value)
        if alone is not None:
            day, offset = alone
            raise ValueError(
                f"{value!r} is a date without a time: write the moment reports are due, like "
                f"{day.isoformat()}T23:59:59{offset or '+01:00'}"
            )
        try:
            moment = _moment(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not an ISO 8601 time: write it like 2026-12-01T23:59:59+01:00"
            ) from None
        if moment.tzinfo is None:
            raise ValueError(
                f"{value!r} has no UTC offset, so it means a different moment in each time "
                "zone: add one, e.g. +01:00 or Z"
            )
        problem = _year_problem(moment)
        if problem:
            raise ValueError(f"{value!r} {problem}")
        return value

    @field_validator("roles")
    @classmethod
    def _roles_once(cls, roles: list[str]) -> list[str]:
        seen = [r for i, r in enumerate(roles) if r in roles[:i]]
        if seen:
            raise ValueError(f"role `{seen[0]}` is listed twice: keep one")
        return roles

    def due_moment(self) -> datetime | None:
        """The due date as an aware datetime, or None."""
        if self.due is None:
            return None
        return _moment(self.due)

    def lateness(self, made: datetime) -> str | None:
        """How long after the due date ``made`` is ("13 min"), or None when not after it."""
        due = self.due_moment()
        return late_by(made, due) if due is not None and made > due else None

    def file_name_for(self, learner_id: str | None) -> str:
        """The report file name a learner hands in; needs ``learner_id`` when the name uses it."""
        if "{learner_id}" in self.submit.file_name and not learner_id:
            raise MlcareerError(
                f"assignment `{self.id}` names reports `{self.submit.file_name}`, which needs "
                "your learner id: pass --learner-id (your student number), or --output FILE"
            )
        return self.submit.file_name.format(learner_id=learner_id or "", assignment=self.id)

    def report_name_clash(self) -> str | None:
        """Why every report, named by submit.file_name, would land on the taxonomy in the
        folder students run `assess` in (which then refuses to write it), or None. A name
        with {learner_id} differs from student to student."""
        name = self.submit.file_name
        if "{learner_id}" in name:
            return None
        made = name.format(assignment=self.id)
        # By its name alone: students are told to keep the two files in one folder. And
        # ignoring case: on macOS and Windows Week1.json is week1.json.
        if PurePosixPath(self.taxonomy.path).name.casefold() != made.casefold():
            return None
        shown = "" if made == name else f" makes {made}, which"
        return (
            f"{name!r}{shown} is the taxonomy's file name, so every student's report would "
            "be refused (it would overwrite the taxonomy handed out with the assignment): give "
            "the report another name, like {learner_id}.json"
        )

    def problem_at(self, where: tuple[str, ...], message: str) -> Problem:
        """A problem at this key of the assignment file it was read from."""
        if self._document is None:
            return Problem(message)
        return self._document.problem_at(where, message)

    def taxonomy_path(self, assignment_file: str | Path) -> Path:
        """The taxonomy's path, relative paths taken from the assignment file's folder."""
        path = Path(self.taxonomy.path)
        if path.is_absolute() or str(assignment_file) == "-":
            return path
        return Path(assignment_file).parent / path


def checked_file_name(value: str) -> str:
    """A submission file name: one name (no folder), placeholders only from FILE_NAME_FIELDS,
    ending in .json so that the report is written as JSON, not hidden, and short enough for
    a file system with the longest learner id in it."""
    # First, so that no message below repeats a control character the name holds.
    problem = forbidden_character(value, multiline=False)
    if problem:
        raise ValueError(problem)
    if "/" in value or "\\" in value or value in (".", ".."):
        raise ValueError(f"{value!r} is a path: give a file name without a folder")
    if value.startswith("."):
        # `mlcareer cohort` passes over hidden files when it reads a folder of reports.
        raise ValueError(
            f"{value!r} starts with a dot, which makes a hidden file that `mlcareer cohort` "
            "passes over in a folder of reports: remove the dot"
        )
    for name in _PLACEHOLDER.findall(value):
        if name not in FILE_NAME_FIELDS:
            raise ValueError(
                f"{value!r} uses {{{name}}}: the file name may use "
                + " and ".join(f"{{{f}}}" for f in FILE_NAME_FIELDS)
            )
    stripped = _PLACEHOLDER.sub("", value)
    if "{" in stripped or "}" in stripped:
        raise ValueError(f"{value!r} has an unmatched brace: write {{learner_id}}")
    if not value.endswith(".json"):
        raise ValueError(f"{value!r} must end in .json: the report handed in is JSON")
    # Checked with the longest ids there can be, so that no student's report is refused
    # by the file system after they answered every question.
    longest = value.format(learner_id="x" * MAX_LEARNER_ID, assignment="x" * MAX_ASSIGNMENT_ID)
    size = len(longest.encode("utf-8"))
    if size > MAX_FILE_NAME_BYTES:
        ids = "a learner id and an assignment id" if "{assignment}" in value else "a learner id"
        raise ValueError(
            f"must be shorter: with {ids} of {MAX_LEARNER_ID} characters (the longest "
            f"allowed) it makes a name of {size} bytes in UTF-8, and a file name has at most "
            f"{MAX_FILE_NAME_BYTES}"
        )
    return value


# Due dates fall in these years: astimezone() fails before 1970 on Windows, and one more
# year at the end keeps every moment inside datetime's range in every time zone.
DUE_YEARS = (1970, 9998)
# A UTC offset at the end of a date alone: Z, +01, -05:00, +0530.
_OFFSET_AT_END = re.compile(r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$")


def _moment(text: str) -> datetime:
    """``datetime.fromisoformat`` with a final Z read as UTC, which Python 3.10 needs."""
    return datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text)


def _date_alone(text: str) -> tuple[date, str] | None:
    """(the date, the UTC offset written after it or "") when ``text`` is a date without a
    time: 2026-12-01 or 2026-12-01Z, and on Python 3.11 also 20261201 and 2026-W49-2.

    Needed because fromisoformat takes any character between date and time, so it reads
    2026-12-01+01:00 as midnight ("+" for the T), and 2026-12-01Z (its Z replaced) too.
    """
    if any(sep in text for sep in "Tt "):
        return None
    offset = _OFFSET_AT_END.search(text)
    tries = [(text, "")] + ([(text[: offset.start()], offset.group())] if offset else [])
    for body, written in tries:
        try:
            return date.fromisoformat(body), written
        except ValueError:
            continue
    return None


def _year_problem(moment: datetime) -> str | None:
    first, last = DUE_YEARS
    if first <= moment.year <= last:
        return None
    return f"is too far off: give a due date in the years {first} to {last}"


def due_from_option(text: str, local_zone: Any = None) -> str:
    """``--due``'s value as the ISO 8601 time an assignment stores.

    A date alone (2026-12-01, or any other form of a date ``date.fromisoformat`` reads)
    means the end of that day in this computer's time zone (``local_zone`` in tests); a
    time without an offset is taken in that zone too. Either way the stored value carries
    its UTC offset, so it means one moment everywhere.
    """
    text = text.strip()
    alone = _date_alone(text)
    if alone is not None and alone[1]:
        day = alone[0].isoformat()
        raise MlcareerError(
            f"--due {text!r} is a date with a UTC offset but no time: write {day} (the end "
            f"of that day in this computer's time zone) or {day}T23:59:59{alone[1]}"
        )
    try:
        if alone is not None:
            moment = datetime.combine(alone[0], time(23, 59, 59))
        else:
            moment = _moment(text)
    except ValueError:
        raise MlcareerError(
            f"--due {text!r} is not a date: write 2026-12-01 (the end of that day) or "
            "2026-12-01T17:00 or 2026-12-01T17:00+01:00"
        ) from None
    problem = _year_problem(moment)
    if problem:
        raise MlcareerError(f"--due {text!r} {problem}")
    if moment.tzinfo is None:
        # astimezone(): this computer's zone on that day, daylight saving included.
        moment = moment.astimezone() if local_zone is None else moment.replace(tzinfo=local_zone)
    offset = moment.utcoffset() or timedelta(0)
    stamp = moment.replace(microsecond=0).isoformat()
    return stamp.replace("+00:00", "Z") if offset == timedelta(0) else stamp


# -- reading ------------------------------------------------------------------------------


def looks_like_assignment(data: object) -> bool:
    """Whether parsed YAML is meant as an assignment (`validate` detects files by content)."""
    return isinstance(data, dict) and "assignment_schema_version" in data


def _schema_version_problem(version: object) -> str | None:
    """Why ``assignment_schema_version`` is not one this mlcareer reads, or None (also when
    it is missing: the model says so). Python has true == 1 == 1.0, and YAML reads `"1"`
    as text: the version is the whole number alone."""
    key, expected = "assignment_schema_version", ASSIGNMENT_SCHEMA_VERSION
    if version is None or (type(version) is int and version == expected):
        return None
    if type(version) is int and version > expected:
        return (
            f"{key} {version} is not supported by this mlcareer, which reads version "
            f"{expected}: upgrade mlcareer"
        )
    if isinstance(version, str) and version.strip() == str(expected):
        return (
            f"{key} must be the whole number {expected}, not the text {version!r}: remove the "
            "quotes"
        )
    return (
        f"{key} must be the whole number {expected}, not {shown_value(version)}: write {expected}"
    )


def assignment_from_document(doc: Document) -> Assignment:
    data = doc.data
    version = data.get("assignment_schema_version")
    problem = _schema_version_problem(version)
    if problem:
        raise MlcareerError(doc.problem_at(("assignment_schema_version",), problem))
    if version is None and ("categories" in data or "ratings" in data or "skills" in data):
        kind = "a taxonomy" if "categories" in data else "an answers file or a report"
        raise MlcareerError(
            Problem(
                f"is {kind}, not an assignment: give the file `mlcareer assignment new` wrote",
                doc.file,
                1,
                1,
            )
        )
    try:
        assignment = Assignment.model_validate(data)
    except ValidationError as exc:
        raise MlcareerError(problems_from(exc, doc, Assignment)) from None
    assignment._document = doc
    clash = assignment.report_name_clash()
    if clash:
        raise MlcareerError(assignment.problem_at(("submit", "file_name"), f"`file_name` {clash}"))
    return assignment


def load_assignment(source: str | Path) -> Assignment:
    """Read and validate an assignment file; raise MlcareerError naming every problem."""
    doc = load_mapping(source, max_bytes=MAX_ASSIGNMENT_BYTES, what="assignment")
    return assignment_from_document(doc)


def check_taxonomy_matches(assignment: Assignment, sha256: str, label: str) -> None:
    """Refuse a taxonomy whose text differs from the one the assignment was made with."""
    if sha256 != assignment.taxonomy.sha256:
        raise MlcareerError(
            Problem(
                f"is not the taxonomy of assignment `{assignment.id}` (its sha256 is "
                f"{sha256[:12]}, the assignment's {assignment.taxonomy.sha256[:12]}): use the "
                f"copy of `{assignment.taxonomy.id}` version {assignment.taxonomy.version} your "
                "instructor handed out, unchanged",
                label,
            )
        )


def check_roles_in(assignment: Assignment, taxonomy: Taxonomy) -> None:
    """Refuse an assignment naming a role its taxonomy does not have (hand-edited): no
    student could be assessed for it."""
    unknown = [r for r in assignment.roles if taxonomy.role(r) is None]
    if unknown:
        raise MlcareerError(
            assignment.problem_at(
                ("roles", assignment.roles.index(unknown[0])),
                f"role `{unknown[0]}` is not a role of taxonomy `{taxonomy.id}`: choose one "
                f"of {', '.join(r.id for r in taxonomy.roles)}",
            )
        )


def load_assignment_taxonomy(
    assignment: Assignment,
    source: str | Path,
    copy: str | Path | None = None,
    *,
    copy_option: str | None = "--taxonomy",
) -> tuple[Taxonomy, Path]:
    """The taxonomy an assignment is for and the file it was read from: ``copy`` (the
    user's own copy, --taxonomy) or the file its taxonomy.path names, relative to the
    assignment file ``source``. Refused when that file is not there (at the line of
    taxonomy.path: the path is the assignment's, not the user's), and when its text is not
    the one the assignment was made with. ``copy_option``: the option that passes a copy,
    where the command has one."""
    from mlcareer.taxonomy import load_taxonomy

    taxonomy_file = Path(copy) if copy is not None else assignment.taxonomy_path(source)
    if copy is None and str(source) != "-" and not taxonomy_file.exists():
        other = f"pass your copy of it with {copy_option}" if copy_option else "correct the path"
        looked = (
            ""
            if str(taxonomy_file) == assignment.taxonomy.path
            else f" (looked for {taxonomy_file}: a relative path starts at the assignment's folder)"
        )
        raise MlcareerError(
            assignment.problem_at(
                ("taxonomy", "path"),
                f"the taxonomy `{assignment.taxonomy.path}` is not there{looked}: put the "
                f"course taxonomy there, or {other}",
            )
        )
    taxonomy = load_taxonomy(taxonomy_file)
    check_taxonomy_matches(assignment, taxonomy.sha256, str(taxonomy_file))
    return taxonomy, taxonomy_file


def role_for(assignment: Assignment, asked: str | None) -> str | None:
    """The role to assess: the one asked for when the assignment allows it, the
    assignment's only role otherwise; None when the learner still has to choose."""
    if asked is not None:
        if asked not in assignment.roles:
            raise MlcareerError(
                f"assignment `{assignment.id}` is for the role"
                f"{'s' if len(assignment.roles) > 1 else ''} {_listed(assignment.roles)}, not "
                f"`{asked}`: pass --role {assignment.roles[0]}"
            )
        return asked
    return assignment.roles[0] if len(assignment.roles) == 1 else None


def _listed(ids: list[str]) -> str:
    return listed([f"`{i}`" for i in ids], "or")


# -- writing ------------------------------------------------------------------------------


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def assignment_text(assignment: Assignment) -> str:
    """The YAML of an assignment, commented for the students who receive it."""
    a = assignment
    roles = "\n".join(f"  - {r}" for r in a.roles)
    lines = [
        f"# mlcareer assignment `{a.id}`: {a.title}",
        "# Students: run the command below in the folder holding this file and the taxonomy,",
        "# then hand in the report file it writes.",
        f'#   mlcareer assess --assignment <this file> --learner "Your Name" '
        f"--learner-id YOUR-ID{' --role ROLE' if len(a.roles) > 1 else ''}",
        "# Written by `mlcareer assignment new`; `mlcareer validate` checks it.",
        f"assignment_schema_version: {ASSIGNMENT_SCHEMA_VERSION}",
        f"id: {a.id}",
        f"title: {_quoted(a.title)}",
        "taxonomy:",
        "  # The course taxonomy; a report made with any other copy of it is refused.",
        f"  path: {_quoted(a.taxonomy.path)}",
        f"  id: {a.taxonomy.id}",
        f"  version: {_quoted(a.taxonomy.version)}",
        f"  sha256: {a.taxonomy.sha256}",
        "# The role to aim at (or the roles to choose from, with --role).",
        "roles:",
        roles,
        "quiz:",
        "  # Knowledge-check items the questionnaire asks at most (0: none).",
        f"  max: {a.quiz.max}",
        "# When reports are due (with its UTC offset); later ones are listed as late.",
        f"due: {_quoted(a.due) if a.due else 'null'}",
        "submit:",
        f"  file_name: {_quoted(a.submit.file_name)}",
        f"  to: {_quoted(a.submit.to)}",
    ]
    if a.install:
        lines.append(f"install: {_quoted(a.install)}")
    return "\n".join(lines) + "\n"


def student_instructions(assignment: Assignment, assignment_file: str) -> str:
    """The block an instructor pastes for students: install, assess, hand in."""
    role = ""
    if len(assignment.roles) > 1:
        role = f" --role {assignment.roles[0]}"
    command = (
        f'mlcareer assess --assignment {_shell_word(Path(assignment_file).name)} --learner "Your '
        f'Name" --learner-id YOUR-ID{role}'
    )
    file_name = assignment.submit.file_name.format(learner_id="YOUR-ID", assignment=assignment.id)
    lines = []
    if assignment.install:
        lines.append(f"{assignment.install}")
    lines.append(command)
    lines.append(f"# then hand in {file_name}: {assignment.submit.to}")
    if assignment.due:
        lines.append(f"# due {assignment.due}")
    if len(assignment.roles) > 1:
        lines.append(f"# --role: one of {', '.join(assignment.roles)}")
    return "\n".join(lines) + "\n"


def _shell_word(word: str) -> str:
    import shlex

    return shlex.quote(word)


# -- making one ---------------------------------------------------------------------------


def id_from_file_name(path: str | Path) -> str:
    """An assignment id from its file name: `Week 1.yaml` -> `week-1`."""
    slug = re.sub(r"[^a-z0-9]+", "-", Path(path).stem.lower()).strip("-")
    return slug[:64] or "assignment"


def new_assignment(
    *,
    assignment_file: str | Path,
    taxonomy_file: str | Path,
    taxonomy: Any,
    roles: list[str],
    assignment_id: str | None = None,
    title: str | None = None,
    due: str | None = None,
    quiz_max: int,
    file_name: str = DEFAULT_FILE_NAME,
    submit_to: str,
    install: str | None = None,
) -> Assignment:
    """An assignment for ``taxonomy`` (loaded from ``taxonomy_file``), to be written to
    ``assignment_file``; raises MlcareerError for an unknown role or a bad setting."""
    import difflib
    import os

    known = [r.id for r in taxonomy.roles]
    if not roles:
        raise MlcareerError(
            f"give the role students aim at with --role (one of {', '.join(known)}); repeat "
            "--role to let them choose"
        )
    for role in roles:
        if role not in known:
            close = difflib.get_close_matches(role, known, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            raise MlcareerError(
                f"--role `{role}` is not a role of taxonomy `{taxonomy.id}`{hint}: choose one of "
                f"{', '.join(known)}"
            )
    folder = Path(assignment_file).parent
    relative = os.path.relpath(Path(taxonomy_file).resolve(), folder.resolve())
    data = {
        "id": assignment_id or id_from_file_name(assignment_file),
        "title": title or f"Skills self-assessment: {taxonomy.title}",
        "taxonomy": {
            "path": Path(relative).as_posix(),
            "id": taxonomy.id,
            "version": taxonomy.version,
            "sha256": taxonomy.sha256,
        },
        "roles": roles,
        "quiz": {"max": quiz_max},
        "due": due,
        "submit": {"file_name": file_name, "to": submit_to},
        "install": install,
    }
    try:
        assignment = Assignment.model_validate(data)
    except ValidationError as exc:
        raise MlcareerError(_option_sentence(exc.errors(include_url=False)[0])) from None
    clash = assignment.report_name_clash()
    if clash:
        raise MlcareerError(f"--file-name: {clash}")
    return assignment


# The option of `assignment new` each key of the assignment comes from.
_OPTION_OF = {
    "id": "--id",
    "title": "--title",
    "taxonomy": "--taxonomy",
    "roles": "--role",
    "quiz": "--quiz-max",
    "due": "--due",
    "file_name": "--file-name",
    "to": "--submit-to",
    "install": "--install",
}


def _option_sentence(error: Any) -> str:
    """One pydantic error of ``assignment new`` as a sentence naming the option to change
    (validation.sentence_for words the same errors for a file, naming its keys)."""
    loc = error["loc"]
    key = str(loc[1] if loc[0] == "submit" and len(loc) > 1 else loc[0])
    option = _OPTION_OF.get(key, f"`{key}`")
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "value_error":
        text = str(ctx.get("error", error["msg"]))
        if key == "taxonomy":
            # The taxonomy's values come from its file, which loaded; only the path stored
            # for it (relative to the assignment's folder) can be refused, and a path is
            # mended by renaming, not by editing text.
            what = text.removesuffix(": remove it")
            return f"{option}: the path of the taxonomy {what}: rename the file"
        return f"{option}: {text}"
    if kind == "string_too_long":
        if key == "taxonomy":
            return (
                f"{option}: the path of the taxonomy from the assignment's folder has "
                f"{len(value)} characters, and an assignment holds at most "
                f"{ctx.get('max_length')}: put the taxonomy nearer the assignment"
            )
        return (
            f"{option}: at most {ctx.get('max_length')} characters, not {len(value)}: give a "
            f"shorter {option}"
        )
    if kind == "string_too_short":
        return f"{option}: must not be empty"
    if kind == "string_pattern_mismatch":
        return (
            f"{option}: an id uses only lowercase letters, digits and hyphens, starting with a "
            f"letter or digit (like week-1), not {value!r}"
        )
    if kind == "less_than_equal":
        return f"{option}: at most {ctx.get('le')}, not {value}"
    if kind == "greater_than_equal":
        return f"{option}: at least {ctx.get('ge')}, not {value}"
    return f"{option}: {error['msg']}"


def late_by(late: datetime, due: datetime) -> str:
    """How long after ``due`` ``late`` is, in words: 1 min at least, then hours, then days."""
    minutes = int((late - due).total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 1)} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes // (24 * 60)} days"
