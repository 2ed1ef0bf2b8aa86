"""The interactive questionnaire of ``mlcareer assess``.

This is the only module that imports questionary and prompt_toolkit; ``cli`` imports it
only when a prompt is about to be shown, so ``--help`` and scripted runs stay fast.

The taxonomy drives every question: one select per skill, whose choices are the scale's
levels with the skill's behavioural descriptors, and after a rating of 1 or more, the
skill's knowledge checks that ``calibration.next_check`` picks (one item at the claimed
level, one more a level lower after a miss), each followed by a confidence select. A run
asks at most ``quiz_max`` items, paced over the categories (``check_allowance``). The flow
only collects an ``Answers``; marking the checks and scoring is ``report_for``'s job, so
nothing here tells the learner whether an answer was right. Prompts use questionary's
``unsafe_ask`` so that Ctrl-C (KeyboardInterrupt) and end of input (EOFError) reach
``assess_interactively``, which keeps what was answered for ``mlcareer assess --resume``.

The taxonomy and the paused progress may come from someone else, so their text is cleaned
(mlcareer.safe_text) before it is wrapped, and ``Terminal`` cleans everything it draws once
more: no control or bidi character from a file reaches the terminal.
"""

from __future__ import annotations

import contextlib
import math
import os
import secrets
import signal
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import questionary
from prompt_toolkit.application.current import get_app_or_none, get_app_session
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.shortcuts import print_formatted_text

from mlcareer.answers import Answers, Confidence, role_from_option
from mlcareer.calibration import choice_order, next_check
from mlcareer.errors import MlcareerError, Problem
from mlcareer.input_rules import forbidden_character
from mlcareer.paused import (
    PausedRun,
    PreviousRef,
    load_progress,
    progress_of,
    progress_path,
    resumed_checks,
    resumed_ratings,
    save_progress,
)
from mlcareer.reassess import PreviousAnswers, changes_since
from mlcareer.render.text import local_time
from mlcareer.safe_text import clean
from mlcareer.taxonomy import LEVELS, Check, Role, Skill, Taxonomy, load_taxonomy
from mlcareer.wording import plural

# Choice values that are not levels; levels are the ints 0-4.
SKIP = "skip"
BACK = "back"
DONE = "done"
EDIT_NAME = "edit-name"
EDIT_ROLE = "edit-role"
CONTINUE = "continue"
CHECKLIST = "checklist"
START_OVER = "start-over"
FRESH = "fresh"

# The time estimate comes from the words on screen: read at 200 words a minute (a careful
# pace for instructions, and fair to readers in a second language), plus a few seconds to
# choose and press a key for each answer.
WORDS_PER_MINUTE = 200
SECONDS_PER_ANSWER = 5
# The confidence question after a check: "How sure are you?" and its three choices.
CONFIDENCE_WORDS = 14
# Keys that pick a level on a rating question, and keys that go back (shown in the hint).
LEVEL_KEYS = {str(level): level for level in LEVELS}
BACK_KEYS = ("b", "left", "c-h")  # c-h is Backspace
MAX_WIDTH = 100  # wider lines are hard to read, even on a wide terminal
POINTER = " » "  # questionary's pointer, drawn before the highlighted choice
MAX_NAME = 200  # the answers file accepts names up to this length
# The confidence words calibration.py turns into probabilities, with what they mean here.
CONFIDENCE_CHOICES: list[tuple[Confidence, str]] = [
    ("low", "Low: a guess, or nearly"),
    ("medium", "Medium: fairly sure"),
    ("high", "High: sure"),
]


def new_seed() -> int:
    """A fresh seed for the choice shuffle of one run (recorded, so it can be repeated)."""
    return secrets.randbelow(2**32)


class Paused(Exception):
    """The user pressed Ctrl-C or ended the input; what was kept, and where."""

    def __init__(self, path: Path | None, answered: int, total: int, end_of_input: bool) -> None:
        super().__init__("questionnaire paused")
        self.path = path
        self.answered = answered
        self.total = total
        self.end_of_input = end_of_input


@dataclass
class RunState:
    """Everything answered so far: what a pause saves and a resume restores."""

    role: Role | None = None
    learner_name: str | None = None
    learner_id: str | None = None
    # Answered skills only, by skill id (None = skipped); an absent skill is still to ask.
    ratings: dict[str, int | None] = field(default_factory=dict)
    # Knowledge checks answered: check id -> index of the chosen choice in the taxonomy's
    # order (not the shuffled order shown), and the confidence given with it.
    checks: dict[str, int] = field(default_factory=dict)
    confidence: dict[str, Confidence] = field(default_factory=dict)
    seed: int | None = None  # made when the first check is shown, then kept
    checking: str | None = None  # skill whose checks are under way; a resume finishes them
    # The earlier assessment this one starts from: every question starts on its answer.
    previous: PreviousAnswers | None = None
    only_required: bool = False  # ask only the skills the role requires
    # Checklist answers: skill id -> level -> 1-based positions of the statements ticked.
    indicators: dict[str, dict[int, list[int]]] = field(default_factory=dict)

    def answers(self, taxonomy: Taxonomy) -> Answers:
        assert self.role is not None
        # A skill not asked (--only-required) keeps its earlier rating, if it had one, so
        # the fit to the other roles still counts it.
        earlier = self.previous.ratings if self.previous else {}
        return Answers(
            role=self.role,
            ratings={
                s.id: self.ratings[s.id] if s.id in self.ratings else earlier.get(s.id)
                for s in taxonomy.skills()
            },
            learner_name=self.learner_name or None,
            learner_id=self.learner_id or None,
            checks=dict(self.checks),
            confidence=dict(self.confidence),
            # The seed only matters to the orders of items actually shown.
            seed=self.seed if self.checks else None,
            indicators={k: v for k, v in self.indicators.items() if k in self.ratings},
        )

    def forget_checks(self, skill: Skill) -> None:
        """Drop the answers to ``skill``'s checks: they tested a claim no longer made."""
        for check in skill.checks:
            self.checks.pop(check.id, None)
            self.confidence.pop(check.id, None)


# -- which knowledge checks a run asks ---------------------------------------------


def check_allowance(taxonomy: Taxonomy, reached: Skill, bound: int) -> int:
    """How many check items a run may have asked once its questions have reached ``reached``.

    The bound is paced evenly over the C categories that have checks: after the k-th of
    them, ceil(bound x k / C). Asking in plain order would spend a small bound on the first
    category or two; pacing lets the checks sample every part of the taxonomy, and what a
    category leaves unused (skills rated 0 or skipped) passes on to the next.
    """
    if bound <= 0:
        return 0
    with_checks = [c.id for c in taxonomy.categories if any(s.checks for s in c.skills)]
    if not with_checks:
        return 0
    order = [c.id for c in taxonomy.categories]
    here = order.index(taxonomy.category_of(reached.id).id)
    passed = sum(1 for cid in with_checks if order.index(cid) <= here)
    return math.ceil(bound * passed / len(with_checks))


def most_checks(taxonomy: Taxonomy, bound: int) -> int:
    """The most check items a run can ask: two per skill with items at two levels or more
    (the first item and the one after a miss), one with items at a single level."""
    per_skill = sum(min(2, len({c.level for c in s.checks})) for s in taxonomy.skills())
    return min(max(bound, 0), per_skill)


# -- drawing ---------------------------------------------------------------------


def colour_wanted(no_color: bool) -> bool:
    return not (no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb")


def prompt_style(colour: bool) -> questionary.Style:
    """questionary's classes plus ours (heading, note, muted); without colour only weights."""
    if colour:
        rules = [
            ("qmark", "fg:ansicyan bold"),
            ("question", "bold"),
            ("answer", "fg:ansigreen bold"),
            ("pointer", "fg:ansicyan bold"),
            ("highlighted", "fg:ansicyan bold"),
            ("separator", "fg:ansibrightblack"),
            ("instruction", "fg:ansibrightblack"),
            ("heading", "bold underline"),
            ("note", "fg:ansiyellow"),
            ("muted", "fg:ansibrightblack"),
        ]
    else:
        rules = [
            ("qmark", "fg:default bold"),
            ("question", "bold"),
            ("answer", "fg:default bold"),
            ("pointer", "fg:default bold"),
            ("highlighted", "fg:default bold"),
            ("separator", "fg:default"),
            ("instruction", "fg:default"),
            ("heading", "bold underline"),
            ("note", "fg:default"),
            ("muted", "fg:default"),
        ]
    return questionary.Style(rules)


def wrap(text: str, width: int, indent: str = "") -> str:
    """``text`` wrapped to ``width`` columns, every line starting with ``indent``."""
    # Not at hyphens: `--only-required` or `--resume` must stay whole to be typed.
    lines = textwrap.wrap(
        text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    )
    return "\n".join(lines or [indent])


def question_lines(text: str, width: int) -> str:
    """A question's message wrapped to ``width``: questionary draws "? " before the first
    line and cuts, rather than wraps, a line too long for the terminal; the lines after the
    first are indented to match."""
    return wrap(text, width - 2).replace("\n", "\n  ")


def choice_title(text: str, width: int, hang: int) -> str:
    """A choice label wrapped under the pointer column, continuation lines indented ``hang``
    more so that a long descriptor reads as one block next to its number."""
    lead = " " * len(POINTER)
    lines = textwrap.wrap(text, width, initial_indent=lead, subsequent_indent=lead + " " * hang)
    # questionary draws the pointer before the first line itself; the rest start at column 0.
    return "\n".join([lines[0][len(lead) :], *lines[1:]])


def description_block(text: str, width: int) -> str:
    """``text`` wrapped to sit after questionary's "  Description: " label, then at column 2."""
    label = "  Description: "
    words = text.split()
    first = textwrap.wrap(" ".join(words), width - len(label), break_long_words=False)
    if not first:
        return ""
    rest = textwrap.wrap(" ".join(words[len(first[0].split()) :]), width - 2)
    return "\n".join([first[0], *("  " + line for line in rest)])


def level_choices(taxonomy: Taxonomy, skill: Skill, width: int) -> list[tuple[int, str]]:
    """``(level, "N Name: what a person at N can do")`` for every level of the scale."""
    choices = []
    for level in LEVELS:
        what = taxonomy.level_description(0) if level == 0 else skill.levels[level]
        text = clean(f"{level} {taxonomy.level_name(level)}: {what}")
        choices.append((level, choice_title(text, width, hang=len(f"{level} "))))
    return choices


def position(
    taxonomy: Taxonomy, skill: Skill, index: int, total: int, *, left: str | None = None
) -> str:
    """Where the question sits, e.g. ``[12/45] Data · SQL``, or with the time ``left``
    beside the count: ``[12/45 · about 9 min left] Data · SQL``."""
    count = f"{index + 1}/{total}" + (f" · {left}" if left else "")
    return clean(f"[{count}] {taxonomy.category_of(skill.id).name} · {skill.name}")


def rating_text(taxonomy: Taxonomy, rating: int | None) -> str:
    return "skipped" if rating is None else clean(f"{rating} {taxonomy.level_name(rating)}")


def words(*texts: str) -> int:
    return sum(len(text.split()) for text in texts)


def rating_seconds(taxonomy: Taxonomy, skill: Skill) -> float:
    """Time to read a rating question (the description and the five choices) and answer."""
    choices = [
        f"{level} {taxonomy.level_name(level)}: "
        + (taxonomy.level_description(0) if level == 0 else skill.levels[level])
        for level in LEVELS
    ]
    return words(skill.description, *choices) * 60 / WORDS_PER_MINUTE + SECONDS_PER_ANSWER


def check_seconds(check: Check) -> float:
    """Time to read a check and its choices, answer, and say how sure one is."""
    read = words(check.question, *check.choices) + CONFIDENCE_WORDS
    return read * 60 / WORDS_PER_MINUTE + 2 * SECONDS_PER_ANSWER


def whole_minutes(seconds: float) -> int:
    """Minutes for an estimate, rounded up (an estimate that runs over discourages more
    than one that ends early), at least 1."""
    return max(1, math.ceil(seconds / 60 - 1e-9))


def with_hint(message: str, hint: str, width: int) -> tuple[str, str]:
    """The message and the hint questionary draws after its last line.

    The hint stays on that line when it fits; otherwise it gets a line of its own, indented
    like the question, instead of the terminal folding it mid-word. (questionary draws
    "? " before the message and a space after it.)
    """
    last = message.rsplit("\n", 1)[-1]
    used = len(last) + 1 + (0 if "\n" in message else 2)
    if used + len(hint) <= width:
        return message, hint
    return message + "\n ", hint


def _clean_choice(choice: Any) -> None:
    """A choice's title and description as they may be drawn (see ``clean``)."""
    if isinstance(choice, questionary.Separator):
        choice.line = clean(choice.line)
    if isinstance(choice, questionary.Choice):
        if isinstance(choice.title, str):
            choice.title = clean(choice.title, multiline=True)
        if choice.description is not None:
            choice.description = clean(choice.description, multiline=True)


def _ending_on_ctrl_d(question: Any) -> Any:
    """``question`` with Ctrl-D ending the input: questionary's select and checkbox swallow
    it, and it must pause like Ctrl-C, as in a text prompt. A specific binding wins over
    the catch-all one."""
    end_of_input = KeyBindings()

    @end_of_input.add("c-d", eager=True)
    def _end(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, end_of_input])
    return question


class Terminal:
    """Prompts and messages on the current prompt_toolkit session (tests swap its I/O)."""

    def __init__(self, no_color: bool = False) -> None:
        self.colour = colour_wanted(no_color)
        self.style = prompt_style(self.colour)
        self.color_depth = None if self.colour else ColorDepth.DEPTH_1_BIT

    @property
    def width(self) -> int:
        """Usable columns: one less than the terminal, so no line wraps by itself."""
        columns = get_app_session().output.get_size().columns
        return max(40, min(columns, MAX_WIDTH) - 1)

    def say(self, text: str = "", style: str = "") -> None:
        print_formatted_text(
            FormattedText([(f"class:{style}" if style else "", clean(text, multiline=True))]),
            style=self.style,
            color_depth=self.color_depth,
        )

    def select(
        self,
        message: str,
        choices: list[Any],
        *,
        default: Any = None,
        instruction: str = "(arrows, Enter)",
        erase: bool = False,
        shortcuts: dict[str, Any] | None = None,
    ) -> Any:
        """A select; each key of ``shortcuts`` answers it at once with its value."""
        message, instruction = with_hint(clean(message, multiline=True), instruction, self.width)
        for choice in choices:
            _clean_choice(choice)
        question = _ending_on_ctrl_d(
            questionary.select(
                message,
                choices=choices,
                default=default,
                instruction=instruction,
                style=self.style,
                erase_when_done=erase,
                color_depth=self.color_depth,
            )
        )
        if shortcuts:
            keys = KeyBindings()
            for key, value in shortcuts.items():
                keys.add(key, eager=True)(_answer_with(value))
            app = question.application
            app.key_bindings = merge_key_bindings([app.key_bindings, keys])
        return question.unsafe_ask()

    @property
    def rows(self) -> int:
        return max(10, get_app_session().output.get_size().rows)

    def checkbox(self, message: str, choices: list[Any], *, instruction: str) -> list[Any]:
        """Tick any number of choices; Ctrl-D ends the input, as in select."""
        question = questionary.checkbox(
            message,
            choices=choices,
            instruction=instruction,
            style=self.style,
            erase_when_done=True,
            color_depth=self.color_depth,
        )
        return list(_ending_on_ctrl_d(question).unsafe_ask())

    def text(self, message: str, *, default: str = "", max_length: int = MAX_NAME) -> str:
        def short_enough(value: str) -> bool | str:
            if len(value.strip()) > max_length:
                return f"at most {max_length} characters"
            problem = forbidden_character(value.strip(), multiline=False)
            return f"the text {problem}" if problem else True

        question = questionary.text(
            message,
            default=default,
            validate=short_enough,
            style=self.style,
            color_depth=self.color_depth,
        )
        return question.unsafe_ask().strip()


def _answer_with(value: Any) -> Callable[[Any], None]:
    def answer(event: Any) -> None:
        event.app.exit(result=value)

    return answer


# -- the flow --------------------------------------------------------------------


class Questionnaire:
    """Welcome, name, role, one question per skill (and its knowledge checks), review;
    answers land in ``state``.

    ``on_change`` runs after every answer, so progress is kept even if the terminal is
    closed without Ctrl-C. ``quiz_max`` bounds the knowledge-check items of the whole run
    (0: none). With ``state.previous`` every question starts on the answer given then, so
    an unchanged skill takes one Enter.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        state: RunState,
        terminal: Terminal,
        on_change: Callable[[RunState], None] = lambda state: None,
        *,
        quiz_max: int = 0,
        detailed: bool = False,
    ) -> None:
        self.taxonomy = taxonomy
        self.detailed = detailed  # every skill with indicators is answered by ticking them
        self.state = state
        self.terminal = terminal
        self.on_change = on_change
        self.quiz_max = max(0, quiz_max)
        self.skills: list[Skill] = []
        self.required: dict[str, int] = {}
        self._position: dict[str, int] = {}
        self._shown_category: str | None = None
        self._checks_introduced = False
        self._fit_to_role()

    def _fit_to_role(self) -> None:
        """The skills to ask and what the role requires: all skills, or with
        ``only_required`` those the role requires (all until a role is chosen)."""
        role = self.state.role
        self.required = self.taxonomy.required_levels(role) if role else {}
        everything = list(self.taxonomy.skills())
        if self.state.only_required and role is not None:
            self.skills = [s for s in everything if self.required.get(s.id, 0) > 0]
        else:
            self.skills = everything
        self._position = {skill.id: i for i, skill in enumerate(self.skills)}

    def run(self, *, greet: bool = True, ask_name: bool = True) -> Answers:
        previous = self.state.previous
        if greet:
            self.welcome()
            if previous is not None:
                self.start_from(previous)
            elif ask_name:
                self.state.learner_name = self.ask_name() or None
        if self.state.role is None:
            self.state.role = self.choose_role()
            self._fit_to_role()
            self.on_change(self.state)
        self.ask_remaining()
        self.review()
        return self.state.answers(self.taxonomy)

    def ask_remaining(self) -> None:
        """Every question not answered yet, in order; Back goes to the previous one."""
        index = self.next_to_ask(after=-1)
        went_back = False
        while index is not None:
            if self.ask_skill(index):
                following = self.next_to_ask(after=index)
                if went_back and following != index + 1:
                    self.say_continuing(index, following)
                    went_back = False
                index = following
            else:  # Back: the previous question, answered or not
                index -= 1
                went_back = True

    def say_continuing(self, answered: int, following: int | None) -> None:
        """After Back and a re-answer, where the questions go on (the ones in between are
        kept, so the flow jumps over them)."""
        total = len(self.skills)
        first_kept, last_kept = answered + 2, (following if following is not None else total)
        kept = f"{first_kept}" if first_kept == last_kept else f"{first_kept}–{last_kept}"
        where = (
            f"continuing at [{following + 1}/{total}]"
            if following is not None
            else "every question is answered: on to the review"
        )
        self.terminal.say(f"  {where} ({kept} kept)", "muted")

    def next_to_ask(self, after: int) -> int | None:
        """The first skill after position ``after`` not answered yet, or whose checks a pause
        interrupted (None: all done)."""
        return next(
            (
                i
                for i in range(after + 1, len(self.skills))
                if self.skills[i].id not in self.state.ratings
                or self.skills[i].id == self.state.checking
            ),
            None,
        )

    # -- the time it takes -----------------------------------------------------------

    def expected_checks(self) -> int:
        """Check items a run can expect: one per skill with items, up to the bound (a
        second item follows only a miss)."""
        return min(self.quiz_max, sum(1 for s in self.skills if s.checks))

    def mean_check_seconds(self) -> float:
        items = [check for skill in self.skills for check in skill.checks]
        return sum(check_seconds(c) for c in items) / len(items) if items else 0.0

    def seconds_left(self, index: int) -> float:
        """The time left from question ``index`` on: its questions still to answer and the
        checks still expected, from the words on their screens."""
        ratings = sum(
            rating_seconds(self.taxonomy, skill)
            for i, skill in enumerate(self.skills)
            if i == index or (i > index and skill.id not in self.state.ratings)
        )
        checks = max(0, self.expected_checks() - len(self.state.checks))
        return ratings + checks * self.mean_check_seconds()

    # -- steps ---------------------------------------------------------------------

    def welcome(self) -> None:
        tax, width = self.taxonomy, self.terminal.width
        total = len(self.skills)
        checks = most_checks(tax, self.quiz_max)
        with_checks = f" and up to {plural(checks, 'quick check')}" if checks else ""
        checks_told = (
            "Some ratings are followed by a short multiple-choice question on that skill and "
            "how sure you are of your answer; the report compares them with your ratings. "
            if checks
            else ""
        )
        minutes = whole_minutes(self.seconds_left(0))
        self.terminal.say(
            clean(f"mlcareer · {tax.title} (taxonomy {tax.id} {tax.version})"), "heading"
        )
        scope = (
            " (you are asked only those your role requires)"
            if self.state.only_required and self.state.role is None
            else ""
        )
        self.terminal.say(
            wrap(
                f"{plural(total, 'skill')} in {plural(len(tax.categories), 'category')}{scope}"
                f"{with_checks}, about {plural(minutes, 'minute')}. For each skill, choose the "
                "level that describes what you can do today, or skip it if you are not sure. "
                f"{checks_told}Your answers stay on this machine.",
                width,
            )
        )
        self.terminal.say(
            wrap(
                "Keys: a digit 0-4 picks that level; arrows (or j/k) and Enter; b, Backspace "
                "or ← goes back. Ctrl-C pauses; `mlcareer assess --resume` continues.",
                width,
            ),
            "muted",
        )
        self.terminal.say()

    def start_from(self, previous: PreviousAnswers) -> None:
        """Say what a reassessment starts from; the name, id and role are remembered."""
        state, width = self.state, self.terminal.width
        if state.learner_name is None:
            state.learner_name = previous.learner_name
        if state.learner_id is None:
            state.learner_id = previous.learner_id
        if state.role is None and previous.role_id is not None:
            state.role = self.taxonomy.role(previous.role_id)
            self._fit_to_role()
        who = state.learner_name or state.learner_id or "you"
        aim = f" for {state.role.name}" if state.role else ""
        new = previous.new_skills(self.taxonomy)
        added = (
            f" {plural(len(new), 'skill')} added to the taxonomy since then "
            f"{'is' if len(new) == 1 else 'are'} marked new."
            if new
            else ""
        )
        self.terminal.say(
            wrap(
                f"Reassessing {who}{aim}, starting from {previous.label} of "
                f"{local_time(previous.created_at)}: every question starts on your answer "
                f"then, so Enter keeps it.{added} Change the name or role in the review.",
                width,
            ),
            "note",
        )
        self.terminal.say()

    def welcome_back(self, note: str | None) -> None:
        state, width = self.state, self.terminal.width
        who = f", {state.learner_name}" if state.learner_name else ""
        answered = sum(1 for s in self.skills if s.id in state.ratings)
        role = f", aiming at {state.role.name}" if state.role else ""
        self.terminal.say(
            wrap(
                clean(f"Welcome back{who}: {answered} of {len(self.skills)} answered{role}."), width
            ),
            "heading",
        )
        if note:
            self.terminal.say(wrap(clean(note), width), "note")

    def ask_name(self, default: str = "") -> str:
        return self.terminal.text(
            "Your name, shown on the report (optional, Enter to skip):", default=default
        )

    def choose_role(self, default: str | None = None) -> Role:
        width = self.terminal.width
        choices = [
            questionary.Choice(
                title=clean(role.name),
                value=role.id,
                description=description_block(clean(role.description), width) or None,
            )
            for role in self.taxonomy.roles
        ]
        role_id = self.terminal.select("Which role are you aiming for?", choices, default=default)
        role = self.taxonomy.role(role_id)
        assert role is not None
        return role

    def ask_skill(self, index: int, *, in_review: bool = False) -> bool:
        """Everything asked about one skill; False when the user chose to go back.

        The rating lands in the state, then the skill's knowledge checks are asked. A new or
        changed rating drops the answers to the skill's checks (they tested another claim)
        and asks them again; an unchanged one keeps them. ``state.checking`` marks the skill
        whose checks are under way, so a pause in them is finished on resume.
        """
        skill = self.skills[index]
        if not in_review:
            self.show_category(skill)
        if self.state.checking == skill.id:  # rated before a pause in its checks
            self.check_skill(skill)
            return True
        if self.detailed and skill.indicators:
            rating: int | str = CHECKLIST
        else:
            rating = self.rate_skill(index, in_review=in_review)
        if rating == CHECKLIST:
            rating = rate_by_checklist(self, skill, index)
        elif rating != BACK:
            self.state.indicators.pop(skill.id, None)  # a plain rating replaces the ticks
        if rating == BACK:
            if not in_review:
                previous = self.skills[index - 1]
                self.terminal.say(
                    f"  back to {position(self.taxonomy, previous, index - 1, len(self.skills))}",
                    "muted",
                )
                # That line names the category, so no header is needed if we left this one.
                self._shown_category = self.taxonomy.category_of(previous.id).id
            return False
        given = None if rating == SKIP else rating
        changed = skill.id not in self.state.ratings or self.state.ratings[skill.id] != given
        self.state.ratings[skill.id] = given
        if changed:
            self.state.forget_checks(skill)
            self.state.checking = skill.id if given else None
        self.on_change(self.state)
        if self.state.checking == skill.id:
            self.check_skill(skill)
        return True

    def check_skill(self, skill: Skill) -> None:
        """Ask ``skill``'s knowledge checks, as many as the claim and the allowance call for.

        Each answer is kept with its confidence as soon as both are given; an item
        interrupted before its confidence is asked again on resume, in the same order.
        Items answered in the assessment a reassessment starts from are not asked again
        while their level has another (``calibration.rotated_item``).
        """
        state = self.state
        seen = state.previous.seen_checks if state.previous else frozenset()
        while True:
            asked = {
                c.id: state.checks[c.id] == c.answer for c in skill.checks if c.id in state.checks
            }
            check = next_check(skill, state.ratings.get(skill.id), asked, seen)
            if check is None or len(state.checks) >= self.allowance():
                break
            chosen, confidence = self.ask_check(skill, check)
            state.checks[check.id] = chosen
            state.confidence[check.id] = confidence
            self.on_change(state)
        state.checking = None
        self.on_change(state)

    def allowance(self) -> int:
        """Items the run may have asked by now: paced by the furthest skill answered."""
        reached = max(
            (
                self._position[skill_id]
                for skill_id in self.state.ratings
                if skill_id in self._position
            ),
            default=0,
        )
        return check_allowance(self.taxonomy, self.skills[reached], self.quiz_max)

    def ask_check(self, skill: Skill, check: Check) -> tuple[int, Confidence]:
        """One item and the confidence in the answer; the choice's index in the taxonomy.

        Whether it was right is not shown: knowing would colour the ratings still to come.
        """
        width, state = self.terminal.width, self.state
        if not self._checks_introduced:
            self._checks_introduced = True
            self.terminal.say(
                wrap(
                    "Quick check: a question on a skill you rated, then how sure you are. If "
                    "unsure, give your best guess and say so. The results are in the "
                    "report at the end.",
                    width,
                    "  ",
                ),
                "muted",
            )
        if state.seed is None:
            state.seed = new_seed()
        header = clean(f"Quick check · {skill.name} (level {check.level})")
        choices = [
            questionary.Choice(title=choice_title(clean(check.choices[i]), width, hang=0), value=i)
            for i in choice_order(check, state.seed)
        ]
        chosen = self.terminal.select(
            "\n".join([header, wrap(clean(check.question), width, "  ")]),
            choices,
            instruction="(arrows, Enter; Ctrl-C pauses)",
            erase=True,
        )
        confidence = self.terminal.select(
            "\n".join(
                [
                    header,
                    wrap(clean(f"Your answer: {check.choices[chosen]}"), width, "  "),
                    "  How sure are you?",
                ]
            ),
            [questionary.Choice(title=title, value=word) for word, title in CONFIDENCE_CHOICES],
            erase=True,
        )
        # What stays on screen of the item, as for a rating: nothing of right or wrong.
        self.terminal.say(
            wrap(f"{header}: answered, {confidence} confidence", width, "  "), "answer"
        )
        return chosen, confidence

    def show_category(self, skill: Skill) -> None:
        """A header when the questions move into a new category."""
        category = self.taxonomy.category_of(skill.id)
        if category.id == self._shown_category:
            return
        self._shown_category = category.id
        count = sum(1 for s in category.skills if s.id in self._position)
        self.terminal.say()
        self.terminal.say(clean(f"{category.name} ({plural(count, 'skill')})"), "heading")
        if category.description:
            self.terminal.say(wrap(clean(category.description), self.terminal.width), "muted")

    def is_new(self, skill: Skill) -> bool:
        """Whether ``skill`` was added to the taxonomy after the assessment we start from."""
        previous = self.state.previous
        return previous is not None and skill.id not in previous.ratings

    def rate_skill(self, index: int, *, in_review: bool = False) -> int | str:
        """A level 0-4, SKIP or BACK for the skill at ``index``."""
        skill, width, state = self.skills[index], self.terminal.width, self.state
        choices: list[Any] = [
            questionary.Choice(title=title, value=level)
            for level, title in level_choices(self.taxonomy, skill, width)
        ]
        if skill.indicators:
            count = sum(len(items) for items in skill.indicators.values())
            choices.append(
                questionary.Choice(
                    title=f"Answer with a checklist ({count} statements to tick)", value=CHECKLIST
                )
            )
        choices.append(questionary.Choice(title="Skip / not sure", value=SKIP))
        back: str | None = None
        if in_review:
            choices.append(questionary.Choice(title="Back to the review (keep it)", value=BACK))
            back = "b keeps it"
        elif index > 0:
            choices.append(questionary.Choice(title="Back to the previous question", value=BACK))
            back = "b back"
        left = f"about {whole_minutes(self.seconds_left(index))} min left"
        header = position(self.taxonomy, skill, index, len(self.skills), left=left)
        if self.is_new(skill):
            header += " · new since your last assessment"
        lines = [
            question_lines(header, width),
            wrap(clean(skill.description), width, "  "),
        ]
        if state.role is not None and self.required.get(skill.id, 0) == 0:
            lines.append(
                wrap(
                    f"Not needed for {state.role.name}: asked to compare you with other roles "
                    "(`--only-required` leaves such skills out).",
                    width,
                    "  ",
                )
            )
        lines.append("  What can you do today?")
        default: int | str | None = None
        if skill.id in state.ratings:
            answered = state.ratings[skill.id]
            default = SKIP if answered is None else answered
        elif state.previous is not None and skill.id in state.previous.ratings:
            earlier = state.previous.ratings[skill.id]
            default = SKIP if earlier is None else earlier
        keys = [f"0-{LEVELS[-1]}", "arrows, Enter", *([back] if back else []), "Ctrl-C pauses"]
        shortcuts: dict[str, Any] = dict(LEVEL_KEYS)
        if back:
            shortcuts.update(dict.fromkeys(BACK_KEYS, BACK))
        choice = self.terminal.select(
            "\n".join(lines),
            choices,
            default=default,
            instruction=f"({'; '.join(keys)})",
            erase=True,
            shortcuts=shortcuts,
        )
        if choice not in (BACK, CHECKLIST):
            # The prompt erases itself (its labels are long); leave one line per answer.
            shown = rating_text(self.taxonomy, None if choice == SKIP else choice)
            self.terminal.say(clean(f"  {skill.name}: {shown}"), "answer")
        return choice

    def review(self) -> None:
        """Let the user correct any answer, until they ask for the report."""
        skipped = sum(1 for s in self.skills if self.state.ratings.get(s.id) is None)
        self.terminal.say()
        self.terminal.say(
            f"All {plural(len(self.skills), 'question')} answered ({skipped} skipped).", "heading"
        )
        self.say_changes()
        if self.state.checks:
            self.terminal.say(
                wrap(
                    f"{plural(len(self.state.checks), 'quick check')} answered. Changing a "
                    "rating drops the answers to that skill's checks and, for a level of 1 or "
                    "more, asks them again.",
                    self.terminal.width,
                ),
                "muted",
            )
        while True:
            choice = self.terminal.select(
                "Review: choose an answer to change it, or get your report.",
                self.review_choices(),
                # Back on Done after a change: most people fix one or two answers, then
                # want the report, and the list is too long to walk back up.
                default=DONE,
                erase=True,
            )
            if choice == DONE:
                return
            if choice == EDIT_NAME:
                self.state.learner_name = self.ask_name(self.state.learner_name or "") or None
                self.on_change(self.state)
            elif choice == EDIT_ROLE:
                assert self.state.role is not None
                self.state.role = self.choose_role(default=self.state.role.id)
                self._fit_to_role()
                self.on_change(self.state)
                # With --only-required another role may require skills not asked yet.
                self.ask_remaining()
            else:
                index = next(i for i, s in enumerate(self.skills) if s.id == choice)
                self.ask_skill(index, in_review=True)

    def say_changes(self) -> None:
        """What changed since the assessment this one started from."""
        previous = self.state.previous
        if previous is None:
            return
        asked = {s.id: self.state.ratings.get(s.id) for s in self.skills}
        moved = changes_since(previous, asked)
        new = [s for s in self.skills if self.is_new(s)]
        parts = [
            f"{plural(len(moved), 'rating')} changed"
            + (
                ": "
                + ", ".join(
                    f"{self.taxonomy.skill(sid).name} {_level_word(then)}→{_level_word(now)}"
                    for sid, then, now in moved
                )
                if moved
                else ""
            )
        ]
        if new:
            parts.append(f"{plural(len(new), 'new skill')} rated")
        self.terminal.say(
            wrap(
                f"Since {previous.label} of {local_time(previous.created_at)}: "
                + "; ".join(parts)
                + ".",
                self.terminal.width,
            ),
            "note",
        )

    def review_choices(self) -> list[Any]:
        state = self.state
        assert state.role is not None
        choices: list[Any] = [
            questionary.Choice(title="Done, show my report", value=DONE),
            questionary.Choice(
                title=clean(f"Name: {state.learner_name or '(none)'}"), value=EDIT_NAME
            ),
            questionary.Choice(title=clean(f"Target role: {state.role.name}"), value=EDIT_ROLE),
        ]
        previous = state.previous
        for category in self.taxonomy.categories:
            asked = [s for s in category.skills if s.id in self._position]
            if not asked:
                continue
            choices.append(questionary.Separator(clean(f"── {category.name} ──")))
            for skill in asked:
                rating = state.ratings.get(skill.id)
                shown = rating_text(self.taxonomy, rating)
                if self.is_new(skill):
                    shown += " (new)"
                elif previous is not None and previous.ratings[skill.id] != rating:
                    shown += f" (was {_level_word(previous.ratings[skill.id])})"
                choices.append(
                    questionary.Choice(title=clean(f"{skill.name}: {shown}"), value=skill.id)
                )
        return choices


def _level_word(rating: int | None) -> str:
    return "skipped" if rating is None else str(rating)


# -- pausing and resuming --------------------------------------------------------


def assess_interactively(
    taxonomy_source: str | Path | None,
    *,
    role_id: str | None = None,
    learner_name: str | None = None,
    learner_id: str | None = None,
    resume: bool = False,
    no_color: bool = False,
    quiz_max: int = 0,
    start_from: Callable[[Taxonomy], PreviousAnswers] | None = None,
    offers: Callable[[Taxonomy], list[PreviousAnswers]] | None = None,
    only_required: bool = False,
    draw_on_tty: bool = False,
    can_pause: bool = True,
    detailed: bool = False,
) -> tuple[Taxonomy, Answers]:
    """Run the questionnaire (or continue the paused one) and return the complete answers.

    ``quiz_max`` bounds the knowledge-check items of the run (0: none are asked).
    ``detailed`` answers every skill with indicators by ticking them.
    ``start_from`` gives the earlier assessment a reassessment starts from (`--from`);
    otherwise a new run offers the ones ``offers`` finds. ``only_required`` asks only the
    skills the role requires. ``draw_on_tty`` draws the prompts on the controlling terminal
    (stdout is a pipe, as in `mlcareer assess | tee report.txt`); keys still come from stdin.

    Raises ``Paused`` after keeping the answers when the user presses Ctrl-C or ends the
    input, and ``MlcareerError`` when there is nothing to resume or it no longer fits.
    """
    with contextlib.ExitStack() as stack:
        if draw_on_tty:
            stack.enter_context(_session_on_tty())
        return _assess(
            taxonomy_source,
            role_id=role_id,
            learner_name=learner_name,
            learner_id=learner_id,
            resume=resume,
            no_color=no_color,
            quiz_max=quiz_max,
            start_from=start_from,
            offers=offers,
            only_required=only_required,
            can_pause=can_pause,
            detailed=detailed,
        )


@contextlib.contextmanager
def _session_on_tty() -> Iterator[None]:
    """A prompt session that draws on /dev/tty instead of stdout."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.output import create_output

    with open("/dev/tty", "w", encoding="utf-8") as tty:  # noqa: SIM117 - tty must outlive it
        with create_app_session(output=create_output(stdout=tty)):
            yield


def _assess(
    taxonomy_source: str | Path | None,
    *,
    role_id: str | None,
    learner_name: str | None,
    learner_id: str | None,
    resume: bool,
    no_color: bool,
    quiz_max: int,
    start_from: Callable[[Taxonomy], PreviousAnswers] | None,
    offers: Callable[[Taxonomy], list[PreviousAnswers]] | None,
    only_required: bool,
    can_pause: bool,
    detailed: bool,
) -> tuple[Taxonomy, Answers]:
    terminal = Terminal(no_color)
    note: str | None = None
    resumed = False
    if resume:
        saved = load_progress()
        if saved is None:
            raise MlcareerError(
                f"nothing to resume: no paused assessment in {progress_path().parent}; "
                "`mlcareer assess` starts one"
            )
        taxonomy = taxonomy_for_resume(saved, taxonomy_source)
        state, note = resumed_state(saved, taxonomy, role_id)
        state.only_required = state.only_required or only_required
        resumed = True
    else:
        taxonomy = load_taxonomy(taxonomy_source)
        role = None if role_id is None else role_from_option(taxonomy, role_id)
        # Read before any question, so a wrong --from fails before anyone answers.
        previous = start_from(taxonomy) if start_from is not None else None
        state = RunState(role=role, only_required=only_required, previous=previous)
        saved = _earlier_progress(terminal) if can_pause else None
        if saved is not None and saved.taxonomy.id == taxonomy.id and previous is None:
            try:
                wanted = _continue_earlier(terminal, saved, taxonomy)
            except (KeyboardInterrupt, EOFError) as stop:  # the paused run stays as it was
                total = sum(1 for _ in taxonomy.skills())
                end = isinstance(stop, EOFError)
                raise Paused(progress_path(), len(saved.ratings), total, end) from None
            if wanted:
                state, note = resumed_state(saved, taxonomy, role_id)
                state.only_required = state.only_required or only_required
                resumed = True
        elif saved is not None:
            terminal.say(
                wrap(
                    clean(
                        f"An assessment paused with taxonomy `{saved.taxonomy.id}` is saved; "
                        "this new one replaces it once you choose a role (`mlcareer assess "
                        "--resume` continues the old one instead)."
                    ),
                    terminal.width,
                ),
                "note",
            )
        if not resumed and previous is None and offers is not None:
            try:
                state.previous = _offer_earlier(terminal, offers(taxonomy))
            except (KeyboardInterrupt, EOFError) as stop:
                total = sum(1 for _ in taxonomy.skills())
                raise Paused(None, 0, total, isinstance(stop, EOFError)) from None
    if learner_name is not None:
        state.learner_name = learner_name
    if learner_id is not None:
        state.learner_id = learner_id

    def keep(current: RunState) -> Path | None:
        if current.role is None or not can_pause:
            return None  # nothing worth resuming before a role is chosen
        return save_progress(
            progress_of(
                taxonomy,
                current.role.id,
                current.ratings,
                current.learner_name,
                current.learner_id,
                checks=current.checks,
                confidence=current.confidence,
                seed=current.seed,
                checking=current.checking,
                previous=_previous_ref(current.previous),
                only_required=current.only_required,
            )
        )

    if not can_pause:
        terminal.say(
            wrap(
                "Pausing is off: the application folder cannot be written, so Ctrl-C ends "
                "this run without keeping the answers.",
                terminal.width,
            ),
            "note",
        )
    questionnaire = Questionnaire(
        taxonomy, state, terminal, on_change=keep, quiz_max=quiz_max, detailed=detailed
    )
    try:
        with _termination_pauses():
            if resumed:
                questionnaire.welcome_back(note)
            answers = questionnaire.run(greet=not resumed, ask_name=learner_name is None)
    except (KeyboardInterrupt, EOFError) as stop:
        path = keep(state)
        answered = sum(1 for s in taxonomy.skills() if s.id in state.ratings)
        total = sum(1 for _ in taxonomy.skills())
        raise Paused(path, answered, total, isinstance(stop, EOFError)) from None
    return taxonomy, answers


def _offer_earlier(terminal: Terminal, found: list[PreviousAnswers]) -> PreviousAnswers | None:
    """Offer to start from an earlier assessment of this taxonomy (the newest of each
    learner); None to start from scratch."""
    if not found:
        return None
    choices = [
        questionary.Choice(
            title=f"Start from {p.label} of {local_time(p.created_at)}"
            + (f" ({_whose(p)})" if p.learner_name or p.learner_id else ""),
            value=i,
        )
        for i, p in enumerate(found)
    ]
    choices.append(questionary.Choice(title="Start from scratch", value=FRESH))
    chosen = terminal.select(
        question_lines(
            "You have assessed yourself with this taxonomy before. Every question can start "
            "on your earlier answer, so an unchanged skill takes one Enter.",
            terminal.width,
        ),
        choices,
    )
    return None if chosen == FRESH else found[chosen]


def _whose(previous: PreviousAnswers) -> str:
    return previous.learner_name or previous.learner_id or "no name"


def _previous_ref(previous: PreviousAnswers | None) -> PreviousRef | None:
    if previous is None:
        return None
    return PreviousRef(
        label=previous.label,
        created_at=previous.created_at,
        ratings=dict(previous.ratings),
        seen_checks=sorted(previous.seen_checks),
        indicators=previous.indicators,
    )


def _previous_from_ref(
    ref: PreviousRef | None, taxonomy: Taxonomy, learner: tuple[str | None, str | None]
) -> PreviousAnswers | None:
    """The earlier assessment a paused reassessment started from, on today's taxonomy."""
    if ref is None:
        return None
    ratings: dict[str, int | None] = {}
    for skill_id, rating in ref.ratings.items():
        if taxonomy.has_skill(skill_id):
            ratings.setdefault(taxonomy.current_id(skill_id), rating)
    # The paused file is anyone's to edit: only positions the skill's statements have.
    indicators: dict[str, dict[int, list[int]]] = {}
    for skill_id, levels in ref.indicators.items():
        if taxonomy.has_skill(skill_id):
            skill = taxonomy.skill(skill_id)
            indicators[skill.id] = {
                level: [p for p in positions if 1 <= p <= len(skill.indicators.get(level, []))]
                for level, positions in levels.items()
            }
    return PreviousAnswers(
        label=ref.label,
        created_at=ref.created_at,
        ratings=ratings,
        seen_checks=frozenset(ref.seen_checks),
        indicators=indicators,
        learner_id=learner[0],
        learner_name=learner[1],
    )


@contextlib.contextmanager
def _termination_pauses() -> Iterator[None]:
    """SIGTERM (kill, a shutdown) and SIGHUP (the terminal closed) pause the run as Ctrl-C
    does: the prompt on screen ends through prompt_toolkit, which restores the cursor and the
    terminal modes, and the answers so far are kept for --resume."""

    def pause(signum: int, frame: Any) -> None:
        app = get_app_or_none()
        future = getattr(app, "future", None)
        loop = getattr(app, "loop", None)
        if app is not None and future is not None and not future.done() and loop is not None:
            # As the Ctrl-C key binding does; from the loop, so the prompt is torn down there.
            def end_prompt() -> None:
                if not future.done():
                    app.exit(exception=KeyboardInterrupt, style="class:aborting")

            loop.call_soon_threadsafe(end_prompt)
            return
        raise KeyboardInterrupt  # between prompts: the same pause

    wanted = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {number: signal.signal(number, pause) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _earlier_progress(terminal: Terminal) -> PausedRun | None:
    """A paused assessment to offer; an unreadable one is mentioned and left to be replaced."""
    try:
        return load_progress()
    except MlcareerError as exc:
        reason = " ".join(clean(line) for line in exc.render().splitlines())
        terminal.say(wrap(f"Ignoring the saved progress: {reason}", terminal.width), "note")
        return None


def _continue_earlier(terminal: Terminal, saved: PausedRun, taxonomy: Taxonomy) -> bool:
    answered = len(saved.ratings)
    total = sum(1 for _ in taxonomy.skills())
    role = taxonomy.role(saved.role)
    aim = f" for {role.name}" if role else ""
    when = local_time(saved.saved_at)
    choice = terminal.select(
        question_lines(
            clean(f"You paused an assessment{aim} on {when} ({answered} of {total} answered)."),
            terminal.width,
        ),
        [
            questionary.Choice(title="Continue where I stopped", value=CONTINUE),
            questionary.Choice(
                title="Start a new one (the paused one is discarded)", value=START_OVER
            ),
        ],
    )
    return choice == CONTINUE


def taxonomy_for_resume(saved: PausedRun, explicit: str | Path | None) -> Taxonomy:
    """The taxonomy the paused run used, or ``explicit`` if it is the same taxonomy."""
    if explicit is not None:
        taxonomy = load_taxonomy(explicit)
        if taxonomy.id != saved.taxonomy.id:
            raise MlcareerError(
                f"the paused assessment used taxonomy `{saved.taxonomy.id}` "
                f"({saved.taxonomy.path}), not `{taxonomy.id}`: resume without --taxonomy, or "
                "run `mlcareer assess` without --resume to start over"
            )
        return taxonomy
    if not saved.taxonomy.path or not Path(saved.taxonomy.path).is_file():
        raise MlcareerError(
            Problem(
                "the paused assessment used this taxonomy, which is no longer there: pass "
                "--taxonomy FILE to continue with a copy, or run `mlcareer assess` without "
                "--resume to start over",
                saved.taxonomy.path or None,
            )
        )
    return load_taxonomy(saved.taxonomy.path)


def resumed_state(
    saved: PausedRun, taxonomy: Taxonomy, role_id: str | None
) -> tuple[RunState, str | None]:
    """The state to continue from, and a sentence on what changed in the taxonomy, if any."""
    roles = ", ".join(r.id for r in taxonomy.roles)
    role = taxonomy.role(saved.role) if role_id is None else role_from_option(taxonomy, role_id)
    if role is None:
        raise MlcareerError(
            f"the paused assessment aims at role `{saved.role}`, which the taxonomy "
            f"{taxonomy.source} no longer has: pass --role with one of {roles} to continue"
        )
    carried = resumed_ratings(saved, taxonomy)
    checked = resumed_checks(saved, taxonomy, carried.ratings)
    state = RunState(
        role=role,
        learner_name=saved.learner.name,
        learner_id=saved.learner.id,
        ratings=carried.ratings,
        checks=checked.checks,
        confidence=checked.confidence,
        seed=saved.seed,  # the same shuffles as before the pause
        checking=checked.checking,
        previous=_previous_from_ref(
            saved.previous, taxonomy, (saved.learner.id, saved.learner.name)
        ),
        only_required=saved.only_required,
    )
    return state, carried.explanation(saved, taxonomy)


# -- answering a skill with its checklist of indicators -------------------------------


def checklist_pages(
    statements: list[str], width: int, rows: int, reserved: int
) -> list[list[tuple[int, str]]]:
    """The statements as pages that fit the screen: (position from 1, wrapped title) each.

    ``reserved`` rows go to the question and its instruction; a page holds as many wrapped
    statements as the rest of the screen does, and at least one."""
    room = max(1, rows - reserved)
    pages: list[list[tuple[int, str]]] = [[]]
    used = 0
    for position, text in enumerate(statements, start=1):
        title = choice_title(text, width, hang=2)  # the tick mark and a space go first
        height = title.count("\n") + 1
        if pages[-1] and used + height > room:
            pages.append([])
            used = 0
        pages[-1].append((position, title))
        used += height
    return pages


def rate_by_checklist(flow: Questionnaire, skill: Skill, index: int) -> int | str:
    """Ask ``skill``'s indicators level by level (paged to fit the screen), show the level
    the ticks point to, and let the learner keep it or choose another (or skip)."""
    from mlcareer.checklist import inferred_level, level_counts, normal_ticks

    terminal, tax = flow.terminal, flow.taxonomy
    # The ticks to start from, and the rating the learner kept for them: this run's when the
    # skill was answered already (going back), else the assessment it starts from.
    earlier = flow.state.indicators.get(skill.id)
    kept = flow.state.ratings.get(skill.id) if earlier is not None else None
    previous = flow.state.previous
    if earlier is None and previous is not None and skill.id in previous.indicators:
        earlier = previous.indicators[skill.id]
        kept = previous.ratings.get(skill.id)
    earlier = earlier or {}
    ticked: dict[int, list[int]] = {}
    head = position(tax, skill, index, len(flow.skills))
    for level, statements in sorted(skill.indicators.items()):
        pages = checklist_pages(statements, terminal.width, terminal.rows, reserved=5)
        for number, page in enumerate(pages, start=1):
            paged = f", part {number} of {len(pages)}" if len(pages) > 1 else ""
            message = f"{head}\n  Level {level} {tax.level_name(level)}{paged}: what can you do?"
            chosen = terminal.checkbox(
                message,
                [
                    questionary.Choice(
                        title=title, value=pos, checked=pos in earlier.get(level, [])
                    )
                    for pos, title in page
                ],
                instruction="(Space ticks, Enter goes on)",
            )
            ticked.setdefault(level, []).extend(chosen)
    ticked = normal_ticks(ticked)
    inferred = inferred_level(skill, ticked)
    counts = ", ".join(
        f"level {level} {done}/{total}"
        for level, (done, total) in level_counts(skill, ticked).items()
    )
    terminal.say(
        wrap(
            f"  Ticked {counts}: your ticks point to {rating_text(tax, inferred)} (a level counts "
            "when two-thirds of its statements and of every level below are ticked).",
            terminal.width,
            "  ",
        ),
        "muted",
    )
    choices: list[Any] = [
        questionary.Choice(title=title, value=level)
        for level, title in level_choices(tax, skill, terminal.width)
    ]
    choices.append(questionary.Choice(title="Skip / not sure", value=SKIP))
    # Ticks unchanged: Enter keeps the level chosen for them then, as for any other
    # question of a reassessment, even where it differs from the level they point to.
    default = kept if kept is not None and ticked == earlier else inferred
    then = " (your answer then)" if default != inferred else ""
    choice = terminal.select(
        f"{head}\n  Keep level {default}{then}, or choose another:",
        choices,
        default=default,
        instruction="(arrows, Enter; Ctrl-C pauses)",
        erase=True,
    )
    flow.state.indicators[skill.id] = ticked
    shown = rating_text(tax, None if choice == SKIP else choice)
    terminal.say(f"  {skill.name}: {shown} (checklist)", "answer")
    return choice
