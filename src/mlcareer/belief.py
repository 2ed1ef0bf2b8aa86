"""Belief versus knowledge: the cohort's self-ratings set beside what the checks supported.

Per skill, over the learners who rated it 1 or more (a claim the checks can test):

* the share whose rating the checks *supported*, *contradicted*, or left *unverified*
  (no check answered at or below the rating, or no checks at all);
* *mean claimed - mean adjusted*: the mean self-rating minus the mean level scored after
  the checks, over the same learners; 0 when every claim held, larger when the cohort
  over-rates itself;
* *overrated*: the learners whose rating was contradicted (they claimed more than the
  checks showed).

Per category the same over every (learner, skill) claim in it, and the overrated learners
are those contradicted on at least one of its skills. Plain input; nothing here
prints, prompts or exits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Protocol

from pydantic import Field

from mlcareer.report import OutputModel

EVIDENCE = ("supported", "contradicted", "unverified")


@dataclass(frozen=True)
class Claim:
    skill: str
    rating: int  # 1-4: only ratings of 1 or more are claims
    level: int  # the level scored after the checks
    evidence: str | None  # None: no checks were answered


@dataclass(frozen=True)
class LearnerClaims:
    learner: str  # how the learner is named in the output
    claims: Sequence[Claim]


class Hider(Protocol):
    """The cohort's --min-group rules (cohort._Suppressor)."""

    show_rows: bool

    def count(self, value: int) -> int | None: ...
    def share(self, part: int, group: int, places: int = 1) -> float | None: ...
    def over(self, group: int, value: Fraction | None, places: int) -> float | None: ...
    def too_few(self, group: int) -> bool: ...


class BeliefRow(OutputModel):
    id: str
    name: str
    claim_count: int | None = Field(description="Learners (per category: claims) rated 1 or more.")
    supported_pct: float | None = Field(description="Share of the claims the checks supported.")
    contradicted_pct: float | None = Field(description="Share the checks contradicted.")
    unverified_pct: float | None = Field(description="Share no check tested.")
    mean_claimed: float | None = Field(description="Mean self-rating of the claims, 2 decimals.")
    mean_adjusted: float | None = Field(description="Mean level after the checks, 2 decimals.")
    overclaim: float | None = Field(description="mean_claimed - mean_adjusted, 2 decimals.")
    overrated_count: int | None = Field(description="Learners whose claim was contradicted.")
    overrated_learners: list[str] | None = Field(
        description="Who they are; null when hidden by min_group."
    )
    hidden: bool = Field(
        default=False,
        description="Every figure hidden by min_group: a category's claims come from fewer "
        "than min_group learners.",
    )


class BeliefVsKnowledge(OutputModel):
    skills: list[BeliefRow] = Field(description="Skills someone claimed, taxonomy order.")
    categories: list[BeliefRow]


@dataclass
class _Tally:
    claims: int = 0
    evidence: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EVIDENCE, 0))
    claimed: int = 0
    adjusted: int = 0
    overrated: set[str] = field(default_factory=set)

    def add(self, rating: int, level: int, evidence: str | None, count: int) -> None:
        """``count`` claims of ``rating`` scored at ``level`` with this evidence."""
        self.claims += count
        self.evidence[evidence or "unverified"] += count
        self.claimed += rating * count
        self.adjusted += level * count

    def row(self, item_id: str, name: str, small: Hider, learners: int | None = None) -> BeliefRow:
        """The row; ``learners``: how many learners made the claims, where that is not one
        each (a category's), so figures over fewer than K of them are hidden."""
        if learners is not None and small.too_few(learners):
            return BeliefRow(
                id=item_id,
                name=name,
                claim_count=None,
                supported_pct=None,
                contradicted_pct=None,
                unverified_pct=None,
                mean_claimed=None,
                mean_adjusted=None,
                overclaim=None,
                overrated_count=None,
                overrated_learners=None,
                hidden=True,
            )
        n = self.claims
        claimed = Fraction(self.claimed, n) if n else None
        adjusted = Fraction(self.adjusted, n) if n else None
        over = claimed - adjusted if claimed is not None and adjusted is not None else None
        # By name ignoring case, then exactly, so names that differ only in case come out in
        # one order on every run (a set's order changes with the hash seed).
        who = sorted(self.overrated, key=lambda learner: (learner.casefold(), learner))
        return BeliefRow(
            id=item_id,
            name=name,
            claim_count=small.count(n),
            supported_pct=small.share(self.evidence["supported"], n),
            contradicted_pct=small.share(self.evidence["contradicted"], n),
            unverified_pct=small.share(self.evidence["unverified"], n),
            mean_claimed=small.over(n, claimed, 2),
            mean_adjusted=small.over(n, adjusted, 2),
            overclaim=small.over(n, over, 2),
            overrated_count=small.count(len(who)),
            overrated_learners=who if small.show_rows else None,
        )


ClaimCounts = Mapping[str, Mapping[tuple[int, int, str | None], int]]
"""Per skill id: how many learners made each claim (rating, level scored, evidence)."""


def belief_vs_knowledge(
    skills: Sequence[tuple[str, str, str]],
    categories: Sequence[tuple[str, str]],
    learners: Iterable[LearnerClaims],
    small: Hider,
) -> BeliefVsKnowledge:
    """``skills`` as (id, name, category id) and ``categories`` as (id, name), in the order
    to show them; claims on skills not listed are ignored."""
    counts: dict[str, dict[tuple[int, int, str | None], int]] = {}
    contradicted: dict[str, set[str]] = {}
    category_of = {sid: cid for sid, _, cid in skills}
    claimants: dict[str, int] = {}
    for learner in learners:
        claimed_in = set()
        for claim in learner.claims:
            key = (claim.rating, claim.level, claim.evidence)
            mine = counts.setdefault(claim.skill, {})
            mine[key] = mine.get(key, 0) + 1
            if claim.rating >= 1 and claim.skill in category_of:
                claimed_in.add(category_of[claim.skill])
            if claim.evidence == "contradicted" and claim.rating >= 1:
                contradicted.setdefault(claim.skill, set()).add(learner.learner)
        for cid in claimed_in:
            claimants[cid] = claimants.get(cid, 0) + 1
    return belief_of_counts(skills, categories, counts, contradicted, small, claimants)


def belief_of_counts(
    skills: Sequence[tuple[str, str, str]],
    categories: Sequence[tuple[str, str]],
    counts: ClaimCounts,
    contradicted: Mapping[str, Iterable[str]],
    small: Hider,
    claimants: Mapping[str, int] | None = None,
) -> BeliefVsKnowledge:
    """belief_vs_knowledge from claims already counted (a cohort counts them over its
    learners' compact summaries), with, per skill id, the learners it contradicted, and
    per category id the learners who made a claim in it (``claimants``: needed only under
    --min-group, where a category's figures over fewer than K learners are hidden)."""
    category_of = {sid: cid for sid, _, cid in skills}
    per_skill = {sid: _Tally() for sid, _, _ in skills}
    per_category = {cid: _Tally() for cid, _ in categories}
    for sid, claims in counts.items():
        tally = per_skill.get(sid)
        if tally is None:
            continue
        in_category = per_category.get(category_of[sid])
        for (rating, level, evidence), count in claims.items():
            if rating < 1:  # only a rating of 1 or more is a claim the checks can test
                continue
            tally.add(rating, level, evidence, count)
            if in_category is not None:
                in_category.add(rating, level, evidence, count)
        who = contradicted.get(sid, ())
        tally.overrated.update(who)
        if in_category is not None:
            in_category.overrated.update(who)
    return BeliefVsKnowledge(
        skills=[
            per_skill[sid].row(sid, name, small) for sid, name, _ in skills if per_skill[sid].claims
        ],
        categories=[
            per_category[cid].row(
                cid, name, small, None if claimants is None else claimants.get(cid, 0)
            )
            for cid, name in categories
            if per_category[cid].claims
        ],
    )
