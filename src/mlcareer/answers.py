"""The answers file of scripted runs: model, reading and checking against a taxonomy, writing."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlcareer.errors import MlcareerError
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
from mlcareer.taxonomy import Id, Level, Role, Taxonomy
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


def answers_from_document(doc: Document, taxonomy: Taxonomy, role_id: str | None = None) -> Answers:
    """Check an answers document against ``taxonomy``; every offender is listed at once."""
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

    chosen_role = role_id or (raw.role if raw else data.get("role"))
    role = taxonomy.role(chosen_role) if isinstance(chosen_role, str) else None
    if chosen_role is None:
        problems.append(
            doc.problem_at(
                (),
                f"no role given: add `role:` to the file or pass --role "
                f"(roles: {', '.join(role_ids)})",
            )
        )
    elif role is None and (role_id or "role" not in malformed):
        where = () if role_id else ("role",)
        problems.append(
            doc.problem_at(
                where,
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
    )


def read_answers(source: str | Path, taxonomy: Taxonomy, role_id: str | None = None) -> Answers:
    return answers_from_document(load_answers(source), taxonomy, role_id)


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
