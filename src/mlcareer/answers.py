"""The answers file of scripted runs: model, reading and checking against a taxonomy, writing."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from mlcareer.errors import MlcareerError, Problem
from mlcareer.files import write_atomic
from mlcareer.input_rules import (
    LEARNER_ID_PATTERN as LEARNER_ID_PATTERN,  # the rule of learner ids, re-exported
)
from mlcareer.input_rules import (
    LearnerId,
    LearnerName,
    check_learner_name,
    learner_id_problem,
    learner_name_problem,
)
from mlcareer.taxonomy import Id, Level, Role, Taxonomy, level_keys
from mlcareer.validation import problems_from, sort_problems
from mlcareer.yamlfile import Document, load_mapping

MAX_ANSWERS_BYTES = 2 * 1024 * 1024
Confidence = Literal["low", "medium", "high"]


class LearnerModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: LearnerName | None = None
    id: LearnerId | None = None


def checked_learner_id(value: str) -> str:
    """A learner id given on the command line, held to the answers file's rules."""
    problem = learner_id_problem(value)
    if problem:
        raise MlcareerError(f"--learner-id is not a usable id: {problem}")
    return value


def checked_learner_name(value: str) -> str:
    """A learner name given on the command line, held to the answers file's rules."""
    problem = learner_name_problem(value)
    if problem:
        raise MlcareerError(f"--learner is not a usable name: {problem}")
    return check_learner_name(value)


# One skill's checklist ticks: per level 1-4, the positions (from 1) of the statements ticked;
# level keys as YAML (1:) or JSON ("1":) writes them.
LevelTicks = Annotated[
    dict[Annotated[int, Field(ge=1, le=4)], list[Annotated[int, Field(ge=1)]]],
    BeforeValidator(level_keys),
]


class AnswersFile(BaseModel):
    """What a person or a script writes; ``mlcareer schema answers`` publishes it."""

    model_config = ConfigDict(extra="forbid", strict=True)
    role: Id | None = Field(default=None, description="Target role id; --role overrides it.")
    learner: LearnerModel | None = None
    ratings: dict[str, Level | None] = Field(
        default_factory=dict, description="Self-rating 0-4 per skill id; empty/null = skipped."
    )
    checks: dict[str, Annotated[int, Field(ge=0)] | None] = Field(
        default_factory=dict, description="Index of the chosen answer per knowledge-check id."
    )
    confidence: dict[str, Confidence] = Field(
        default_factory=dict, description="Confidence in each check answer, per check id."
    )
    seed: int | None = Field(default=None, description="Seed of the choice shuffle, if any.")
    indicators: dict[str, LevelTicks] = Field(
        default_factory=dict,
        description="Checklist answers: per skill id, per level 1-4, the positions (from 1) "
        "of the indicator statements ticked.",
    )


@dataclass
class Answers:
    """Answers checked against a taxonomy, with every id in its current form."""

    role: Role
    ratings: dict[str, int | None]
    learner_name: str | None = None
    learner_id: str | None = None
    checks: dict[str, int] = field(default_factory=dict)
    confidence: dict[str, Confidence] = field(default_factory=dict)
    seed: int | None = None
    # Checklist answers: skill id -> level -> 1-based positions of the ticked statements.
    indicators: dict[str, dict[int, list[int]]] = field(default_factory=dict)


def _rating_sentence(error: Any) -> str | None:
    loc = tuple(error["loc"])
    if loc[-1:] == ("[key]",):
        return None  # a key that is not text (`no:`, `0x10:`): the generic sentence says so
    if len(loc) >= 2 and loc[0] == "ratings" and error["type"] != "dict_type":
        value = error.get("input")
        shown = f"{str(value).lower()} (a yes/no value)" if isinstance(value, bool) else repr(value)
        return (
            f"the rating of `{loc[1]}` must be a whole level from 0 to 4, or empty to skip, "
            f"not {shown}"
        )
    return None


def load_answers(source: str | Path) -> Document:
    return load_mapping(source, max_bytes=MAX_ANSWERS_BYTES, what="answers file")


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def closest_id(word: str, ids: list[str]) -> str | None:
    """The id ``word`` most likely meant: a spelling slip (difflib), else the one id that
    starts with it or has it as a hyphen-separated part (`junior` -> `junior-ml-engineer`)."""
    close = difflib.get_close_matches(word.lower(), ids, n=1)
    if close:
        return close[0]
    wanted = word.lower()
    containing = [i for i in ids if i.startswith(wanted) or wanted in i.split("-")]
    return containing[0] if len(containing) == 1 else None


def unknown_role_option(taxonomy: Taxonomy, role_id: str) -> Problem:
    """The problem of a --role that names no role: blamed on the option, with a suggestion."""
    role_ids = [r.id for r in taxonomy.roles]
    meant = closest_id(role_id, role_ids)
    fix = (
        f"did you mean `{meant}`? (`mlcareer roles` lists them)"
        if meant
        else f"choose one of {', '.join(role_ids)} (`mlcareer roles` describes them)"
    )
    return Problem(f"no role `{role_id}` in taxonomy `{taxonomy.id}`: {fix}", "--role")


def role_from_option(taxonomy: Taxonomy, role_id: str) -> Role:
    """The role --role names; MlcareerError blaming the option if there is none."""
    role = taxonomy.role(role_id)
    if role is None:
        raise MlcareerError(unknown_role_option(taxonomy, role_id))
    return role


@dataclass(frozen=True)
class RoleRule:
    """The roles an answers file may name, and why (an assignment sets them), with the role
    to take when the file names none."""

    allowed: tuple[str, ...]
    why: str  # "assignment `week1`"
    default: str | None = None


def answers_from_document(
    doc: Document,
    taxonomy: Taxonomy,
    role_id: str | None = None,
    rule: RoleRule | None = None,
) -> Answers:
    """Check an answers document against ``taxonomy``; every offender is listed at once.
    ``role_id`` (--role) replaces the file's role; ``rule`` limits the file's own."""
    try:
        raw = AnswersFile.model_validate(doc.data)
    except ValidationError as exc:
        problems = problems_from(exc, doc, AnswersFile, _rating_sentence)
        malformed = {error["loc"][0] for error in exc.errors() if error["loc"]}
        raw = None
    else:
        problems = []
        malformed = set()
    data = doc.data
    skill_ids = [s.id for s in taxonomy.skills()]
    role_ids = [r.id for r in taxonomy.roles]

    file_role = raw.role if raw else data.get("role")
    chosen_role = role_id or file_role or (rule.default if rule else None)
    role = taxonomy.role(chosen_role) if isinstance(chosen_role, str) else None
    if role is not None and rule is not None and role.id not in rule.allowed:
        listed = ", ".join(rule.allowed)
        problems.append(
            doc.problem_at(
                ("role",),
                f"role `{role.id}` is not one {rule.why} allows ({listed}): set `role: "
                f"{rule.allowed[0]}`, or pass --role",
            )
        )
    if chosen_role is None:
        problems.append(
            doc.problem_at(
                (),
                f"no role given: add `role:` to the file or pass --role "
                f"(roles: {', '.join(role_ids)})",
            )
        )
    elif role is None and role_id:
        problems.append(unknown_role_option(taxonomy, role_id))
    elif role is None and "role" not in malformed:
        problems.append(
            doc.problem_at(
                ("role",),
                f"unknown role `{chosen_role}`{_suggest(str(chosen_role), role_ids)}: "
                f"choose one of {', '.join(role_ids)}",
            )
        )

    ratings: dict[str, int | None] = {}
    rated: set[str] = set()
    given_ratings = data.get("ratings") if isinstance(data.get("ratings"), dict) else {}
    for key in given_ratings:
        key_str = str(key)
        if not isinstance(key, str):
            continue  # the model said the key must be text
        if not taxonomy.has_skill(key_str):
            problems.append(
                doc.problem_at(
                    ("ratings", key),
                    f"unknown skill `{key}`{_suggest(key_str, skill_ids)}: "
                    "`mlcareer skills` lists the ids",
                    at_key=True,
                )
            )
            continue
        current = taxonomy.current_id(key_str)
        if current in rated:
            problems.append(
                doc.problem_at(
                    ("ratings", key),
                    f"`{key}` rates `{current}` a second time (one of them is a former id): "
                    "keep one",
                    at_key=True,
                )
            )
        rated.add(current)
        if raw is not None:
            ratings[current] = raw.ratings[key_str]

    checks: dict[str, int] = {}
    check_index = {check.id: check for _, check in taxonomy.checks()}
    check_ids = list(check_index)
    given_checks = data.get("checks") if isinstance(data.get("checks"), dict) else {}
    for key, answer in given_checks.items():
        check = check_index.get(str(key))
        if check is None:
            problems.append(
                doc.problem_at(
                    ("checks", key),
                    f"unknown knowledge check `{key}`{_suggest(str(key), check_ids)}: check the id",
                    at_key=True,
                )
            )
        elif isinstance(answer, int) and not isinstance(answer, bool):
            if answer >= len(check.choices):
                problems.append(
                    doc.problem_at(
                        ("checks", key),
                        f"check `{key}` has {len(check.choices)} "
                        f"choices, so the answer must be 0 to "
                        f"{len(check.choices) - 1}, not {answer}",
                    )
                )
            else:
                checks[str(key)] = answer
    given_confidence = data.get("confidence") if isinstance(data.get("confidence"), dict) else {}
    for key in given_confidence:
        if key not in check_index:
            problems.append(
                doc.problem_at(
                    ("confidence", key),
                    f"confidence given for unknown check `{key}`: check the id",
                    at_key=True,
                )
            )

    indicators = _checked_indicators(doc, taxonomy, raw, problems)
    if problems:
        raise MlcareerError(sort_problems(problems))
    assert raw is not None and role is not None  # every failure above raised
    return Answers(
        role=role,
        ratings=ratings,
        learner_name=raw.learner.name if raw.learner else None,
        learner_id=raw.learner.id if raw.learner else None,
        checks=checks,
        confidence={k: v for k, v in raw.confidence.items() if k in checks},
        seed=raw.seed,
        indicators=indicators,
    )


def _checked_indicators(
    doc: Document, taxonomy: Taxonomy, raw: AnswersFile | None, problems: list[Any]
) -> dict[str, dict[int, list[int]]]:
    """The checklist answers by current skill id; a skill, level or position the taxonomy
    does not have is a problem."""
    found: dict[str, dict[int, list[int]]] = {}
    for key, levels in (raw.indicators if raw else {}).items():
        if not taxonomy.has_skill(key):
            skill_ids = [s.id for s in taxonomy.skills()]
            problems.append(
                doc.problem_at(
                    ("indicators", key),
                    f"unknown skill `{key}`{_suggest(key, skill_ids)}: `mlcareer skills` lists "
                    "the ids",
                    at_key=True,
                )
            )
            continue
        skill = taxonomy.skill(key)
        # Kept with no level ticked too: the skill was answered with its checklist (the
        # report lists it, ticks 0), as the questionnaire records it.
        found.setdefault(skill.id, {})
        for level, positions in levels.items():
            count = len(skill.indicators.get(level, []))
            wrong = [p for p in positions if p > count]
            if wrong:
                problems.append(
                    doc.problem_at(
                        ("indicators", key, level),
                        f"level {level} of `{skill.id}` has {count} indicator statements, so "
                        f"{wrong[0]} is not one of them: give positions from 1 to {count}"
                        if count
                        else f"level {level} of `{skill.id}` has no indicator statements: "
                        "remove this entry",
                    )
                )
            elif positions:
                found[skill.id][level] = sorted(set(positions))
    return found


def read_answers(
    source: str | Path,
    taxonomy: Taxonomy,
    role_id: str | None = None,
    rule: RoleRule | None = None,
) -> Answers:
    return answers_from_document(load_answers(source), taxonomy, role_id, rule)


def unrated_warning(answers: Answers, taxonomy: Taxonomy, file: str) -> Problem | None:
    """A warning when an answers file leaves skills unrated (absent or empty), which then
    count as 0 without a word; None when every skill is rated.

    Only for files: a skill skipped in the questionnaire was skipped on purpose.
    """
    from mlcareer.wording import plural

    skills = [s.id for s in taxonomy.skills()]
    unrated = [sid for sid in skills if answers.ratings.get(sid) is None]
    if not unrated:
        return None
    if len(unrated) == len(skills):
        return Problem(
            f"no ratings: did you fill in the template? All {plural(len(skills), 'skill')} "
            "count as 0 (not assessed), so readiness is 0: rate each from 0 to 4",
            file,
        )
    required = taxonomy.required_levels(answers.role)
    needed = sum(1 for sid in unrated if required.get(sid))
    names = f" ({', '.join(f'`{sid}`' for sid in unrated)})" if len(unrated) <= 3 else ""
    role = f"`{answers.role.id}`"
    if len(unrated) == 1:
        required_note = f", and {role} requires it" if needed else ""
        return Problem(
            f"1 of {plural(len(skills), 'skill')} was not rated{names} and counts as 0 "
            f"(not assessed){required_note}: rate it from 0 to 4 if you meant to",
            file,
        )
    return Problem(
        f"{len(unrated)} of {plural(len(skills), 'skill')} were not rated{names} and count as "
        f"0 (not assessed), {needed or 'none'} of them required by {role}: rate them from 0 "
        "to 4, or start from `mlcareer template`, which lists every skill",
        file,
    )


def answers_document(answers: Answers, taxonomy: Taxonomy) -> dict[str, Any]:
    """``answers`` as an answers-file mapping: every skill in taxonomy order, null = skipped."""
    document: dict[str, Any] = {"role": answers.role.id}
    learner = {
        key: value
        for key, value in (("name", answers.learner_name), ("id", answers.learner_id))
        if value
    }
    if learner:
        document["learner"] = learner
    document["ratings"] = {s.id: answers.ratings.get(s.id) for s in taxonomy.skills()}
    if answers.checks:
        document["checks"] = dict(answers.checks)
    if answers.confidence:
        document["confidence"] = dict(answers.confidence)
    if answers.seed is not None:
        document["seed"] = answers.seed
    if answers.indicators:
        document["indicators"] = {
            sid: {level: list(p) for level, p in sorted(levels.items())}
            for sid, levels in answers.indicators.items()
        }
    return document


def answers_file_text(answers: Answers, taxonomy: Taxonomy, as_json: bool = False) -> str:
    """The text of an answers file that ``assess --answers`` reads back as ``answers``."""
    document = answers_document(answers, taxonomy)
    if as_json:
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    import yaml

    header = (
        f"# mlcareer answers (taxonomy {taxonomy.id} {taxonomy.version}).\n"
        "# Repeat the report with: mlcareer assess --answers FILE\n"
    )
    return header + yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, default_flow_style=False, width=88
    )


def save_answers_file(path: str | Path, answers: Answers, taxonomy: Taxonomy) -> None:
    """Write ``answers`` atomically; a ``.json`` name gets JSON, anything else YAML."""
    write_atomic(path, answers_file_text(answers, taxonomy, as_json=str(path).endswith(".json")))
