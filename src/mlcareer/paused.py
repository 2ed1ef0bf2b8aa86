"""A paused questionnaire, kept as a file.

The progress of a paused questionnaire lives in ``progress.json`` in the application
folder, so ``mlcareer assess --resume`` can continue it; it is written atomically. The
taxonomy's sha256 is kept with the progress, so that a resume against an edited or
upgraded taxonomy is noticed and explained instead of silently mixing answers to
different questions.

The progress also keeps the knowledge checks answered so far (by check id, the index of
the chosen choice in the taxonomy's order), the seed that shuffles their choices (so a
resumed run shows the same order) and the skill whose checks a pause interrupted, so the
resume asks them before moving on.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlcareer.answers import Confidence, LevelTicks
from mlcareer.appdir import app_dir
from mlcareer.clock import now_iso
from mlcareer.errors import MlcareerError, Problem
from mlcareer.files import write_atomic
from mlcareer.input_rules import LearnerId, LearnerName
from mlcareer.taxonomy import Level, Taxonomy
from mlcareer.validation import problems_from
from mlcareer.wording import plural
from mlcareer.yamlfile import load_mapping

PROGRESS_FILE = "progress.json"
PROGRESS_FORMAT = 1
MAX_PROGRESS_BYTES = 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class TaxonomyRef(_Strict):
    id: str
    version: str
    sha256: str
    path: str = Field(description="Absolute path of the taxonomy file the run used.")


class LearnerRef(_Strict):
    # The answers file's rules: a progress file edited by hand cannot slip in another id.
    name: LearnerName | None = None
    id: LearnerId | None = None


class PreviousRef(_Strict):
    """The earlier assessment a reassessment started from (`assess --from`)."""

    label: str
    created_at: str
    ratings: dict[str, Level | None] = Field(
        default_factory=dict, description="Its ratings by skill id; null = skipped."
    )
    seen_checks: list[str] = Field(
        default_factory=list, description="Ids of the knowledge checks answered in it."
    )
    indicators: dict[str, LevelTicks] = Field(
        default_factory=dict,
        description="Its checklist ticks by skill id and level (positions from 1), the "
        "starting point of each checklist.",
    )


class PausedRun(_Strict):
    """A paused questionnaire: the role, the learner and every skill answered so far."""

    format: Literal[1] = PROGRESS_FORMAT
    saved_at: str
    taxonomy: TaxonomyRef
    role: str
    learner: LearnerRef = LearnerRef()
    ratings: dict[str, Level | None] = Field(
        default_factory=dict,
        description="Answered skills only, by skill id; null = skipped. An absent skill "
        "has not been asked yet.",
    )
    checks: dict[str, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Knowledge checks answered, by check id: the index of the chosen choice "
        "in the taxonomy's order (not the shuffled order it was shown in).",
    )
    confidence: dict[str, Confidence] = Field(
        default_factory=dict, description="Confidence in each answered check, by check id."
    )
    seed: int | None = Field(default=None, description="Seed of the choice shuffle of this run.")
    checking: str | None = Field(
        default=None,
        description="Skill id whose knowledge checks were interrupted: asked first on resume.",
    )
    previous: PreviousRef | None = Field(
        default=None, description="The assessment this one started from, if any."
    )
    only_required: bool = Field(
        default=False, description="True when only the skills the role requires are asked."
    )


def progress_path() -> Path:
    return app_dir() / PROGRESS_FILE


def progress_of(
    taxonomy: Taxonomy,
    role_id: str,
    ratings: dict[str, int | None],
    learner_name: str | None = None,
    learner_id: str | None = None,
    *,
    checks: dict[str, int] | None = None,
    confidence: dict[str, Confidence] | None = None,
    seed: int | None = None,
    checking: str | None = None,
    previous: PreviousRef | None = None,
    only_required: bool = False,
) -> PausedRun:
    """The progress to save for the answers given so far against ``taxonomy``."""
    return PausedRun(
        saved_at=now_iso(),
        taxonomy=TaxonomyRef(
            id=taxonomy.id,
            version=taxonomy.version,
            sha256=taxonomy.sha256,
            # A taxonomy read from stdin has no path: resuming it needs --taxonomy.
            path=str(Path(taxonomy.source).resolve())
            if taxonomy.source and taxonomy.source != "<stdin>"
            else "",
        ),
        role=role_id,
        learner=LearnerRef(name=learner_name or None, id=learner_id or None),
        ratings=dict(ratings),
        checks=dict(checks or {}),
        confidence=dict(confidence or {}),
        seed=seed,
        checking=checking,
        previous=previous,
        only_required=only_required,
    )


def save_progress(progress: PausedRun) -> Path:
    """Write ``progress`` atomically to the application folder; return where it went."""
    path = progress_path()
    write_atomic(path, progress.model_dump_json(indent=2) + "\n")
    return path


def load_progress() -> PausedRun | None:
    """The saved progress, or None when no questionnaire is paused.

    A file that cannot be read back is an error naming it, so the user can delete it.
    """
    path = progress_path()
    if not path.is_file():
        return None
    doc = load_mapping(path, max_bytes=MAX_PROGRESS_BYTES, what="saved progress")
    try:
        return PausedRun.model_validate(doc.data)
    except ValidationError as exc:
        first = problems_from(exc, doc, PausedRun)[0]
        raise MlcareerError(
            Problem(
                f"the saved progress cannot be read ({first.message}): delete the file, or run "
                "`mlcareer assess` without --resume to start over",
                first.file,
                first.line,
                first.column,
            )
        ) from None


def discard_progress() -> None:
    """Forget the paused questionnaire (after a completed run, or when starting over)."""
    try:
        path = progress_path()
    except MlcareerError:
        return  # no usable application folder, so nothing was kept in it
    with contextlib.suppress(OSError):  # not there, or a read-only folder that never held it
        path.unlink()


@dataclass
class ResumedRatings:
    """The saved ratings carried over to the taxonomy in use today."""

    ratings: dict[str, int | None]
    taxonomy_changed: bool
    dropped: list[str] = field(default_factory=list)  # saved ids the taxonomy no longer has
    new: list[str] = field(default_factory=list)  # skills still to ask that were never seen

    def explanation(self, progress: PausedRun, taxonomy: Taxonomy) -> str | None:
        """A sentence on what a changed taxonomy did to the saved answers; None if unchanged."""
        if not self.taxonomy_changed:
            return None
        versions = (
            f"version {progress.taxonomy.version} -> {taxonomy.version}"
            if progress.taxonomy.version != taxonomy.version
            else f"same version {taxonomy.version}, different content"
        )
        kept = len(self.ratings)
        parts = [
            f"The taxonomy changed since you paused ({versions}): "
            f"kept {plural(kept, 'answer')} to skills it still has"
        ]
        if self.dropped:
            parts.append(
                f"dropped {len(self.dropped)} for skills it no longer has "
                f"({', '.join(self.dropped)})"
            )
        unanswered = sum(1 for s in taxonomy.skills() if s.id not in self.ratings)
        parts.append(f"{plural(unanswered, 'question')} left to answer.")
        return ", ".join(parts[:-1]) + "; " + parts[-1]


def resumed_ratings(progress: PausedRun, taxonomy: Taxonomy) -> ResumedRatings:
    """Map the saved ratings onto ``taxonomy``: renamed skills (aliases) keep their answer,
    removed skills are dropped, new skills are left to ask."""
    ratings: dict[str, int | None] = {}
    dropped: list[str] = []
    for skill_id, rating in progress.ratings.items():
        if taxonomy.has_skill(skill_id):
            ratings.setdefault(taxonomy.current_id(skill_id), rating)
        else:
            dropped.append(skill_id)
    new = [s.id for s in taxonomy.skills() if s.id not in ratings]
    return ResumedRatings(
        ratings=ratings,
        taxonomy_changed=progress.taxonomy.sha256 != taxonomy.sha256,
        dropped=dropped,
        new=new,
    )


@dataclass
class ResumedChecks:
    """The saved knowledge-check answers carried over to the taxonomy in use today."""

    checks: dict[str, int]
    confidence: dict[str, Confidence]
    checking: str | None  # the skill whose checks are still to finish, if any


def resumed_checks(
    progress: PausedRun, taxonomy: Taxonomy, ratings: dict[str, int | None]
) -> ResumedChecks:
    """Keep the saved check answers that still fit: the check still exists, the chosen
    index is still one of its choices, and its skill is still rated 1 or more in
    ``ratings`` (the ratings carried over by ``resumed_ratings``)."""
    checks: dict[str, int] = {}
    for skill, check in taxonomy.checks():
        chosen = progress.checks.get(check.id)
        if chosen is not None and chosen < len(check.choices) and ratings.get(skill.id):
            checks[check.id] = chosen
    confidence = {k: v for k, v in progress.confidence.items() if k in checks}
    checking = None
    if progress.checking is not None and taxonomy.has_skill(progress.checking):
        current = taxonomy.current_id(progress.checking)
        checking = current if current in ratings else None
    return ResumedChecks(checks=checks, confidence=confidence, checking=checking)
