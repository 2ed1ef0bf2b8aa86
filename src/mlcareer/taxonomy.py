"""The taxonomy: models of the skills file, safe loading, and validation with file:line:col."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator
from pydantic.functional_serializers import PlainSerializer
from pydantic.functional_validators import AfterValidator, BeforeValidator, PlainValidator
from pydantic.json_schema import WithJsonSchema

from mlcareer.errors import MlcareerError, Problem
from mlcareer.input_rules import URL_PATTERN, check_name, check_text, check_url
from mlcareer.validation import grouped_with_summary, problems_from, validate_what_parses
from mlcareer.wording import listed
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

Seniority = Literal["entry", "junior", "mid", "senior", "staff", "principal"]

_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Id = Annotated[str, Field(pattern=_ID_PATTERN, max_length=64)]
# A former id may also hold underscores: imported matrices (data_security) keep their ids.
_ALIAS_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
AliasId = Annotated[str, Field(pattern=_ALIAS_PATTERN, max_length=64)]
# A core skill of a role weighs this much more in that role's scores (README: the maths).
CORE_WEIGHT = 2
Level = Annotated[int, Field(ge=0, le=4)]
# Text may run over several lines; a Name is one line. Neither holds control characters.
Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(check_text)]
Name = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(check_name)]
ShortName = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(check_name)]
Url = Annotated[
    str,
    Field(max_length=2000, json_schema_extra={"pattern": URL_PATTERN}),
    AfterValidator(check_url),
]
Weight = Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]


def level_keys(value: Any) -> Any:
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
    dict[int, Text], BeforeValidator(level_keys), WithJsonSchema(_LEVELS_SCHEMA)
]
_INDICATORS_SCHEMA = {
    "type": "object",
    "description": "Observable statements per level 1-4 that a learner can tick, e.g. "
    "'has trained a model on two GPUs'.",
    "properties": {
        str(n): {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 30}
        for n in (1, 2, 3, 4)
    },
    "additionalProperties": False,
}
LevelIndicators = Annotated[
    dict[int, Annotated[list[Text], Field(max_length=30)]],
    BeforeValidator(level_keys),
    WithJsonSchema(_INDICATORS_SCHEMA),
]


def _and_list(items: list[Any]) -> str:
    return listed([str(i) for i in items])


class _Model(BaseModel):
    # strict: YAML `yes` is not 1 and "3" is not 3; forbid: a misspelt key is an error.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Resource(_Model):
    title: Name
    url: Url
    kind: Literal["docs", "book", "course", "video", "project", "paper"]
    paid: bool = Field(default=False, description="True for a paywalled or paid item.")


class Prerequisite(NamedTuple):
    """A skill that must reach ``level`` first; in the file a bare id means level 1."""

    skill: str
    level: int

    def as_written(self) -> str | dict[str, int]:
        """The shortest way to write it in a taxonomy: ``python`` or ``{statistics: 2}``."""
        return self.skill if self.level == 1 else {self.skill: self.level}

    def label(self, name: str | None = None) -> str:
        """``Python`` for level 1, ``Statistics (level 2)`` above it (``name`` or the id)."""
        shown = name or self.skill
        return shown if self.level == 1 else f"{shown} (level {self.level})"


_ID_SCHEMA = {"type": "string", "pattern": _ID_PATTERN, "maxLength": 64}
_STEP_LEVEL_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 4}


def _prerequisite(value: Any) -> Prerequisite:
    """Read ``python`` or ``{statistics: 2}``; one plain sentence for anything else."""
    if isinstance(value, Prerequisite):
        return value
    if isinstance(value, str):
        skill, level = value, 1
    elif isinstance(value, dict) and len(value) == 1:
        ((skill, level),) = value.items()
    else:
        raise ValueError(
            "write a skill id (`python`) or one skill id with the level it must reach "
            "(`{statistics: 2}`)"
        )
    if not isinstance(skill, str) or len(skill) > 64 or not re.fullmatch(_ID_PATTERN, skill):
        raise ValueError(f"{skill!r} is not a skill id: use lowercase letters, digits and hyphens")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 4:
        shown = f"{str(level).lower()} (a yes/no value)" if isinstance(level, bool) else repr(level)
        raise ValueError(f"the level of `{skill}` must be a whole number from 1 to 4, not {shown}")
    return Prerequisite(skill, level)


PrerequisiteItem = Annotated[
    Prerequisite,
    PlainValidator(_prerequisite),
    PlainSerializer(lambda p: p.as_written()),
    WithJsonSchema(
        {
            "description": "A skill id (it must reach level 1 first) or {skill-id: level}.",
            "anyOf": [
                _ID_SCHEMA,
                {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1,
                    "propertyNames": _ID_SCHEMA,
                    "additionalProperties": _STEP_LEVEL_SCHEMA,
                },
            ],
        }
    ),
]


class LearningStep(_Model):
    to_level: Annotated[int, Field(ge=1, le=4)] = Field(
        description="The level this step takes a learner to, from the level below."
    )
    step: Text = Field(description="What to do, as an instruction.")
    hours: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)] | None = Field(
        default=None,
        description="An honest estimate of the focused hours the step takes; leave it out "
        "when there is none (plans then give their totals as 'at least').",
    )
    # Keys are plain text here: cross_check names a key that is not a skill id, with the
    # closest one, which says more than a pattern error would.
    needs: dict[str, Annotated[int, Field(ge=1, le=4)]] = Field(
        default={},
        json_schema_extra={"propertyNames": _ID_SCHEMA},
        description="What this step needs beyond its skill's prerequisites: skill id -> "
        "the level (1-4) that skill must reach first.",
    )
    experience: bool = Field(
        default=False,
        description="True when the step needs a workplace or a real team or project "
        "(on-the-job experience), not only study.",
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
    aliases: list[AliasId] = Field(
        default=[], description="Former ids, so renamed skills keep history."
    )
    name: Name
    description: Text
    weight: Weight = 1.0
    prerequisites: list[PrerequisiteItem] = Field(
        default=[],
        description="Skills to reach first, before any step of this one: a bare id means "
        "level 1, {id: level} names the level.",
    )
    levels: LevelDescriptors
    indicators: LevelIndicators = Field(
        default={},
        description="Optional behavioural checklist: short observable statements per level "
        "1-4; the questionnaire lets a learner tick them and infers the level.",
    )
    learning: list[LearningStep] = []
    checks: list[Check] = []

    @field_validator("levels")
    @classmethod
    def _four_levels(cls, levels: dict[int, str]) -> dict[int, str]:
        missing = [n for n in (1, 2, 3, 4) if n not in levels]
        extra = [k for k in levels if k not in (1, 2, 3, 4)]
        # Every wrong key at once: a matrix with levels 0-6 hears of 0, 5 and 6 together.
        if extra:
            raise ValueError(f"only levels 1 to 4 are described, not {_and_list(extra)}")
        if missing:
            raise ValueError(f"describe every level from 1 to 4 (missing {_and_list(missing)})")
        return levels

    @field_validator("indicators")
    @classmethod
    def _indicator_levels(cls, indicators: dict[int, list[str]]) -> dict[int, list[str]]:
        extra = [k for k in indicators if k not in (1, 2, 3, 4)]
        if extra:
            raise ValueError(f"indicators are given for levels 1 to 4 only, not {_and_list(extra)}")
        return indicators

    def step_to(self, level: int) -> LearningStep | None:
        return next((s for s in self.learning if s.to_level == level), None)


class Category(_Model):
    id: Id
    name: Name
    description: Text = ""
    weight: Weight = 1.0
    skills: Annotated[list[Skill], Field(min_length=1)]


class ScaleLevel(_Model):
    level: Level
    name: ShortName
    description: Text = ""


class Role(_Model):
    id: Id
    name: Name
    description: Text = ""
    seniority: Seniority | None = Field(
        default=None, description="How senior the role is, if the taxonomy says."
    )
    extends: Id | None = Field(
        default=None,
        description="Id of a role whose requires, core and weights this role starts from; "
        "its own entries override them.",
    )
    requires: dict[str, Level] = Field(
        default={},
        description="Required level per skill id or category id; a skill entry overrides "
        "its category's entry (and both override what `extends` gives).",
    )
    core: list[str] = Field(
        default=[],
        json_schema_extra={"items": _ID_SCHEMA},
        description=f"Skill or category ids central to this role: they weigh {CORE_WEIGHT} "
        "times as much in its scores, unless `weights` says otherwise.",
    )
    weights: dict[str, Weight] = Field(
        default={},
        json_schema_extra={"propertyNames": _ID_SCHEMA},
        description="Importance multiplier per skill id or category id, for this role only; "
        "a skill entry overrides core and its category's entry.",
    )


class Taxonomy(_Model):
    schema_version: Literal[1]
    id: Id
    title: Name
    version: ShortName = Field(description='Content version, quoted, e.g. "2026.11".')
    scale: list[ScaleLevel] | None = None
    categories: Annotated[list[Category], Field(min_length=1)]
    roles: Annotated[list[Role], Field(min_length=1)]

    _sha256: str = PrivateAttr(default="")
    _source: str = PrivateAttr(default="")
    _skills: dict[str, Skill] = PrivateAttr(default_factory=dict)
    _category_of: dict[str, Category] = PrivateAttr(default_factory=dict)
    _aliases: dict[str, str] = PrivateAttr(default_factory=dict)
    # Check id -> (its place in the taxonomy, its skill, the check).
    _checks: dict[str, tuple[int, Skill, Check]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any) -> None:
        for place, (skill, check) in enumerate(self.checks()):
            self._checks.setdefault(check.id, (place, skill, check))
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

    def check_entry(self, check_id: str) -> tuple[int, Skill, Check]:
        """A check by id: (its place in checks()' order, its skill, the check); KeyError
        when the taxonomy has none of that id."""
        return self._checks[check_id]

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

    def lineage(self, role: Role) -> list[Role]:
        """``role`` and the roles it extends, the furthest ancestor first.

        An unknown parent or a cycle ends the chain (validation reports both)."""
        chain = [role]
        while chain[0].extends is not None:
            parent = self.role(chain[0].extends)
            if parent is None or parent in chain:
                break
            chain.insert(0, parent)
        return chain

    def required_levels(self, role: Role) -> dict[str, int]:
        """Required level of every skill for ``role``: skill entries override categories,
        and a role's own entries override those of the role it extends."""
        levels: dict[str, int] = {}
        chain = self.lineage(role)
        for category in self.categories:
            for skill in category.skills:
                level = 0
                for ancestor in chain:
                    level = ancestor.requires.get(category.id, level)
                    for key in (skill.id, *skill.aliases):
                        if key in ancestor.requires:
                            level = ancestor.requires[key]
                levels[skill.id] = level
        return levels

    def role_weights(self, role: Role) -> dict[str, float]:
        """The role's importance multiplier of every skill (1 unless the role says).

        Within one role a skill's own `weights` entry wins, then `core` (CORE_WEIGHT),
        then its category's `weights` entry; a role's entries override those of the role
        it extends. A role with neither `core` nor `weights` anywhere in its chain weighs
        every skill 1, so its scores are those of the plain formula.
        """
        weights: dict[str, float] = {}
        chain = self.lineage(role)
        for category in self.categories:
            for skill in category.skills:
                weight: float = 1
                keys = (skill.id, *skill.aliases)
                for ancestor in chain:
                    own = next((ancestor.weights[k] for k in keys if k in ancestor.weights), None)
                    if own is None and (
                        category.id in ancestor.core or any(k in ancestor.core for k in keys)
                    ):
                        own = CORE_WEIGHT
                    if own is None:
                        own = ancestor.weights.get(category.id)
                    if own is not None:
                        weight = own
                weights[skill.id] = weight
        return weights


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


def shipped_sha256() -> str:
    """The sha256 of the shipped taxonomy (text_digest), from its text alone: parsing it takes
    a fifth of a second, which `cohort` and `validate` need not pay to recognise it."""
    _, text = read_text(default_taxonomy_path(), max_bytes=MAX_TAXONOMY_BYTES, what="taxonomy")
    return text_digest(text)


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
    """The sha256 that identifies a taxonomy: of its text as UTF-8, without a BOM, with CRLF
    and CR line endings read as LF, so a checkout on Windows (git's core.autocrlf) is the
    same taxonomy as the file it came from."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


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
    """Validate ``doc`` into a Taxonomy, or raise MlcareerError with every problem at once.

    When some of it does not fit the schema, the parts that do are cross-checked too
    (references, cycles, duplicates), so one run reports schema errors, unknown references
    and cycles together; ids of the parts left out are known, so nothing that refers to
    them is reported as unknown.
    """
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
        problems = [replace(p, kind="schema") for p in problems_from(exc, doc, Taxonomy)]
        partial = validate_what_parses(
            Taxonomy,
            doc.data,
            lists=_PRUNABLE_LISTS,
            mappings=_PRUNABLE_MAPPINGS,
            placeholders=_PLACEHOLDERS,
            removable={"scale"},
        )
        if partial is not None:
            tax, original_path = partial
            assert isinstance(tax, Taxonomy)
            # A role whose `requires` lost an entry may look as if it required nothing.
            trimmed = {
                i
                for i, role in enumerate(tax.roles)
                if len(_raw_requires(doc.data, original_path(("roles", i)))) != len(role.requires)
            }
            left_out = _ids_in(doc.data) - _ids_of(tax)
            for finding in cross_check(tax, left_out=left_out, trimmed_roles=trimmed):
                path = original_path(finding.path)
                problems.append(_problem(doc, finding._replace(path=path)))
        raise MlcareerError(*grouped_with_summary(doc.file, problems)) from None
    problems = [_problem(doc, f) for f in cross_check(taxonomy)]
    if problems:
        raise MlcareerError(*grouped_with_summary(doc.file, problems))
    taxonomy._sha256 = text_digest(doc.text)
    taxonomy._source = doc.file
    return taxonomy


# What validate_what_parses may leave out to check the rest: one item of these lists, one
# entry of these mappings; top-level scalars get a stand-in (no finding points at them).
_PRUNABLE_LISTS = {
    "categories",
    "skills",
    "roles",
    "learning",
    "resources",
    "checks",
    "aliases",
    "prerequisites",
    "core",
}
_PRUNABLE_MAPPINGS = {"requires", "needs", "weights", "indicators"}
_PLACEHOLDERS = {"schema_version": SCHEMA_VERSION, "id": "x", "title": "x", "version": "x"}


def _ids_in(data: Any) -> set[str]:
    """Every skill, alias, category and role id written in the raw data, valid or not."""
    found: set[str] = set()

    def items(node: Any, key: str) -> list[dict[str, Any]]:
        value = node.get(key) if isinstance(node, dict) else None
        return [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []

    for category in items(data, "categories"):
        found.add(str(category.get("id")))
        for skill in items(category, "skills"):
            found.add(str(skill.get("id")))
            aliases = skill.get("aliases")
            found.update(str(a) for a in aliases if isinstance(a, str)) if isinstance(
                aliases, list
            ) else None
    found.update(str(role.get("id")) for role in items(data, "roles"))
    return found


def _raw_requires(data: Any, path: tuple[Any, ...]) -> dict[Any, Any]:
    """The `requires` mapping as written for the role at ``path`` (empty if it is none)."""
    role = data["roles"][path[1]]
    requires = role.get("requires") if isinstance(role, dict) else None
    return requires if isinstance(requires, dict) else {}


def _ids_of(tax: Taxonomy) -> set[str]:
    return (
        {c.id for c in tax.categories}
        | set(tax._skills)
        | set(tax._aliases)
        | {r.id for r in tax.roles}
    )


def _problem(doc: Document, finding: Finding) -> Problem:
    return replace(
        doc.problem_at(finding.path, finding.message, at_key=finding.at_key),
        kind=finding.kind,
        group=finding.group,
    )


class Finding(NamedTuple):
    """A cross-check problem at a path in the document (at the key itself if ``at_key``).

    ``kind`` counts it in the summary; findings of one ``group`` (key, sentence with
    ``{count}``) are shown as one line when there are many."""

    path: tuple[Any, ...]
    message: str
    at_key: bool = False
    kind: str = "other"
    group: tuple[str, str] | None = None


def _unknown_id(tax: Taxonomy, word: str, left_out: set[str]) -> str:
    """`` (did you mean `x`?)`` among the skill and category ids, or nothing."""
    options = list(tax._skills) + [c.id for c in tax.categories]
    return _suggest(word, options + sorted(left_out - set(options)))


def cross_check(
    tax: Taxonomy, left_out: set[str] | None = None, trimmed_roles: set[int] | None = None
) -> list[Finding]:
    """Problems no single field can see: duplicates, references, cycles, empty roles.

    ``left_out`` holds ids written in the file whose parts did not fit the schema: a
    reference to one of them is not reported (its own problem is); ``trimmed_roles`` are
    the positions of roles some of whose `requires` entries did not fit."""
    left_out = left_out or set()
    trimmed_roles = trimmed_roles or set()
    found: list[Finding | tuple[tuple[Any, ...], str]] = []
    skill_ids: dict[str, str] = {}  # id or alias -> what it names, for duplicate messages
    category_ids: set[str] = set()
    check_ids: set[str] = set()

    def duplicate(path: tuple[Any, ...], message: str) -> None:
        found.append(Finding(path, message, kind="duplicate"))

    for ci, category in enumerate(tax.categories):
        cpath = ("categories", ci)
        if category.id in category_ids:
            duplicate((*cpath, "id"), f"duplicate category id `{category.id}`: ids must be unique")
        category_ids.add(category.id)
        for si, skill in enumerate(category.skills):
            spath = (*cpath, "skills", si)
            if skill.id in skill_ids:
                duplicate((*spath, "id"), f"duplicate skill id `{skill.id}`: ids must be unique")
            skill_ids.setdefault(skill.id, skill.id)
            for ai, alias in enumerate(skill.aliases):
                if alias in skill_ids:
                    duplicate(
                        (*spath, "aliases", ai),
                        f"alias `{alias}` is already the id or alias of "
                        f"skill `{skill_ids[alias]}`: aliases must be unique",
                    )
                skill_ids.setdefault(alias, skill.id)
            seen_levels: set[int] = set()
            for li, step in enumerate(skill.learning):
                if step.to_level in seen_levels:
                    duplicate(
                        (*spath, "learning", li, "to_level"),
                        f"skill `{skill.id}` has two learning steps to level {step.to_level}: "
                        "keep one",
                    )
                seen_levels.add(step.to_level)
            for ki, check in enumerate(skill.checks):
                kpath = (*spath, "checks", ki)
                if check.id in check_ids:
                    duplicate(
                        (*kpath, "id"), f"duplicate check id `{check.id}`: ids must be unique"
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
        duplicate(
            ("categories", ci, "id"),
            f"`{name}` is both a category id and a skill id, so a role's `requires` would be "
            "ambiguous: rename one",
        )

    graph = _level_graph(tax, found, left_out)
    cycle = _find_cycle(graph)
    if cycle:
        found.append(_cycle_finding(tax, cycle))

    role_ids = [r.id for r in tax.roles]
    seen_roles: set[str] = set()
    for ri, role in enumerate(tax.roles):
        rpath = ("roles", ri)
        if role.id in seen_roles:
            duplicate((*rpath, "id"), f"duplicate role id `{role.id}`: ids must be unique")
        seen_roles.add(role.id)
        found += _role_references(tax, role, rpath, category_ids, left_out)
        if role.extends is not None and role.extends not in left_out:
            if role.extends == role.id:
                found.append(
                    Finding(
                        (*rpath, "extends"),
                        f"role `{role.id}` extends itself: remove `extends`",
                        kind="cycle",
                    )
                )
            elif tax.role(role.extends) is None:
                found.append(
                    Finding(
                        (*rpath, "extends"),
                        f"role `{role.id}` extends `{role.extends}`, which is not a role of this "
                        f"taxonomy{_suggest(role.extends, role_ids)}: check the spelling",
                        kind="reference",
                    )
                )
        chain = tax.lineage(role)
        mentions_left_out = any(
            key in left_out for r in chain for key in (*r.requires, r.extends or "")
        )
        unsure = (
            mentions_left_out
            or any(tax.roles.index(r) in trimmed_roles for r in chain)
            or chain[0].extends is not None  # an unknown parent or a cycle, reported already
        )
        if not unsure and not any(tax.required_levels(role).values()):
            found.append(
                (
                    (*rpath, "requires"),
                    f"role `{role.id}` requires nothing (every level is 0): give at least "
                    "one skill or category a level from 1 to 4",
                )
            )

    found += _extends_cycles(tax)
    if tax.scale is not None:
        given = sorted(entry.level for entry in tax.scale)
        if given != list(LEVELS):
            found.append((("scale",), "`scale` must name each level from 0 to 4 exactly once"))
    # A plain (path, message) pair is shorthand for a finding located at the value.
    return [f if isinstance(f, Finding) else Finding(*f) for f in found]


def _extends_cycles(tax: Taxonomy) -> list[Finding]:
    """Each cycle of `extends` once, at the role of the cycle that comes first in the file."""
    by_id: dict[str, Role] = {}
    for role in tax.roles:
        by_id.setdefault(role.id, role)
    found: list[Finding] = []
    reported: set[str] = set()
    for ri, role in enumerate(tax.roles):
        walked: list[str] = []
        current: Role | None = role
        while current is not None and current.id not in walked:
            walked.append(current.id)
            current = by_id.get(current.extends) if current.extends else None
        if current is None or current.id != role.id or len(walked) < 2 or role.id in reported:
            continue  # no cycle, a self-extension (reported apart), or one seen from another role
        reported.update(walked)
        found.append(
            Finding(
                ("roles", ri, "extends"),
                f"roles extend each other in a cycle: {' -> '.join([*walked, role.id])}: break it",
                kind="cycle",
            )
        )
    return found


def _role_references(
    tax: Taxonomy,
    role: Role,
    rpath: tuple[Any, ...],
    category_ids: set[str],
    left_out: set[str],
) -> list[Finding]:
    """Keys of `requires` and `weights` and entries of `core` that name no skill or category."""
    found: list[Finding] = []
    entries: list[tuple[tuple[Any, ...], str, bool, str]] = [
        ((*rpath, "requires", key), key, True, "require") for key in role.requires
    ]
    entries += [((*rpath, "weights", key), key, True, "weigh") for key in role.weights]
    entries += [
        ((*rpath, "core", i), key, False, "name as core") for i, key in enumerate(role.core)
    ]
    for path, key, at_key, verb in entries:
        if key in category_ids or key in tax._skills or key in left_out:
            continue
        if key in tax._aliases:
            message = f"`{key}` is a former skill id: write `{tax._aliases[key]}` instead"
            found.append(Finding(path, message, at_key=at_key, kind="reference"))
            continue
        hint = _unknown_id(tax, key, left_out)
        singular = {"require": "requires", "weigh": "weighs", "name as core": "names as core"}
        found.append(
            Finding(
                path,
                f"role `{role.id}` {singular[verb]} `{key}`, which is neither a skill nor a "
                f"category of this taxonomy{hint}: check the spelling",
                at_key=at_key,
                kind="reference",
                group=(
                    f"role-{verb}:{key}",
                    f"{{count}} roles {verb} `{key}`, which is neither a skill nor a category "
                    f"of this taxonomy{hint}: check the spelling",
                ),
            )
        )
    return found


# -- prerequisites and needs, through levels ------------------------------------------

Node = tuple[str, int]
"""(skill id, level): the learning step that brings the skill to that level."""


class _Edge(NamedTuple):
    """``to`` must be reached first; ``path`` locates the entry that says so (none for the
    step below on the same skill)."""

    to: Node
    path: tuple[Any, ...] = ()
    at_key: bool = False
    kind: Literal["", "prerequisites", "needs"] = ""


def _suggest(word: str, options: list[str]) -> str:
    import difflib  # only when a reference is wrong

    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _level_graph(tax: Taxonomy, found: list[Any], left_out: set[str]) -> dict[Node, list[_Edge]]:
    """What each (skill, level) needs first, over all levels 1-4 of every skill.

    (s, k) needs (s, k-1); (s, 1), and so every step of s, needs (p, l) for each
    prerequisite {p: l}; (s, k) needs (q, l) for each entry of its step's ``needs``.
    Every learner's plan is a part of this graph, so checking it once here keeps every
    plan acyclic. References that name no skill are reported into ``found`` and left out.
    """
    # Ids of skills left out for schema errors are still the likeliest meant.
    ids = list(tax._skills) + sorted(left_out - set(tax._skills))
    graph: dict[Node, list[_Edge]] = {}
    for ci, category in enumerate(tax.categories):
        for si, skill in enumerate(category.skills):
            if tax._skills[skill.id] is not skill:
                continue  # a duplicate id, reported already
            spath = ("categories", ci, "skills", si)
            for level in (1, 2, 3, 4):
                graph[(skill.id, level)] = [_Edge((skill.id, level - 1))] if level > 1 else []
            for pi, (prereq, level) in enumerate(skill.prerequisites):
                ppath = (*spath, "prerequisites", pi)
                if prereq == skill.id:
                    found.append(
                        (ppath, f"skill `{skill.id}` lists itself as a prerequisite: remove it")
                    )
                elif prereq in tax._skills:
                    graph[(skill.id, 1)].append(_Edge((prereq, level), ppath, kind="prerequisites"))
                elif prereq in tax._aliases:
                    found.append(
                        Finding(
                            ppath,
                            f"prerequisite `{prereq}` is a former id: write "
                            f"`{tax._aliases[prereq]}` instead",
                            kind="reference",
                        )
                    )
                elif prereq not in left_out:
                    hint = _suggest(prereq, ids)
                    found.append(
                        Finding(
                            ppath,
                            f"prerequisite `{prereq}` is not a skill of this taxonomy"
                            f"{hint}: check the spelling or add the skill",
                            kind="reference",
                            group=(
                                f"prerequisite:{prereq}",
                                f"{{count}} skills have the prerequisite `{prereq}`, which is not "
                                f"a skill of this taxonomy{hint}: check the spelling or add the "
                                "skill",
                            ),
                        )
                    )
            for li, step in enumerate(skill.learning):
                for needed, level in step.needs.items():
                    npath = (*spath, "learning", li, "needs", needed)
                    group = None
                    if needed in left_out:
                        continue
                    if needed == skill.id:
                        message = (
                            f"the step to level {step.to_level} of `{skill.id}` needs `{needed}` "
                            "itself: remove it (a skill's steps already come in level order)"
                        )
                    elif needed in tax._skills:
                        graph[(skill.id, step.to_level)].append(
                            _Edge((needed, level), npath, at_key=True, kind="needs")
                        )
                        continue
                    elif needed in tax._aliases:
                        message = (
                            f"`{needed}` is a former skill id: write `{tax._aliases[needed]}` "
                            "instead"
                        )
                    else:
                        hint = _suggest(needed, ids)
                        message = (
                            f"the step to level {step.to_level} of `{skill.id}` needs "
                            f"`{needed}`, which is not a skill of this taxonomy"
                            f"{hint}: check the spelling or add the skill"
                        )
                        group = (
                            f"needs:{needed}",
                            f"{{count}} learning steps need `{needed}`, which is not a skill of "
                            f"this taxonomy{hint}: check the spelling or add the skill",
                        )
                    found.append(
                        Finding(npath, message, at_key=True, kind="reference", group=group)
                    )
    return graph


def _find_cycle(graph: dict[Node, list[_Edge]]) -> list[tuple[Node, _Edge]] | None:
    """One cycle as (node, edge to the next node) pairs, or None; depth-first in graph order,
    so the same taxonomy always names the same cycle."""
    state: dict[Node, str] = {}  # "open" while on the current path, then "done"
    for root in graph:
        if root in state:
            continue
        state[root] = "open"
        stack = [(root, iter(graph[root]))]
        depth = {root: 0}
        taken: list[_Edge] = []  # taken[i] leads from stack[i] to stack[i + 1]
        while stack:
            node, edges = stack[-1]
            edge = next(edges, None)
            if edge is None:
                stack.pop()
                state[node] = "done"
                del depth[node]
                if taken:
                    taken.pop()
            elif state.get(edge.to) == "open":
                first = depth[edge.to]
                return list(zip([n for n, _ in stack[first:]], [*taken[first:], edge], strict=True))
            elif edge.to not in state:
                state[edge.to] = "open"
                depth[edge.to] = len(stack)
                taken.append(edge)
                stack.append((edge.to, iter(graph.get(edge.to, ()))))
    return None


def _cycle_finding(tax: Taxonomy, cycle: list[tuple[Node, _Edge]]) -> Finding:
    """Name a cycle skill by skill, e.g. ``pytorch 2 -> dl-fundamentals 3 -> pytorch 2``.

    The steps of one skill down the cycle (dl-fundamentals 3 -> 2 -> 1) are shown once, at
    the highest level; the cycle starts at the skill first in the file, and the finding
    points at the entry by which that skill needs the next one.
    """
    position = {sid: i for i, sid in enumerate(tax._skills)}
    count = len(cycle)
    # Intra-skill edges only go down a level, so a cycle crosses at least two skills.
    starts = [i for i in range(count) if cycle[i][0][0] != cycle[i - 1][0][0]]
    first = min(starts, key=lambda i: (position[cycle[i][0][0]], cycle[i][0][1]))
    cycle = cycle[first:] + cycle[:first]
    tops = [i for i in range(count) if cycle[i][0][0] != cycle[i - 1][0][0]]
    leaving = cycle[tops[1] - 1][1]
    names = [f"{cycle[i][0][0]} {cycle[i][0][1]}" for i in tops]
    kinds = {edge.kind for _, edge in cycle}
    what = " and ".join(k for k in ("prerequisites", "needs") if k in kinds)
    return Finding(
        leaving.path,
        f"{what} form a cycle: {' -> '.join([*names, names[0]])} (each needs the next): break it",
        at_key=leaving.at_key,
        kind="cycle",
    )
