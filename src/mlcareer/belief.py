"""Belief versus knowledge: the cohort's self-ratings set beside what the checks supported.

Per skill, over the learners who rated it 1 or more (a claim the checks can test):

* the share whose rating the checks *supported*, *contradicted*, or left *unverified*
  (no check answered at or below the rating, or no checks at all);
* *mean claimed - mean adjusted*: the mean self-rating minus the mean level scored after
  the checks, over the same learners; 0 when every claim held, larger when the cohort
  over-rates itself;
* *overconfident*: the learners whose rating was contradicted (they claimed more than the
  checks showed).

Per category the same over every (learner, skill) claim in it, and the overconfident
learners are those contradicted on at least one of its skills. Plain input; nothing here
prints, prompts or exits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


class BeliefRow(OutputModel):
    id: str
    name: str
    claim_count: int | None = Field(description="Learners (per category: claims) rated 1 or more.")
    supported_pct: float | None
    contradicted_pct: float | None
    unverified_pct: float | None
    mean_claimed: float | None = Field(description="Mean self-rating of the claims, 2 decimals.")
    mean_adjusted: float | None = Field(description="Mean level after the checks, 2 decimals.")
    overclaim: float | None = Field(description="mean_claimed - mean_adjusted, 2 decimals.")
    overconfident_count: int | None = Field(description="Learners whose claim was contradicted.")
    overconfident_learners: list[str] | None = Field(
        description="Who they are; null when hidden by min_group."
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
    overconfident: list[str] = field(default_factory=list)

    def add(self, learner: str, claim: Claim) -> bool:
        self.claims += 1
        self.evidence[claim.evidence or "unverified"] += 1
        self.claimed += claim.rating
        self.adjusted += claim.level
        return claim.evidence == "contradicted"

    def row(self, item_id: str, name: str, small: Hider) -> BeliefRow:
        n = self.claims
        claimed = Fraction(self.claimed, n) if n else None
        adjusted = Fraction(self.adjusted, n) if n else None
        over = claimed - adjusted if claimed is not None and adjusted is not None else None
        who = sorted(set(self.overconfident), key=str.casefold)
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
            overconfident_count=small.count(len(who)),
            overconfident_learners=who if small.show_rows else None,
        )


def belief_vs_knowledge(
    skills: Sequence[tuple[str, str, str]],
    categories: Sequence[tuple[str, str]],
    learners: Iterable[LearnerClaims],
    small: Hider,
) -> BeliefVsKnowledge:
    """``skills`` as (id, name, category id) and ``categories`` as (id, name), in the order
    to show them; claims on skills not listed are ignored."""
    category_of = {sid: cid for sid, _, cid in skills}
    per_skill = {sid: _Tally() for sid, _, _ in skills}
    per_category = {cid: _Tally() for cid, _ in categories}
    for learner in learners:
        for claim in learner.claims:
            if claim.rating < 1 or claim.skill not in per_skill:
                continue
            if per_skill[claim.skill].add(learner.learner, claim):
                per_skill[claim.skill].overconfident.append(learner.learner)
            tally = per_category.get(category_of[claim.skill])
            if tally is not None and tally.add(learner.learner, claim):
                tally.overconfident.append(learner.learner)
    return BeliefVsKnowledge(
        skills=[
            per_skill[sid].row(sid, name, small) for sid, name, _ in skills if per_skill[sid].claims
        ],
        categories=[
            per_category[cid].row(cid, name, small)
            for cid, name in categories
            if per_category[cid].claims
        ],
    )
