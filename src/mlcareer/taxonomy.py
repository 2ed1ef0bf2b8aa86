"""The taxonomy: models of the skills file, safe loading, and validation with file:line:col."""

from __future__ import annotations

import graphlib
import hashlib
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator
from pydantic.functional_validators import BeforeValidator
from pydantic.json_schema import WithJsonSchema

from mlcareer.errors import MlcareerError
from mlcareer.validation import problems_from, sort_problems
from mlcareer.yamlfile import Document, load_mapping, mapping_document, read_text

SCHEMA_VERSION = 1
MAX_TAXONOMY_BYTES = 8 * 1024 * 1024
LEVELS = (0, 1, 2, 3, 4)
DEFAULT_SCALE = {0: "None", 1: "Aware", 2: "Working", 3: "Proficient", 4: "Expert"}
DEFAULT_SCALE_DESCRIPTIONS = {
    0: "has not met it yet",
    1: "knows what it is and when it is used",
    2: "can do it with guidance",
    3: "does it independently, to a good standard",
    4: "leads, designs and teaches it",
}

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Level = Annotated[int, Field(ge=0, le=4)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Weight = Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]


def _level_keys(value: Any) -> Any:
    """Accept ``1:`` and ``"1":`` alike as level keys (YAML gives ints, JSON gives strings)."""
    if isinstance(value, dict):
        return {
            (int(k) if isinstance(k, str) and k.isdigit() and len(k) == 1 else k): v
            for k, v in value.items()
        }
    return value


_LEVELS_SCHEMA = {
    "type": "object",
    "description": "What a person at each level can do: one behavioural sentence per level 1-4.",
    "properties": {str(n): {"type": "string", "minLength": 1} for n in (1, 2, 3, 4)},
    "required": ["1", "2", "3", "4"],
    "additionalProperties": False,
}
LevelDescriptors = Annotated[
    dict[int, Text], BeforeValidator(_level_keys), WithJsonSchema(_LEVELS_SCHEMA)
]


class _Model(BaseModel):
    # strict: YAML `yes` is not 1 and "3" is not 3; forbid: a misspelt key is an error.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Resource(_Model):
    title: Text
    url: Annotated[str, Field(pattern=r"^https?://[^\s]+$", max_length=2000)]
    kind: Literal["docs", "book", "course", "video", "project", "paper"]


class LearningStep(_Model):
    to_level: Annotated[int, Field(ge=1, le=4)] = Field(
        description="The level this step takes a learner to, from the level below."
    )
    step: Text = Field(description="What to do, as an instruction.")
    hours: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)] = Field(
        description="An honest estimate of the focused hours the step takes."
    )
    resources: list[Resource] = []


class Check(_Model):
    id: Id
    level: Annotated[int, Field(ge=1, le=4)] = Field(
        description="The level a correct answer gives evidence for."
    )
    question: Text
    choices: Annotated[list[Text], Field(min_length=2, max_length=8)]
    answer: Annotated[int, Field(ge=0)] = Field(description="Index into choices, from 0.")
    explanation: Text


class Skill(_Model):
    id: Id
    aliases: list[Id] = Field(default=[], description="Former ids, so renamed skills keep history.")
    name: Text
    description: Text
    weight: Weight = 1.0
    prerequisites: list[Id] = []
    levels: LevelDescriptors
    learning: list[LearningStep] = []
    checks: list[Check] = []

    @field_validator("levels")
    @classmethod
    def _four_levels(cls, levels: dict[int, str]) -> dict[int, str]:
        missing = [n for n in (1, 2, 3, 4) if n not in levels]
        extra = [k for k in levels if k not in (1, 2, 3, 4)]
        if extra:
            raise ValueError(f"only levels 1 to 4 are described, not {extra[0]!r}")
        if missing:
            raise ValueError(f"describe every level from 1 to 4 (missing {missing[0]})")
        return levels

    def step_to(self, level: int) -> LearningStep | None:
        return next((s for s in self.learning if s.to_level == level), None)


class Category(_Model):
    id: Id
    name: Text
    description: Text = ""
    weight: Weight = 1.0
    skills: Annotated[list[Skill], Field(min_length=1)]


class ScaleLevel(_Model):
    level: Level
    name: Annotated[str, Field(min_length=1, max_length=40)]
    description: Text = ""


class Role(_Model):
    id: Id
    name: Text
    description: Text = ""
    requires: dict[str, Level] = Field(
        description="Required level per skill id or category id; a skill entry overrides "
        "its category's entry."
    )


class Taxonomy(_Model):
    schema_version: Literal[1]
    id: Id
    title: Text
    version: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        description='Content version, quoted, e.g. "2026.11".'
    )
    scale: list[ScaleLevel] | None = None
    categories: Annotated[list[Category], Field(min_length=1)]
    roles: Annotated[list[Role], Field(min_length=1)]

    _sha256: str = PrivateAttr(default="")
    _source: str = PrivateAttr(default="")
    _skills: dict[str, Skill] = PrivateAttr(default_factory=dict)
    _category_of: dict[str, Category] = PrivateAttr(default_factory=dict)
    _aliases: dict[str, str] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any) -> None:
        for category in self.categories:
            for skill in category.skills:
                self._skills.setdefault(skill.id, skill)
                self._category_of.setdefault(skill.id, category)
                for alias in skill.aliases:
                    self._aliases.setdefault(alias, skill.id)

    # -- lookups -----------------------------------------------------------------
    @property
    def sha256(self) -> str:
        return self._sha256

    @property
    def source(self) -> str:
        return self._source

    def skills(self) -> Iterator[Skill]:
        """Every skill, in file order."""
        for category in self.categories:
            yield from category.skills

    def skill(self, skill_id: str) -> Skill:
        return self._skills[self.current_id(skill_id)]

    def category_of(self, skill_id: str) -> Category:
        return self._category_of[self.current_id(skill_id)]

    def current_id(self, skill_id: str) -> str:
        """The skill's id today: former ids (aliases) map to the current one."""
        return skill_id if skill_id in self._skills else self._aliases.get(skill_id, skill_id)

    def has_skill(self, skill_id: str) -> bool:
        return self.current_id(skill_id) in self._skills

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def checks(self) -> Iterator[tuple[Skill, Check]]:
        for skill in self.skills():
            for check in skill.checks:
                yield skill, check

    def level_name(self, level: int) -> str:
        if self.scale:
            for entry in self.scale:
                if entry.level == level:
                    return entry.name
        return DEFAULT_SCALE[level]

    def level_description(self, level: int) -> str:
        if self.scale:
            for entry in self.scale:
                if entry.level == level and entry.description:
                    return entry.description
        return DEFAULT_SCALE_DESCRIPTIONS[level]

    def required_levels(self, role: Role) -> dict[str, int]:
        """Required level of every skill for ``role``: skill entries override categories."""
        levels: dict[str, int] = {}
        for category in self.categories:
            for skill in category.skills:
                level = role.requires.get(category.id, 0)
                for key in (skill.id, *skill.aliases):
                    if key in role.requires:
                        level = role.requires[key]
                levels[skill.id] = level
        return levels


# -- loading ---------------------------------------------------------------------


def default_taxonomy_path() -> Path:
    """The shipped taxonomy: inside the installed package, or data/ of a source checkout.

    A wheel carries ``mlcareer/data/skills.yaml`` (hatchling force-include); an editable
    install does not apply force-include, so we fall back to the repository's ``data/``.
    """
    packaged = resources.files("mlcareer") / "data" / "skills.yaml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / "skills.yaml"


def taxonomy_path(explicit: str | Path | None = None) -> Path | str:
    """The taxonomy to use: an explicit path, else $MLCAREER_TAXONOMY, else the default."""
    if explicit:
        return explicit
    from_env = os.environ.get("MLCAREER_TAXONOMY")
    if from_env:
        return from_env
    return default_taxonomy_path()


def load_taxonomy(source: str | Path | None = None, cache_dir: Path | None = None) -> Taxonomy:
    """Load, validate and cross-check a taxonomy; raise MlcareerError listing every problem.

    With ``cache_dir``, a taxonomy that validated before is read back from a JSON copy
    named by the sha256 of its text and the tool version, so it cannot go stale; this
    skips the YAML parser, the slowest part of a scripted run, and nothing else: the copy
    is validated and cross-checked again like the source.
    """
    path = taxonomy_path(source)
    label, text = read_text(path, max_bytes=MAX_TAXONOMY_BYTES, what="taxonomy")
    digest = text_digest(text)
    cached = _read_cache(cache_dir, digest, label, text) if cache_dir else None
    if cached is not None:
        return cached
    doc = mapping_document(text, label, what="taxonomy")
    taxonomy = taxonomy_from_document(doc)
    if cache_dir:
        _write_cache(cache_dir, digest, doc.data)
    return taxonomy


def text_digest(text: str) -> str:
    """The sha256 that identifies a taxonomy: of its text as UTF-8, without a BOM."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cache_file(cache_dir: Path, digest: str) -> Path:
    from mlcareer import __version__

    return cache_dir / f"taxonomy-{digest}-{__version__}.json"


def _cache_checksum(digest: str, data_json: str) -> str:
    """Ties cached data to the source text and the tool version: a cache file edited by
    hand, or copied under another name, no longer matches and is ignored."""
    from mlcareer import __version__

    return hashlib.sha256(f"{digest}\n{__version__}\n{data_json}".encode()).hexdigest()


def _read_cache(cache_dir: Path, digest: str, label: str, text: str) -> Taxonomy | None:
    """The cached taxonomy, validated again, or None when the cache file is missing, damaged,
    edited or does not validate: the caller then reads the source itself."""
    import json

    try:
        envelope = json.loads(_cache_file(cache_dir, digest).read_text(encoding="utf-8"))
        data_json, checksum = envelope["data"], envelope["checksum"]
        if not isinstance(data_json, str) or checksum != _cache_checksum(digest, data_json):
            return None
        data = json.loads(data_json)
    except (OSError, ValueError, TypeError, KeyError):  # unreadable, not JSON, wrong shape
        return None
    if not isinstance(data, dict):
        return None
    try:
        # The same validation and cross-checks as the source gets, so no copy of the data,
        # however it was made, can skip them; text is the source's, for its sha256.
        return taxonomy_from_document(Document(label, data, text))
    except MlcareerError:
        return None


def _write_cache(cache_dir: Path, digest: str, data: Any) -> None:
    """Keep validated data for the next run; the data is a JSON string inside the envelope
    so that the checksum covers exactly the text that will be read back."""
    import json

    from mlcareer.files import write_atomic

    data_json = json.dumps(data)
    envelope = {"checksum": _cache_checksum(digest, data_json), "data": data_json}
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(_cache_file(cache_dir, digest), json.dumps(envelope))
    except (OSError, MlcareerError):
        pass  # a cache that cannot be written only costs speed


def load_taxonomy_with_document(source: str | Path | None = None) -> tuple[Taxonomy, Document]:
    """Like load_taxonomy, and also the parsed document, whose positions locate warnings."""
    path = taxonomy_path(source)
    doc = load_mapping(path, max_bytes=MAX_TAXONOMY_BYTES, what="taxonomy")
    return taxonomy_from_document(doc), doc


def taxonomy_from_document(doc: Document) -> Taxonomy:
    version = doc.data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        raise MlcareerError(
            doc.problem_at(
                ("schema_version",),
                f"schema_version {version} is not supported by this mlcareer, which reads "
                f"version {SCHEMA_VERSION}: upgrade mlcareer or convert the file",
            )
        )
    try:
        taxonomy = Taxonomy.model_validate(doc.data)
    except ValidationError as exc:
        raise MlcareerError(problems_from(exc, doc, Taxonomy)) from None
    problems = [doc.problem_at(f.path, f.message, at_key=f.at_key) for f in cross_check(taxonomy)]
    if problems:
        raise MlcareerError(sort_problems(problems))
    taxonomy._sha256 = text_digest(doc.text)
    taxonomy._source = doc.file
    return taxonomy


class Finding(NamedTuple):
    """A cross-check problem at a path in the document (at the key itself if ``at_key``)."""

    path: tuple[Any, ...]
    message: str
    at_key: bool = False


def cross_check(tax: Taxonomy) -> list[Finding]:
    """Problems no single field can see: duplicates, references, cycles, empty roles."""
    found: list[Finding | tuple[tuple[Any, ...], str]] = []
    skill_ids: dict[str, str] = {}  # id or alias -> what it names, for duplicate messages
    category_ids: set[str] = set()
    check_ids: set[str] = set()
    skill_paths: dict[str, tuple[Any, ...]] = {}

    for ci, category in enumerate(tax.categories):
        cpath = ("categories", ci)
        if category.id in category_ids:
            found.append(
                ((*cpath, "id"), f"duplicate category id `{category.id}`: ids must be unique")
            )
        category_ids.add(category.id)
        for si, skill in enumerate(category.skills):
            spath = (*cpath, "skills", si)
            skill_paths.setdefault(skill.id, spath)
            if skill.id in skill_ids:
                found.append(
                    ((*spath, "id"), f"duplicate skill id `{skill.id}`: ids must be unique")
                )
            skill_ids.setdefault(skill.id, skill.id)
            for ai, alias in enumerate(skill.aliases):
                if alias in skill_ids:
                    found.append(
                        (
                            (*spath, "aliases", ai),
                            f"alias `{alias}` is already the id or alias of "
                            f"skill `{skill_ids[alias]}`: aliases must be unique",
                        )
                    )
                skill_ids.setdefault(alias, skill.id)
            seen_levels: set[int] = set()
            for li, step in enumerate(skill.learning):
                if step.to_level in seen_levels:
                    found.append(
                        (
                            (*spath, "learning", li, "to_level"),
                            f"skill `{skill.id}` has two learning steps to level {step.to_level}: "
                            "keep one",
                        )
                    )
                seen_levels.add(step.to_level)
            for ki, check in enumerate(skill.checks):
                kpath = (*spath, "checks", ki)
                if check.id in check_ids:
                    found.append(
                        ((*kpath, "id"), f"duplicate check id `{check.id}`: ids must be unique")
                    )
                check_ids.add(check.id)
                if check.answer >= len(check.choices):
                    found.append(
                        (
                            (*kpath, "answer"),
                            f"`answer` is {check.answer} but there are only {len(check.choices)} "
                            f"choices: give an index from 0 to {len(check.choices) - 1}",
                        )
                    )

    for name in sorted(category_ids & set(skill_ids)):
        ci = next(i for i, c in enumerate(tax.categories) if c.id == name)
        found.append(
            (
                ("categories", ci, "id"),
                f"`{name}` is both a category id and a skill id, so a role's `requires` would be "
                "ambiguous: rename one",
            )
        )

    graph: dict[str, list[str]] = {}
    for skill in tax.skills():
        spath = skill_paths[skill.id]
        graph.setdefault(skill.id, [])
        for pi, prereq in enumerate(skill.prerequisites):
            ppath = (*spath, "prerequisites", pi)
            if prereq == skill.id:
                found.append(
                    (ppath, f"skill `{skill.id}` lists itself as a prerequisite: remove it")
                )
            elif prereq in tax._skills:
                graph[skill.id].append(prereq)
            elif prereq in tax._aliases:
                found.append(
                    (
                        ppath,
                        f"prerequisite `{prereq}` is a former id: write "
                        f"`{tax._aliases[prereq]}` instead",
                    )
                )
            else:
                found.append(
                    (
                        ppath,
                        f"prerequisite `{prereq}` is not a skill of this taxonomy: "
                        "check the spelling or add the skill",
                    )
                )
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as exc:
        cycle = exc.args[1]
        # graphlib reports the cycle backwards (dependency order); show it as "needs" order.
        shown = " -> ".join(reversed(cycle))
        start = cycle[-1]
        found.append(
            (
                (*skill_paths[start], "prerequisites"),
                f"prerequisites form a cycle: {shown} (each needs the next): break it",
            )
        )

    role_ids: set[str] = set()
    for ri, role in enumerate(tax.roles):
        rpath = ("roles", ri)
        if role.id in role_ids:
            found.append(((*rpath, "id"), f"duplicate role id `{role.id}`: ids must be unique"))
        role_ids.add(role.id)
        for key in role.requires:
            if key in category_ids or key in tax._skills:
                continue
            if key in tax._aliases:
                found.append(
                    Finding(
                        (*rpath, "requires", key),
                        f"`{key}` is a former skill id: write `{tax._aliases[key]}` instead",
                        at_key=True,
                    )
                )
            else:
                found.append(
                    Finding(
                        (*rpath, "requires", key),
                        f"role `{role.id}` requires `{key}`, which is neither a skill nor a "
                        "category of this taxonomy: check the spelling",
                        at_key=True,
                    )
                )
        if not any(tax.required_levels(role).values()):
            found.append(
                (
                    (*rpath, "requires"),
                    f"role `{role.id}` requires nothing (every level is 0): give at least "
                    "one skill or category a level from 1 to 4",
                )
            )

    if tax.scale is not None:
        given = sorted(entry.level for entry in tax.scale)
        if given != list(LEVELS):
            found.append((("scale",), "`scale` must name each level from 0 to 4 exactly once"))
    # A plain (path, message) pair is shorthand for a finding located at the value.
    return [f if isinstance(f, Finding) else Finding(*f) for f in found]
