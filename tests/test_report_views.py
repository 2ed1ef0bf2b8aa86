"""The report as people read it: the summary first and a recap last, legends, the knowledge
checks in plain words, URLs whole and linked, a pager on a terminal, and HTML files."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mlcareer.cli import app
from mlcareer.report import Report, ResourceOut
from mlcareer.taxonomy import load_taxonomy

from .conftest import ROOT, TINY

runner = CliRunner()
JUNIOR = str(ROOT / "examples" / "answers-junior.yaml")
OSC8 = re.compile(r"\x1b\]8;[^;]*;([^\x1b\x07]*)(?:\x1b\\|\x07)")


def run(*args: str, **env: str):
    return runner.invoke(app, list(args), env=env or None)


def default_taxonomy():
    return load_taxonomy(None)


def wrapped(lines: list[str]) -> str:
    """Lines of one wrapped paragraph, read back as the text they hold."""
    return " ".join(line.strip() for line in lines)


# -- the summary first -------------------------------------------------------------------------


def junior_plan_hours() -> float:
    """The hours of every learning step from each required skill's level (a skipped one
    counts as 0) up to its required level, read from the taxonomy and the answers file."""
    tax = default_taxonomy()
    ratings = yaml.safe_load(Path(JUNIOR).read_text(encoding="utf-8"))["ratings"]
    required = tax.required_levels(tax.role("junior-ml-engineer"))
    return sum(
        step.hours
        for sid, need in required.items()
        for step in tax.skill(sid).learning
        if (ratings.get(sid) or 0) < step.to_level <= need
    )


def test_the_terminal_report_starts_with_the_summary_at_80_columns():
    result = run("assess", "--answers", JUNIOR, "--no-save", COLUMNS="80")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 or line.strip().startswith("https://") for line in lines)
    # Readiness, worked out by hand from examples/answers-junior.yaml and the role
    # junior-ml-engineer (importance = category weight x skill weight; met / needed, each
    # skill counted up to its required level):
    #   programming  python 1.5x2 of 1.5x3, numpy-pandas 3/3, sql 1/2, git 2/2, testing 1/2,
    #                software-design 1/2, linux-shell 0.8/1.6                 11.8  of 17.1
    #   maths        linear-algebra 2/2, calculus 1/1, probability 2/2, statistics 1.5/3
    #                                                                          6.5  of  8
    #   data (1.2)   collection 1.2/1.2, cleaning 3.6/3.6, eda 2.4/2.4, features 1.2/2.4,
    #                validation 0/3.6, pipelines 0/1.2                          8.4  of 14.4
    #   modelling (1.5) framing 2.25/4.5, classical 4.5/4.5, selection 1.5/3,
    #                tuning 2.25/4.5, evaluation 2.25/4.5                      12.75 of 21
    #   deep learning (1.2) fundamentals 1.8/3.6, pytorch 1.8/3.6, vision 1.2/1.2,
    #                nlp 0/1.2, llm-apps 1.2/2.4, retrieval-rag 0/0.96          6    of 12.96
    #   mlops (1.2)  tracking 0/2.4, containers 0/2.4, deployment 0/3.6, pipelines 0/1.2,
    #                monitoring 0/1.2                                           0    of 10.8
    #   responsible AI (0.8) fairness 1.2/1.2, explainability 0/0.8, privacy skipped 0/0.8,
    #                ai-security 0/0.64                                         1.2  of  3.44
    #   professional (0.8) solving 2.4/2.4, communication 2.4/2.4, collaboration 0.8/1.6,
    #                learning 0.8/0.8                                           6.4  of  7.2
    #   53.05 of 94.9 = 55.90 %, rounded down to 55.9 %; the bar is 55.9 % of 30 cells = 17.
    # Counts as in tests/test_report.py: 14 met + 26 with a gap + 1 not assessed = 41.
    assert junior_plan_hours() == 593
    assert lines[:6] == [
        "",
        "mlcareer · Sam Rivera · Junior ML Engineer (junior)",
        "Readiness  " + "█" * 17 + "░" * 13 + "  55.9%",
        "14 of 41 required skills met · 26 with a gap · 1 not assessed · plan 593 h",
        "Readiness is rounded down: 100% means every required level is met.",
        "",
    ]
    # Start here: data-validation has the highest priority, 100 x 1.8 x 2 levels / (19 h /
    # 2 levels) = 37.89, and its prerequisite (data cleaning 1) is met, so its first step
    # (0->1, 4 h) opens the plan.
    step = next(s for s in default_taxonomy().skill("data-validation").learning if s.to_level == 1)
    assert lines[6] == f"Start here: Data quality and validation 0→1 · {step.hours:g} h"
    resource = step.resources[0]
    at = lines.index(f"  {resource.kind}: {resource.title}")
    assert wrapped(lines[7:at]) == step.step
    assert lines[at + 1 : at + 3] == [f"  {resource.url}", ""]
    # You already meet: the 14 skills met, by importance, then the higher required level,
    # then id: classical-ml 1.5x1.5 = 2.25; data-cleaning 1.8; numpy-pandas 1.5; at 1.2
    # communication, eda, problem-solving (required 2), computer-vision, data-collection,
    # fairness (required 1); at 1.0 git, linear-algebra, probability (required 2),
    # calculus-optimisation (required 1); continuous-learning 0.8 x 1.0 = 0.8.
    ids = [
        "classical-ml", "data-cleaning", "numpy-pandas", "communication", "eda",
        "problem-solving", "computer-vision", "data-collection", "fairness", "git",
        "linear-algebra", "probability", "calculus-optimisation", "continuous-learning",
    ]  # fmt: skip
    names = [default_taxonomy().skill(i).name for i in ids]
    end = lines.index("Categories") - 1
    assert lines[end] == ""
    assert wrapped(lines[at + 3 : end]) == f"You already meet (14 of 41): {', '.join(names)}"


def test_the_report_ends_with_a_recap_that_points_to_plan():
    result = run("assess", "--answers", JUNIOR, COLUMNS="100")
    assert result.exit_code == 0, result.output
    # Saved as #1, so `plan 1` finds it again, also after later assessments.
    assert result.stdout.splitlines()[-5:] == [
        "",
        "In short",
        "  Readiness 55.9% for Junior ML Engineer: 26 skills with a gap, 1 not assessed, 593 h "
        "of study.",
        "  Start with Data quality and validation 0→1 (4 h).",
        "  Lay the plan into weeks of 6 h: mlcareer plan 1 -H 6",
    ]
    # The command works, and `show` points to the same one.
    assert run("plan", "1", "-H", "6").exit_code == 0
    assert run("show", "latest").stdout.splitlines()[-1].endswith("mlcareer plan 1 -H 6")
    # Not saved: no command could find this report again, so none is suggested...
    unsaved = run("assess", "--answers", JUNIOR, "--no-save").stdout
    assert unsaved.splitlines()[-1] == "  Start with Data quality and validation 0→1 (4 h)."
    markdown = run("assess", "--answers", JUNIOR, "-f", "markdown").stdout
    assert markdown.splitlines()[-5:] == [
        "## In short",
        "",
        "- Readiness 55.9% for Junior ML Engineer: 26 skills with a gap, 1 not assessed, 593 h "
        "of study.",
        "- Start with **Data quality and validation** 0→1 (4 h).",
        "- Lay the plan into weeks of 6 h: `mlcareer plan 2 -H 6`",
    ]


def test_the_recap_names_a_json_file_that_plan_can_read(tmp_path):
    from mlcareer.cli.output import schedule_command

    target = tmp_path / "my report.json"
    assert schedule_command(str(target)) == f"mlcareer plan '{target}' -H 6"
    assert schedule_command("-") is None
    assert schedule_command(None) is None


def test_legends_under_the_tables():
    lines = run("assess", "--answers", JUNIOR, "--no-save", COLUMNS="120").stdout.splitlines()

    def legend_after(heading: str, first_word: str) -> str:
        """The legend: from the line after the table's last row up to the blank line."""
        start = next(
            i for i in range(lines.index(heading), len(lines)) if lines[i].startswith(first_word)
        )
        return wrapped(lines[start : lines.index("", start)])

    assert legend_after("Categories", "Score:") == (
        "Score: share of the required levels you reach in the category, rounded down."
    )
    assert legend_after("Gaps by priority", "Priority:") == (
        "Priority: the gain per hour of study (importance × levels to go ÷ hours per level), "
        "highest first. skip: not assessed, counted as level 0."
    )
    assert legend_after("Fit to every role", "◀") == (
        "◀ this report's role. Readiness rounded down: 100% means every level is met."
    )
    markdown = run("assess", "--answers", JUNIOR, "--no-save", "-f", "markdown").stdout
    assert "\n*Priority: the gain per hour of study" in markdown
    assert "\n*Readiness is rounded down: 100% means every required level is met.*\n" in markdown


def test_at_100_percent_the_summary_names_the_next_role(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\nratings: {python: 2, sql: 1, stats: 1, ml: 2}\n")
    lines = run(
        "assess", "-t", str(TINY), "-a", str(answers), "--no-save", COLUMNS="120"
    ).stdout.splitlines()
    # Analyst needs sql 3 and stats 3 (importance 1 each): (1 + 1) / 6 = 33.3 %, 2 skills
    # with a gap, steps sql 2, 3 and stats 2, 3: 10 + 30 + 20 + 60 = 120 h.
    assert lines[4:10] == [
        "Readiness is rounded down: 100% means every required level is met.",
        "",
        "Every required level is met: well done.",
        "Next role to aim for: Analyst (analyst) · 33.3% ready · 2 skills with a gap · 120 h "
        "of study",
        "",
        # importance python 2, then sql 1 (required 1), stats 1, ml 1 (required 2 first)
        "You already meet (4 of 4): Python, Machine learning, SQL, Statistics",
    ]
    assert lines[-3:] == [
        "In short",
        "  Readiness 100.0% for Junior: every required level is met.",
        "  Next role to aim for: Analyst (33.3% ready).",
    ]
    markdown = run("assess", "-t", str(TINY), "-a", str(answers), "--no-save", "-f", "markdown")
    text = markdown.stdout
    assert (
        "**Every required level is met: well done.**\n\n**Next role to aim for:** Analyst "
        "(analyst) · 33.3% ready · 2 skills with a gap · 120 h of study\n\n**You already meet** "
        "(4 of 4): Python, Machine learning, SQL, Statistics.\n"
    ) in text
    assert "\nNo gaps: every required level is met.\n" in text
    assert "\nNothing to learn for this role: every required level is met.\n" in text
    assert text.endswith(
        "## In short\n\n- Readiness 100.0% for Junior: every required level is met.\n"
        "- Next role to aim for: **Analyst** (33.3% ready).\n"
    )


# -- links ------------------------------------------------------------------------------------


def plan_urls(report_json: str) -> list[str]:
    report = json.loads(report_json)
    return [r["url"] for step in report["plan"]["steps"] for r in step["resources"]]


@pytest.mark.parametrize("columns", ["60", "80"])
def test_every_url_is_printed_whole_on_one_line(columns):
    urls = plan_urls(run("assess", "--answers", JUNIOR, "--no-save", "-f", "json").stdout)
    assert len(urls) > 40
    lines = run("assess", "--answers", JUNIOR, "--no-save", COLUMNS=columns).stdout.splitlines()
    for url in urls:
        assert any(line.strip() == url for line in lines), url
    # Some of them are wider than the screen: the terminal wraps those, rich does not fold.
    assert any(len(url) > int(columns) for url in urls)


def hostile_report(tmp_path: Path) -> Path:
    answers = tmp_path / "a.yaml"
    answers.write_text("role: junior\nratings: {python: 0, sql: 0, stats: 1, ml: 2}\n")
    report = json.loads(
        run("assess", "-t", str(TINY), "-a", str(answers), "--no-save", "-f", "json").stdout
    )
    (step,) = [s for s in report["plan"]["steps"] if s["skill"] == "python" and s["resources"]]
    step["resources"] = [
        {"title": "Tutorial", "url": "https://docs.python.org/3/tutorial/", "kind": "docs"},
        {"title": "Spoof", "url": "https://good.example@evil.example/", "kind": "docs"},
        {"title": "Script", "url": "javascript:alert(1)", "kind": "docs"},
        {"title": "[red]Bold[/red]", "url": "https://evil.example/\x1b]8;;x\x1b\\", "kind": "x"},
    ]
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report))
    return path


def test_osc8_links_only_for_clean_https_urls(tmp_path):
    path = hostile_report(tmp_path)
    shown = run("show", str(path), FORCE_COLOR="1")
    assert shown.exit_code == 0, shown.output
    targets = set(OSC8.findall(shown.stdout)) - {""}
    assert targets == {"https://docs.python.org/3/tutorial/"}
    plain = run("show", str(path)).stdout
    assert "\x1b" not in plain  # not a terminal: no escape at all
    lines = plain.splitlines()
    # Refused links are shown as text, whole, and cleaned: the escape is made visible, and
    # the title's brackets are text, not rich markup.
    for url in ("https://good.example@evil.example/", "javascript:alert(1)"):
        assert f"     {url}" in lines
    assert "     https://evil.example/\\x1b]8;;x\\x1b\\" in lines
    assert "     x: [red]Bold[/red]" in lines


def test_paid_resources_and_on_the_job_steps_are_marked():
    report = Report.model_validate_json(
        run("assess", "--answers", JUNIOR, "--no-save", "-f", "json").stdout
    )
    first = report.plan.steps[0]
    paid = ResourceOut(title="A course", url="https://example.com/c", kind="course", paid=True)
    step = first.model_copy(update={"experience": True, "resources": [paid]})
    plan = report.plan.model_copy(update={"steps": [step, *report.plan.steps[1:]]})
    lines = draw(report.model_copy(update={"plan": plan})).splitlines()
    assert "  course: A course (paid)" in lines
    assert "  1. Data quality and validation 0→1 · 4 h (on the job)" in lines


def draw(report: Report, width: int = 80, **options) -> str:
    from rich.console import Console

    from mlcareer.render.terminal import render_terminal

    out = io.StringIO()
    render_terminal(report, Console(file=out, width=width, no_color=True), **options)
    return out.getvalue()


# -- knowledge checks in plain words ------------------------------------------------------------


def checked_answers(tmp_path: Path, items: int, missed: tuple[int, ...]) -> Path:
    """The junior example plus ``items`` knowledge checks at each rated skill's level (up to
    3), the ``missed`` ones answered with the next choice, confidence low/medium/high in
    turn."""
    tax = default_taxonomy()
    doc = yaml.safe_load(Path(JUNIOR).read_text(encoding="utf-8"))
    ratings = doc["ratings"]
    chosen = [
        check
        for skill, check in tax.checks()
        if ratings.get(skill.id) and check.level == min(ratings[skill.id], 3)
    ][:items]
    assert len(chosen) == items
    doc["checks"] = {
        c.id: (c.answer + 1) % len(c.choices) if i in missed else c.answer
        for i, c in enumerate(chosen)
    }
    doc["confidence"] = {c.id: ("low", "medium", "high")[i % 3] for i, c in enumerate(chosen)}
    path = tmp_path / "checked.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def section(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(heading) + 1
    return lines[start : lines.index("Categories") - 1]


def test_statistics_only_with_details(tmp_path):
    answers = str(checked_answers(tmp_path, 12, missed=(0, 1)))
    plain = run("assess", "-a", answers, "--no-save", COLUMNS="200").stdout
    assert plain.splitlines()[4] == "You were right on 10 of 12 knowledge checks."
    checks = section(plain, "Knowledge checks")
    # Mean confidence (0.375 + 0.625 + 0.875) x 4 / 12 = 0.625 against 10/12 = 0.833 right:
    # 21 points less sure than the answers bore out, more than the 5-point tolerance. Of the
    # 30 skills rated 1 or more, 12 were checked (10 supported, 2 contradicted): 18 were not.
    ratings = checks.index("Your ratings: 10 supported by a check, 2 contradicted, 18 not checked.")
    assert wrapped(checks[:ratings]) == (
        "You were right on 10 of 12 knowledge checks. You were less sure than you needed to "
        "be: you know more than you think."
    )
    assert "Brier" not in plain and "Statistics:" not in plain
    detailed = run("assess", "-a", answers, "--no-save", "--details", COLUMNS="200").stdout
    # Brier = mean (confidence - right)^2: lows 0.140625 (missed) + 3 x 0.390625, mediums
    # 0.390625 (missed) + 3 x 0.140625, highs 4 x 0.015625: 2.1875 / 12 = 0.18.
    # Mean confidence 62.5 % shows as 62 % (round half to even).
    checks = section(detailed, "Knowledge checks")
    start = checks.index("Your ratings: 10 supported by a check, 2 contradicted, 18 not checked.")
    assert wrapped(checks[start + 1 : checks.index("", start)]) == (
        "Statistics: accuracy 83% · mean confidence 62% · underconfident by 21 points · "
        "Brier score 0.18 (0 is perfect, 0.25 is guessing)."
    )
    # --details on show, and in Markdown.
    run("assess", "-a", answers)
    assert "Statistics: accuracy 83%" in run("show", "--details", COLUMNS="200").stdout
    markdown = run("show", "--details", "-f", "markdown").stdout
    assert "\nStatistics: accuracy 83% · mean confidence 62% · underconfident" in markdown
    assert "Statistics:" not in run("show", "-f", "markdown").stdout


def test_below_five_checks_no_statistics_even_with_details(tmp_path):
    answers = tmp_path / "a.yaml"
    # python rated 2: python-2 answered right (choice 1), python-1 answered right as well.
    answers.write_text(
        "role: junior\nratings: {python: 2, sql: 1, stats: 1, ml: 2}\n"
        "checks: {python-1: 1, python-2: 1}\nconfidence: {python-1: high, python-2: low}\n"
    )
    plain = run("assess", "-t", str(TINY), "-a", str(answers), "--no-save").stdout
    assert section(plain, "Knowledge checks") == [
        "2 checks answered: Python right, Python right.",
        "Your ratings: 1 supported by a check, 0 contradicted, 3 not checked.",
    ]
    detailed = run("assess", "-t", str(TINY), "-a", str(answers), "--no-save", "--details")
    assert section(detailed.stdout, "Knowledge checks")[2] == "Statistics need at least 5 checks."
    assert "Brier" not in detailed.stdout and "confiden" not in detailed.stdout


def test_a_missed_check_shows_the_answer_the_right_one_and_why(tmp_path):
    answers = tmp_path / "a.yaml"
    # python rated 2; python-1 right, python-2 answered "typing" (choice 0; the right one
    # is 1, "materialising all items"): the rating is contradicted, level max(2 - 1, 1) = 1.
    answers.write_text(
        "role: junior\nratings: {python: 2, sql: 1, stats: 1, ml: 2}\n"
        "checks: {python-1: 1, python-2: 0}\n"
    )
    text = run("assess", "-t", str(TINY), "-a", str(answers), "--no-save").stdout
    assert section(text, "Knowledge checks")[2:] == [
        "",
        "  Python: you rated yourself 2; the checks point to 1, so this report uses 1 for",
        "  now.",
        "    Missed (level 2): What does a generator avoid?",
        "      You answered: typing",
        "      Right answer: materialising all items",
        "      Why: Items are produced lazily.",
    ]
    markdown = run("assess", "-t", str(TINY), "-a", str(answers), "--no-save", "-f", "markdown")
    assert (
        "  - **Missed (level 2):** What does a generator avoid?  \n"
        "    You answered: typing  \n"
        "    Right answer: materialising all items  \n"
        "    Why: Items are produced lazily.\n"
    ) in markdown.stdout
    # A report from before the answers were kept shows the question and why only.
    report = json.loads(
        run("assess", "-t", str(TINY), "-a", str(answers), "--no-save", "-f", "json").stdout
    )
    for check in report["calibration"]["answers"]:
        del check["chosen"], check["right"]
    lines = draw(Report.model_validate(report)).splitlines()
    at = lines.index("    Missed (level 2): What does a generator avoid?")
    assert lines[at + 1] == "      Why: Items are produced lazily."


# -- the pager ------------------------------------------------------------------------------


def mlcareer() -> list[str]:
    script = Path(sys.executable).with_name("mlcareer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mlcareer"]


def in_terminal(args: list[str], env: dict[str, str], rows: int = 24) -> str:
    """Run mlcareer in a pseudo-terminal of ``rows`` x 80; what it drew there."""
    pexpect = pytest.importorskip("pexpect")
    full = {**os.environ, "TERM": "xterm", "COLUMNS": "80", "LINES": str(rows), **env}
    for name, value in env.items():
        if value is None:
            full.pop(name, None)
    program, *rest = mlcareer()
    child = pexpect.spawn(
        program, [*rest, *args], env=full, encoding="utf-8", dimensions=(rows, 80), timeout=20
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def test_a_long_report_goes_through_the_pager_on_a_terminal(tmp_path):
    paged = tmp_path / "paged.txt"
    drawn = in_terminal(
        ["assess", "--answers", JUNIOR, "--no-save"], {"MLCAREER_PAGER": f"cat > '{paged}'"}
    )
    text = paged.read_text(encoding="utf-8")
    # Colours are kept for the pager (less -R shows them).
    assert "\x1b[" in text
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "Fit to every role" in plain and plain.rstrip().endswith("0→1 (4 h).")
    assert "Fit to every role" not in drawn  # all of it went to the pager


def test_pager_choice_and_defaults(tmp_path):
    paged = tmp_path / "paged.txt"
    args = ["assess", "--answers", JUNIOR, "--no-save"]
    # PAGER when MLCAREER_PAGER is not set; LESS=FRX is set for it, as git does.
    in_terminal(args, {"MLCAREER_PAGER": None, "LESS": None, "PAGER": f"echo $LESS > '{paged}'"})
    assert paged.read_text() == "FRX\n"
    # MLCAREER_PAGER wins over PAGER, and a LESS of the user's own is kept.
    in_terminal(
        args, {"MLCAREER_PAGER": f"echo mine $LESS > '{paged}'", "PAGER": "false", "LESS": "R"}
    )
    assert paged.read_text() == "mine R\n"


def test_no_pager_when_it_fits_is_switched_off_or_missing(tmp_path):
    paged = tmp_path / "paged.txt"
    args = ["assess", "--answers", JUNIOR, "--no-save"]
    pager = {"MLCAREER_PAGER": f"cat > '{paged}'"}
    # A screen tall enough for the whole report.
    assert "Fit to every role" in in_terminal(args, pager, rows=400)
    # --no-pager, and a pager set to cat or to nothing.
    assert "Fit to every role" in in_terminal(["--no-pager", *args], pager)
    assert "Fit to every role" in in_terminal(args, {"MLCAREER_PAGER": "cat"})
    assert "Fit to every role" in in_terminal(args, {"MLCAREER_PAGER": ""})
    assert not paged.exists()
    # A pager that cannot be found: the report is printed instead.
    assert "Fit to every role" in in_terminal(args, {"MLCAREER_PAGER": "no-such-pager-x1"})


def test_no_pager_when_piped(tmp_path):
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "MLCAREER_PAGER": f"cat > '{paged}'", "FORCE_COLOR": "1"}
    result = subprocess.run(
        [*mlcareer(), "assess", "--answers", JUNIOR, "--no-save"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Fit to every role" in result.stdout
    assert not paged.exists()


# -- HTML files -------------------------------------------------------------------------------


def html_title(path: Path) -> str:
    from .test_html import parse

    tree = parse(path.read_text(encoding="utf-8"))
    # The page's title comes first; the charts' marks have titles of their own.
    return tree.root.find_all("title")[0].all_text()


def test_html_for_every_view_that_has_a_page(tmp_path):
    report = tmp_path / "report.html"
    result = run("assess", "--answers", JUNIOR, "-o", str(report))
    assert result.exit_code == 0, result.output
    assert html_title(report) == "Junior ML Engineer: readiness 55.9% · Sam Rivera"
    assert run("show", "-o", str(tmp_path / "show.htm")).exit_code == 0
    assert html_title(tmp_path / "show.htm") == html_title(report)

    later = tmp_path / "later.yaml"
    later.write_text(Path(JUNIOR).read_text().replace("data-validation: 0", "data-validation: 2"))
    run("assess", "--answers", str(later))
    compare = tmp_path / "compare.html"
    assert run("compare", "-o", str(compare)).exit_code == 0
    assert "Sam Rivera" in compare.read_text() and html_title(compare)
    plan = tmp_path / "plan.html"
    assert run("plan", "-H", "6", "--start", "2026-12-07", "-o", str(plan)).exit_code == 0
    assert html_title(plan)
    assert run("plan", "-H", "6", "-f", "html").stdout.startswith("<!DOCTYPE html>")

    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("a", "b", "c"):
        answers = tmp_path / f"{name}.yaml"
        answers.write_text(
            f"role: junior\nlearner: {{id: {name}}}\n"
            "ratings: {python: 2, sql: 1, stats: 0, ml: 1}\n"
        )
        run("assess", "-t", str(TINY), "-a", str(answers), "-o", str(reports / f"{name}.json"))
    cohort = tmp_path / "cohort.html"
    result = run("cohort", "-t", str(TINY), str(reports), "-o", str(cohort))
    assert result.exit_code == 0, result.output
    assert "3 learners" in cohort.read_text() and html_title(cohort)

    # history has no page: a clear refusal, nothing written.
    result = run("history", "-o", str(tmp_path / "history.html"))
    assert result.exit_code == 2
    assert "this view has no html format" in result.stderr
    assert not (tmp_path / "history.html").exists()


# -- an interactive run shows the report, also with --output ----------------------------------


def test_an_interactive_run_with_output_also_draws_the_report(
    monkeypatch, tmp_path, prompt_deadline
):
    from mlcareer import cli

    from .test_questionnaire import DONE, ENTER, SKIP, pick, typed

    monkeypatch.setattr(cli.assess, "_draw_on_tty", lambda: False)  # a terminal, on stdout
    target = tmp_path / "s106.json"
    keys = "Ada" + ENTER + ENTER + pick(3) + SKIP + pick(1) + pick(1) + DONE
    with typed(keys):
        result = runner.invoke(app, ["assess", "-t", str(TINY), "-o", str(target), "--no-quiz"])
    assert result.exit_code == 0, result.output
    # The file holds the JSON; the terminal shows the report, summary first and recap last:
    # junior needs python 2 (x2), sql 1, stats 1, ml 2: met 2x2 + 0 + 1 + 1 = 6 of 8 = 75 %.
    assert json.loads(target.read_text())["readiness"] == 75.0
    lines = result.stdout.splitlines()
    assert lines[1:3] == ["mlcareer · Ada · Junior", "Readiness  " + "█" * 22 + "░" * 8 + "  75.0%"]
    assert lines[-1] == "  Lay the plan into weeks of 6 h: mlcareer plan 1 -H 6"
    assert f"mlcareer: report written to {target}\n" in result.stderr


def test_the_readmes_assess_sample_is_what_the_tool_prints():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The README's examples leave the history alone (issue 15), so the sample is not saved
    # and ends without the `mlcareer plan ID` line a saved report gets.
    start = readme.index("$ mlcareer assess --answers examples/answers-junior.yaml --no-save\n\n")
    sample = readme[start : readme.index("```", start)].splitlines()[1:]
    printed = run("assess", "--answers", JUNIOR, "--no-save", COLUMNS="80").stdout.splitlines()
    # Each run of lines between the "..." elisions is printed as it stands, in that order.
    at = 0
    chunks: list[list[str]] = [[]]
    for line in sample:
        if line == "...":
            chunks.append([])
        else:
            chunks[-1].append(line)
    for chunk in chunks:
        found = next(
            i for i in range(at, len(printed)) if printed[i : i + len(chunk)] == chunk
        )  # StopIteration: the README shows something the tool does not print
        at = found + len(chunk)
    assert at == len(printed)  # the sample runs to the end


def test_text_from_a_report_is_never_markup_nor_control_sequences(tmp_path):
    path = hostile_report(tmp_path)
    report = json.loads(path.read_text())
    report["learner"] = {"name": "<img src=x onerror=alert(1)>", "id": "ada"}
    report["role"]["name"] = "Junior\x1b[2J\x1b]52;c;cHduZWQ=\x07"
    for skill in report["skills"]:
        skill["name"] = f"[bold]{skill['id']}[/bold] *{skill['id']}* [x](javascript:y)"
    for step in report["plan"]["steps"]:
        step["skill_name"] = f"[link=https://evil.example]{step['skill']}[/link]"
    for fit in report["role_fit"]:
        fit["name"] = f"{fit['name']}\u202e"
    path.write_text(json.dumps(report))
    table = run("show", str(path), FORCE_COLOR="1").stdout
    # Only rich's own styling and the clean link: no clear-screen, no clipboard write.
    assert "\x1b[2J" not in table and "\x1b]52" not in table and "\u202e" not in table
    assert set(OSC8.findall(table)) - {""} == {"https://docs.python.org/3/tutorial/"}
    plain = run("show", str(path)).stdout
    assert "mlcareer · <img src=x onerror=alert(1)> · Junior\\x1b[2J\\x1b]52;c;cHduZWQ=\\x07" in (
        plain
    )
    lines = plain.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("You already meet"))
    # python 0, sql 0, stats 1, ml 2: stats and ml meet; importance 1 each, ml needs 2.
    assert wrapped(lines[start : lines.index("", start)]) == (
        "You already meet (2 of 4): [bold]ml[/bold] *ml* [x](javascript:y), [bold]stats[/bold] "
        "*stats* [x](javascript:y)"
    )
    assert "  1. [link=https://evil.example]python[/link] 0→1 · 5 h" in lines
    assert lines[-1] == f"  Lay the plan into weeks of 6 h: mlcareer plan {path} -H 6"
    markdown = run("show", str(path), "-f", "markdown").stdout
    for raw in ("\x1b", "](javascript", "\u202e", "*stats*"):
        assert raw not in markdown, raw
    assert "\\<img" in markdown and not re.search(r"(?<!\\)<img", markdown)


def test_list_entries_wrap_under_themselves_and_print_at_once(monkeypatch):
    """print_items: each entry `indent` in, its wrapped lines two further, trailing spaces
    gone, a line break in an entry kept; all of it in one print (a print costs about half
    a millisecond, and a roster can list thousands)."""
    from rich.console import Console
    from rich.text import Text

    from mlcareer.render.terminal import print_items

    out = io.StringIO()
    console = Console(file=out, width=24, color_system=None)
    calls = []
    real_print = Console.print
    monkeypatch.setattr(
        Console, "print", lambda self, *a, **k: calls.append(a) or real_print(self, *a, **k)
    )
    print_items(
        console,
        [
            Text("s101 Ada"),  # fits: 8 columns
            Text("trailing spaces   "),
            # 24 - 1 in - 2 hang = 21 columns for each line of an entry.
            Text("one two three four five six seven"),
            Text("first\nsecond"),
        ],
        indent=1,
    )
    assert out.getvalue() == (
        " s101 Ada\n trailing spaces\n one two three four\n   five six seven\n first\n   second\n"
    )
    assert len(calls) == 1
    print_items(console, [])
    assert len(calls) == 1  # nothing to print: no empty line either
