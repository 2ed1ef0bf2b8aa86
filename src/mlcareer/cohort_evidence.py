"""Reports are evidence, not truth: `cohort` scores each report's answers again.

A report is a file a student hands in, so its figures may have been edited. Since report
schema 2 it carries the answers it was scored from; here they are scored again with
``scoring.report_for`` against the taxonomy the report names (found by sha256 among the
taxonomies the instructor gave), and the result is compared with what the file states:

* the same figures: the cohort uses the re-derived report (the taxonomy's own layout, names
  and figures, never the file's);
* other figures: the report was edited by hand; it is listed as such and left out;
* no answers (schema 1, from mlcareer 0.1), or a taxonomy whose file was not given: the
  report cannot be checked. It is left out (listed) or refused, unless the instructor
  passes --trust-reports to use the figures it states, as mlcareer 0.1 did.

Nothing here prints, prompts or exits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from mlcareer.errors import MlcareerError
from mlcareer.report import Assessment, Report
from mlcareer.taxonomy import Taxonomy
from mlcareer.yamlfile import Document

# What a report states that the answers and the taxonomy determine: every scored figure, the
# role, the learner (held to the answers file's rules), the answers themselves and the
# taxonomy's identity. Not: when it was made or by which tool version.
SCORED_FIELDS = frozenset(Assessment.model_fields) | {
    "taxonomy",
    "role",
    "learner",
    "trust_self",
    "answers",
    "checklists",  # the statements ticked, from the answers' indicators
}
MAX_DIFFERENCES = 3  # differences named per edited report

Outcome = Literal["checked", "edited", "unchecked", "unknown-taxonomy"]


@dataclass(frozen=True)
class Verdict:
    """What a cohort does with one report it read."""

    outcome: Outcome
    report: Report | None  # what to aggregate: re-derived when checked, as stated if trusted
    reason: str = ""  # why it was edited, or why it cannot be checked


class TaxonomyShelf:
    """The taxonomies reports may be checked against, by sha256. Some are loaded only when a
    report names them (the shipped taxonomy: most cohorts never need it)."""

    def __init__(self, taxonomies: Iterable[Taxonomy] = ()) -> None:
        self._loaded: dict[str, Taxonomy] = {}
        self._lazy: dict[str, Callable[[], Taxonomy]] = {}
        for taxonomy in taxonomies:
            self.add(taxonomy)

    def add(self, taxonomy: Taxonomy) -> None:
        self._loaded.setdefault(taxonomy.sha256, taxonomy)

    def add_lazy(self, sha256: str, load: Callable[[], Taxonomy]) -> None:
        if sha256 not in self._loaded:
            self._lazy.setdefault(sha256, load)

    def loaded(self) -> list[Taxonomy]:
        """The taxonomies loaded so far (not those still waiting to be needed)."""
        return list(self._loaded.values())

    def get(self, sha256: str) -> Taxonomy | None:
        taxonomy = self._loaded.get(sha256)
        if taxonomy is None and sha256 in self._lazy:
            taxonomy = self._loaded[sha256] = self._lazy.pop(sha256)()
        return taxonomy


def rescored(report: Report, taxonomy: Taxonomy, label: str) -> Report:
    """The report that ``report``'s answers give against ``taxonomy``, with its header (when,
    which tool). Raises MlcareerError when the answers do not fit the taxonomy."""
    from mlcareer.answers import answers_from_document
    from mlcareer.scoring import report_for

    block = report.answers
    assert block is not None
    data: dict[str, Any] = {
        "role": block.role,
        "ratings": dict(block.ratings),
        "checks": dict(block.checks),
        "confidence": dict(block.confidence),
        "seed": block.seed,
        "indicators": {sid: dict(levels) for sid, levels in block.indicators.items()},
    }
    if report.learner is not None:
        learner = report.learner.model_dump(exclude_none=True)
        if learner:
            data["learner"] = learner
    answers = answers_from_document(Document(label, data), taxonomy)
    again = report_for(
        taxonomy,
        answers,
        created_at=report.created_at,
        tool_version=report.tool.version,
        trust_self=block.trust_self,
    )
    # The assignment is not scored: it comes with the header, like when the report was made.
    return (
        again.model_copy(update={"assignment": report.assignment}) if report.assignment else again
    )


def _key_of(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("id", "skill", "order"):
            if key in item and isinstance(item[key], str | int):
                return str(item[key])
    return str(index)


def _shown(value: Any) -> str:
    if isinstance(value, dict | list):
        return "another value"
    return "null" if value is None else repr(value) if isinstance(value, str) else f"{value}"


def differences(
    stated: Any, derived: Any, path: str = "", limit: int = MAX_DIFFERENCES
) -> list[str]:
    """Where two dumped reports differ, as "`path` says X where the answers give Y", at most
    ``limit`` of them, in document order."""
    found: list[str] = []

    def walk(a: Any, b: Any, where: str) -> None:
        if len(found) >= limit or a == b:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in list(b) + [k for k in a if k not in b]:
                walk(a.get(key), b.get(key), f"{where}.{key}" if where else str(key))
            return
        if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for index, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{where}[{_key_of(y, index)}]")
            return
        if isinstance(a, list) and isinstance(b, list):
            found.append(f"`{where}` has {len(a)} entries where the answers give {len(b)}")
            return
        found.append(f"`{where}` says {_shown(a)} where the answers give {_shown(b)}")

    walk(stated, derived, path)
    return found


def check_report(report: Report, label: str, shelf: TaxonomyShelf) -> Verdict:
    """Score ``report``'s answers again and compare (see the module docstring)."""
    taxonomy = shelf.get(report.taxonomy.sha256)
    if taxonomy is None:
        info = report.taxonomy
        return Verdict(
            "unknown-taxonomy",
            report,
            f"made with taxonomy `{info.id}` version {info.version} (sha256 "
            f"{info.sha256[:12]}), whose file was not given",
        )
    if report.answers is None:
        layout = _layout_problem(report, taxonomy)
        if layout:
            return Verdict("edited", None, layout)
        return Verdict(
            "unchecked",
            report,
            "made by mlcareer 0.1 (report schema 1), which did not record the answers",
        )
    try:
        derived = rescored(report, taxonomy, label)
    except MlcareerError as exc:
        first = exc.problems[0].message
        return Verdict(
            "edited", None, f"its answers cannot be scored against its taxonomy ({first})"
        )
    found = differences(
        report.model_dump(mode="json", include=SCORED_FIELDS),
        derived.model_dump(mode="json", include=SCORED_FIELDS),
    )
    if found:
        return Verdict("edited", None, "its figures differ from its answers: " + "; ".join(found))
    return Verdict("checked", derived)


def _layout_problem(report: Report, taxonomy: Taxonomy) -> str | None:
    """Why a report of ``taxonomy`` that carries no answers cannot be what it says, if its
    skills or categories are not the taxonomy's."""
    skills = [skill.id for skill in taxonomy.skills()]
    categories = [category.id for category in taxonomy.categories]
    if [s.id for s in report.skills] != skills or [c.id for c in report.categories] != (categories):
        return "it lists other skills or categories than the taxonomy it names"
    return None
