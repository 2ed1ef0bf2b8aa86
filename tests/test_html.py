"""The HTML views: self-contained pages, the summary first, figures from the model, and
untrusted text kept as text. Parsed with the standard library's html.parser; the browser
tests (test_html_browser.py) open the same pages in Chromium."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
import subprocess
import sys
import zipfile
from datetime import date
from functools import lru_cache
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from mlcareer.answers import Answers, read_answers
from mlcareer.cohort import build_cohort
from mlcareer.cohort_sources import iter_sources
from mlcareer.compare import TimelinePoint, compare_reports
from mlcareer.render.html import (
    render_cohort_html,
    render_compare_html,
    render_report_html,
    render_schedule_html,
)
from mlcareer.report import Report, ResourceOut, ref_of
from mlcareer.safe_text import clean, safe_link
from mlcareer.schedule import schedule_plan
from mlcareer.scoring import report_for
from mlcareer.taxonomy import Taxonomy, load_taxonomy

from .conftest import HERE, ROOT, TINY

WHEN = "2026-09-21T14:13:20Z"
COHORT_ANSWERS = HERE / "data" / "cohort" / "answers"


# -- building the models the CLI would render --------------------------------------------------


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    return load_taxonomy()  # frozen models, so one copy serves every test


def junior_report(tax: Taxonomy | None = None, **changes) -> Report:
    """The README's example: examples/answers-junior.yaml against the default taxonomy."""
    tax = tax or default_taxonomy()
    answers = read_answers(ROOT / "examples" / "answers-junior.yaml", tax)
    return report_for(
        tax, dataclasses.replace(answers, **changes), created_at=WHEN, tool_version="0.1.0"
    )


MISSED = (2, 7)  # of the twelve checks below, these two are answered wrongly


def junior_with_twelve_checks(tax: Taxonomy) -> tuple[Answers, list]:
    """The junior example's answers, and the item at the rated level of the first twelve
    rated skills that have one."""
    answers = read_answers(ROOT / "examples" / "answers-junior.yaml", tax)
    chosen = [
        check
        for skill, check in tax.checks()
        if answers.ratings.get(skill.id) and check.level == min(answers.ratings[skill.id], 3)
    ][:12]
    assert len(chosen) == 12
    return answers, chosen


def checked_report(tax: Taxonomy | None = None) -> Report:
    """The junior example with twelve knowledge checks: the item at the rated level of the
    first twelve rated skills that have one, all right but two, confidence low/medium/high
    in turn."""
    tax = tax or default_taxonomy()
    answers, chosen = junior_with_twelve_checks(tax)
    checks = {
        c.id: (c.answer + 1) % len(c.choices) if i in MISSED else c.answer
        for i, c in enumerate(chosen)
    }
    confidence = {c.id: ("low", "medium", "high")[i % 3] for i, c in enumerate(chosen)}
    return report_for(
        tax,
        dataclasses.replace(answers, checks=checks, confidence=confidence),
        created_at=WHEN,
        tool_version="0.1.0",
    )


def tiny_report(ratings: dict, role: str = "junior", **answers) -> Report:
    tax = load_taxonomy(TINY)
    given = Answers(role=tax.role(role), ratings=ratings, learner_name="Ben", **answers)
    return report_for(tax, given, created_at=WHEN, tool_version="0.1.0")


def comparison():
    tax = default_taxonomy()
    first = junior_report(tax)
    ratings = read_answers(ROOT / "examples" / "answers-junior.yaml", tax).ratings
    later = junior_report(tax, ratings={**ratings, "data-validation": 2, "python": 3})
    timeline = [
        TimelinePoint(ref="#1", created_at=WHEN, readiness=first.readiness),
        TimelinePoint(ref="#2", created_at="2026-10-01T10:00:00Z", readiness=58.1),
        TimelinePoint(ref="#3", created_at="2026-11-01T10:00:00Z", readiness=later.readiness),
    ]
    return compare_reports(
        first, later, before_ref="#1", after_ref="#3", before_id=1, after_id=3, timeline=timeline
    )


def schedule(hours_per_week: float = 6, weeks: int | None = None):
    report = junior_report()
    return schedule_plan(
        report.plan,
        hours_per_week,
        start=date(2026, 10, 5),
        weeks=weeks,
        source=ref_of(report, "#1", 1),
    )


def cohort(tmp_path, min_group: int = 1):
    tax = load_taxonomy(TINY)
    folder = tmp_path / "reports"
    folder.mkdir(exist_ok=True)
    for name in ("ada", "anon", "ben", "cat", "dan"):
        report = report_for(
            tax,
            read_answers(COHORT_ANSWERS / f"{name}.yaml", tax),
            created_at=WHEN,
            tool_version="t",
        )
        (folder / f"{name}.json").write_text(report.model_dump_json(), encoding="utf-8")
    return build_cohort(iter_sources([str(folder)]), taxonomies=[tax], min_group=min_group)


def class_cohort(tmp_path, learners: int = 8):
    """A class on the default taxonomy (nine categories with long names, 50 skills), each
    learner answering twelve checks and missing some, every third one rating each skill a
    level lower (at risk), so that every section of the page is there and full: for the
    layout tests."""
    tax = default_taxonomy()
    answers, chosen = junior_with_twelve_checks(tax)
    folder = tmp_path / "class"
    folder.mkdir(exist_ok=True)
    for n in range(learners):
        checks = {
            c.id: (c.answer + 1) % len(c.choices) if (i + n) % 3 == 0 else c.answer
            for i, c in enumerate(chosen)
        }
        given = dataclasses.replace(
            answers,
            learner_name=f"Learner number {n + 1:02d}",
            learner_id=f"s{101 + n}",
            checks=checks,
            ratings={
                skill: level if level is None or n % 3 else max(0, level - 1)
                for skill, level in answers.ratings.items()
            },
        )
        report = report_for(tax, given, created_at=WHEN, tool_version="t")
        (folder / f"s{101 + n}.json").write_text(report.model_dump_json(), encoding="utf-8")
    return build_cohort(iter_sources([str(folder)]), taxonomies=[tax])


# -- a small DOM from the standard library's parser ---------------------------------------------


@dataclasses.dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    parent: Node | None
    children: list[Node] = dataclasses.field(default_factory=list)
    content: list[str | Node] = dataclasses.field(default_factory=list)  # in document order

    def all_text(self) -> str:
        parts = [p if isinstance(p, str) else p.all_text() for p in self.content]
        return " ".join(p for p in parts if p)

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if child.tag == tag and all(
                value in (child.attrs.get(key.rstrip("_")) or "").split()
                or child.attrs.get(key.rstrip("_")) == value
                for key, value in attrs.items()
            ):
                found.append(child)
            found += child.find_all(tag, **attrs)
        return found

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]


VOID = {"meta", "link", "br", "img", "input", "hr", "col", "source", "wbr"}


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.order: list[Node] = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        self.current.content.append(node)
        self.order.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        self.current.content.append(node)
        self.order.append(node)

    def handle_endtag(self, tag):
        node = self.current
        while node.parent is not None and node.tag != tag:
            node = node.parent
        assert node.tag == tag, f"stray </{tag}>"
        self.current = node.parent or self.root

    def handle_data(self, data):
        if data.strip():
            self.current.content.append(" ".join(data.split()))


def parse(page: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder


def texts(nodes: list[Node]) -> list[str]:
    return [n.all_text() for n in nodes]


# -- every page is one self-contained file -----------------------------------------------------


def all_pages(tmp_path) -> dict[str, str]:
    return {
        "report": render_report_html(junior_report()),
        "checked": render_report_html(checked_report()),
        "compare": render_compare_html(comparison()),
        "schedule": render_schedule_html(schedule()),
        "cohort": render_cohort_html(cohort(tmp_path)),
        "cohort-private": render_cohort_html(cohort(tmp_path, min_group=3)),
    }


def test_every_page_is_self_contained_and_allows_only_its_own_style(tmp_path):
    for name, page in all_pages(tmp_path).items():
        tree = parse(page)
        metas = tree.root.find_all("meta")
        csp = next(
            m.attrs["content"]
            for m in metas
            if m.attrs.get("http-equiv") == "Content-Security-Policy"
        )
        assert csp is not None and "default-src 'none'" in csp, name
        # The one inline style is allowed by its hash, and nothing else is.
        assert len(tree.root.find_all("style")) == 1
        css = page.split("<style>", 1)[1].split("</style>", 1)[0]
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        assert f"style-src 'sha256-{digest}'" in csp, name
        assert "unsafe-inline" not in csp and "script-src" not in csp  # default-src covers it
        assert not tree.root.find_all("script"), name
        for node in tree.order:
            assert "style" not in node.attrs, f"{name}: style attribute on <{node.tag}>"
            assert "src" not in node.attrs, f"{name}: <{node.tag} src>"
            assert not any(a.startswith("on") for a in node.attrs), f"{name}: handler on {node.tag}"
            href = node.attrs.get("href")
            if href is not None:
                assert node.tag == "a", name
                assert href.startswith("#") or safe_link(href) == href, f"{name}: {href}"
        # No URL in the CSS but references to patterns inside the page.
        assert re.findall(r"url\((?!#)", page) == [], name
        assert "@import" not in css and "@font-face" not in css
        # Phones: the viewport is the device's; print: a stylesheet that breaks pages.
        viewport = next(m for m in metas if m.attrs.get("name") == "viewport")
        assert viewport.attrs["content"] == "width=device-width, initial-scale=1"
        assert "@media print" in css and "break-before: page" in css


def test_every_chart_has_a_title_and_every_mark_a_text_alternative(tmp_path):
    for name, page in all_pages(tmp_path).items():
        tree = parse(page)
        for svg in tree.root.find_all("svg"):
            assert svg.attrs["role"] == "img"
            title = svg.children[0]
            assert title.tag == "title" and title.attrs["id"] == svg.attrs["aria-labelledby"]
            assert title.all_text(), name
            for mark in svg.find_all("rect", class_="point") + svg.find_all("circle"):
                assert mark.find("title").all_text(), f"{name}: a mark without a title"


# -- the report ---------------------------------------------------------------------------------


def test_the_summary_comes_first_with_figures_worked_out_by_hand():
    # Ben against the tiny taxonomy's junior role (requires python 2, sql 1, stats 1, ml 2):
    # python 2 meets, sql 0 gap 1, stats 1 meets, ml 1 gap 1 -> 2 of 4 met, 2 with a gap.
    # Importance = category weight x skill weight: python 2, sql 1, stats 1, ml 1.
    # Readiness = (2x2 + 1x0 + 1x1 + 1x1) / (2x2 + 1x1 + 1x1 + 1x2) = 6/8 = 75.0 %.
    # Priority = 100 x importance x gap / mean hours per missing level:
    # sql 100 x 1 x 1 / 4 = 25; ml 100 x 1 x 1 / 30 = 3.33. So the plan starts with
    # SQL 0->1 (4 h, "Learn SELECT."), then ML 1->2 (30 h): 34 h in all.
    page = render_report_html(tiny_report({"python": 2, "sql": 0, "stats": 1, "ml": 1}))
    tree = parse(page)
    sections = [n for n in tree.order if n.tag == "section"]
    assert [s.attrs["id"] for s in sections] == ["summary", "categories", "gaps", "plan", "roles"]
    summary = sections[0]
    assert summary.find("p", class_="headline").all_text() == "75.0%"
    assert summary.find("ul", class_="counts").all_text() == (
        "2 of 4 required skills met 2 with a gap plan 34 h"
    )
    start = summary.find("dd")
    assert start.all_text().startswith("SQL 0→1 · 4 h: Learn SELECT.")
    dts = texts(summary.find_all("dt"))
    assert dts == ["Start here", "You already meet"]
    assert summary.find_all("dd")[1].all_text() == "Python, Statistics"
    gaps = tree.root.find("table", **{"data-table": "gaps"})
    rows = [texts(tr.find_all("td")) for tr in gaps.find("tbody").find_all("tr")]
    assert rows == [
        ["SQL", "0", "1", "1", "4 h", "25"],
        ["Machine learning", "1", "2", "1", "30 h", "3.33"],
    ]
    legends = texts(tree.root.find_all("p", class_="legend"))
    assert any(text.startswith("Priority is the gain per hour of study") for text in legends)
    assert any("rounded down, so 100% means every required level is met" in t for t in legends)


def test_at_100_percent_the_next_role_to_aim_for():
    # Junior met in full. Analyst requires sql 3 and stats 3 (importance 1 each): with sql 1
    # and stats 1 its readiness is (1 + 1) / (3 + 3) = 33.3 %, 2 skills with a gap, and the
    # steps sql 2, 3 and stats 2, 3 take 10 + 30 + 20 + 60 = 120 h.
    page = render_report_html(tiny_report({"python": 2, "sql": 1, "stats": 1, "ml": 2}))
    summary = parse(page).root.find("section", id="summary")
    assert summary.find("p", class_="headline").all_text() == "100.0%"
    assert texts(summary.find_all("dt"))[0] == "Every required level is met"
    assert "Next role to aim for: Analyst , 33.3% ready, 2 skills with a gap, 120 h of study." in (
        summary.find_all("dd")[0].all_text()
    )
    assert "No gaps: every required level is met." in page


def test_figures_in_the_text_alternatives_are_the_models():
    report = junior_report()
    tree = parse(render_report_html(report))
    categories = tree.root.find("svg", **{"data-chart": "categories"})
    titles = texts([r.find("title") for r in categories.find_all("rect", class_="point")])
    expected = [
        f"{c.name}: {c.score:.1f}% · {c.levels_met}/{c.levels_required} levels"
        for c in report.categories
        if c.score is not None
    ]
    assert titles == expected
    gaps = tree.root.find("svg", **{"data-chart": "gaps"})
    marks = gaps.find_all("rect", class_="point")
    with_gap = sorted((s for s in report.skills if s.gap), key=lambda s: (-s.priority, s.id))
    # Every required skill below its level, skipped ones too (they count as level 0).
    assert len(marks) == len(with_gap) == report.summary.with_gap + report.summary.not_assessed
    for mark, skill in zip(marks, with_gap, strict=True):
        assert mark.find("title").all_text().startswith(f"{skill.name}: ")
        assert mark.find("title").all_text().endswith(f"priority {skill.priority:g}")
    # The plan: one item per step, in order, with its resources as links.
    steps = tree.root.find("ol", class_="steps").children
    assert [int(li.attrs["value"]) for li in steps] == [s.order for s in report.plan.steps]
    links = [a.attrs["href"] for a in tree.root.find("section", id="plan").find_all("a")]
    assert links == [r.url for s in report.plan.steps for r in s.resources]


def test_knowledge_checks_in_plain_words_with_figures_from_five_items():
    report = checked_report()
    tree = parse(render_report_html(report))
    checks = tree.root.find("section", id="checks")
    # Twelve checks, two answered wrongly by construction: right on 10 of 12.
    assert (
        checks.find("p", **{"data-figure": "calibration"})
        .all_text()
        .startswith("You were right on 10 of 12 checks.")
    )
    assert (
        "You were right on 10 of 12 checks." in tree.root.find("section", id="summary").all_text()
    )
    chart = checks.find("svg", **{"data-chart": "calibration"})
    assert len(chart.find_all("circle", class_="right")) == 10
    assert len(chart.find_all("path", class_="missed")) == 2
    # The missed items: the question, the answer given, the right one and why, on lines of
    # their own. A missed item was answered with the choice after the right one.
    missed = checks.find_all("div", class_="missed-check")
    assert len(missed) == report.calibration.contradicted == 2
    assert [p.all_text().split(":")[0] for p in missed[0].find_all("p")] == [
        "Missed (level 2)",
        "You answered",
        "Right answer",
        "Why",
    ]
    first = next(a for a in report.calibration.answers if not a.correct)
    check = next(c for _, c in default_taxonomy().checks() if c.id == first.id)
    lines = [p.all_text().split(": ", 1)[1] for p in missed[0].find_all("p")[1:3]]
    assert lines == [
        check.choices[(check.answer + 1) % len(check.choices)],
        check.choices[check.answer],
    ]


def test_fewer_than_five_checks_give_no_statistics():
    # Ben rated python 2: the level-2 item, answered right (choice 1).
    report = tiny_report(
        {"python": 2, "sql": 0, "stats": 1, "ml": 1},
        checks={"python-2": 1},
        confidence={"python-2": "low"},
    )
    checks = parse(render_report_html(report)).root.find("section", id="checks")
    assert checks.find("p", **{"data-figure": "calibration"}).all_text() == (
        "1 check answered: Python right. Statistics need at least 5 checks."
    )
    assert not checks.find_all("svg")
    assert "Brier" not in checks.all_text()


def test_paid_resources_and_on_the_job_steps_are_marked():
    report = junior_report()
    first = report.plan.steps[0]
    paid = ResourceOut(
        title="A paid course", url="https://example.com/course", kind="course", paid=True
    )
    step = first.model_copy(update={"experience": True, "resources": [paid, *first.resources]})
    plan = report.plan.model_copy(update={"steps": [step, *report.plan.steps[1:]]})
    tree = parse(render_report_html(report.model_copy(update={"plan": plan})))
    item = tree.root.find("ol", class_="steps").children[0]
    assert texts(item.find_all("span", class_="tag")) == ["on the job", "(paid)"]
    assert item.find("ul").children[0].all_text() == "A paid course (course) (paid)"
    assert "(paid)" not in item.find("ul").children[1].all_text()


# -- untrusted text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://scikit-learn.org/stable/common_pitfalls.html",
        "https://example.com",
        "https://example.com:8443/a?b=c&d=e#f",
        "https://xn--bcher-kva.example/",
    ],
)
def test_clean_https_urls_become_links(url):
    assert safe_link(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "http://example.com/",
        "data:text/html,<b>x</b>",
        "https:/example.com",
        "https://",
        "https://localhost/",  # no dot: not a public host name
        "https://exa mple.com/",
        "https://example.com/\nnext",
        "https://example.com/\x1b[31m",
        "https://example.com\\@evil.example/",
        "https://good.example@evil.example/",
        "https://user:pw@example.com/",
        "https://example.com:port/",
        "https://bücher.example/",
        "https://example.com/\u202egnp.exe",
        " https://example.com/",
        "//example.com/",
    ],
)
def test_other_urls_are_refused(url):
    assert safe_link(url) is None


def test_clean_shows_control_and_bidi_characters_visibly():
    assert clean("Py\x1b[31mthon\u202e\u2066 ok\x85") == "Py\\x1b[31mthon\\u202e\\u2066 ok\\x85"
    assert clean("line\nnext\ttab", multiline=True) == "line\nnext tab"


def test_hostile_text_from_a_report_stays_text():
    report = junior_report()
    evil = "<script>alert(1)</script>\u202e\x1b[2J"
    skills = [s.model_copy(update={"name": evil}) for s in report.skills]
    bad = [
        SimpleNamespace(
            title="<img src=x onerror=alert(1)>", url="javascript:alert(1)", kind="docs"
        ),
        SimpleNamespace(
            title="quote", url='https://example.com/"onmouseover="alert(1)', kind="docs"
        ),
        SimpleNamespace(title="fine", url="https://example.com/a?b=1&c=2", kind="docs"),
    ]
    steps = [
        s.model_copy(update={"skill_name": evil, "step": "<b>bold</b>", "resources": bad})
        for s in report.plan.steps
    ]
    hostile = report.model_copy(
        update={
            "skills": skills,
            "plan": report.plan.model_copy(update={"steps": steps}),
            "role": report.role.model_copy(update={"name": "</title><script>x()</script>"}),
        }
    )
    page = render_report_html(hostile)
    tree = parse(page)
    assert not tree.root.find_all("script") and not tree.root.find_all("img")
    assert not tree.root.find_all("b")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page and "\x1b" not in page
    hrefs = {a.attrs["href"] for a in tree.root.find_all("a")}
    assert "https://example.com/a?b=1&c=2" in hrefs
    assert not any(h.startswith("javascript") or "onmouseover" in h for h in hrefs)
    # Refused URLs are shown as text, so nothing is lost.
    assert "javascript:alert(1)" in tree.root.find("section", id="plan").all_text()
    assert "https://example.com/&#34;onmouseover=&#34;alert(1)" in page
    # And the title of the page is text too.
    assert tree.root.find("title").all_text().startswith("</title><script>x()</script>")


# -- compare, schedule, cohort -------------------------------------------------------------------


def test_compare_charts_each_assessment_of_the_timeline():
    cmp = comparison()
    tree = parse(render_compare_html(cmp))
    chart = tree.root.find("svg", **{"data-chart": "readiness"})
    titles = texts([c.find("title") for c in chart.find_all("circle", class_="point")])
    assert titles == [f"{p.ref} ({p.created_at[:10]}): {p.readiness:.1f}%" for p in cmp.timeline]
    assert titles[1] == "#2 (2026-10-01): 58.1%"
    moved = tree.root.find("table", **{"data-table": "moved"}).find("tbody").find_all("tr")
    # Two ratings were raised: data-validation 0 -> 2 and python 2 -> 3.
    assert sorted(texts([tr.find("td") for tr in moved])) == [
        "Data quality and validation",
        "Python",
    ]
    closed = tree.root.find("dd", **{"data-figure": "closed"}).all_text()
    assert closed == "Python, Data quality and validation"


def test_schedule_timeline_has_one_bar_per_week_item():
    # 6 h a week: week 1 holds data-validation 0->1 (4 h) and 2 h of its 1->2 step (15 h).
    plan = schedule()
    tree = parse(render_schedule_html(plan))
    chart = tree.root.find("svg", **{"data-chart": "timeline"})
    bars = chart.find_all("rect", class_="point")
    assert len(bars) == sum(len(w.items) for w in plan.weeks)
    assert texts([b.find("title") for b in bars[:2]]) == [
        "Week 1 (2026-10-05): step 1, Data quality and validation 0→1, 4 h",
        "Week 1 (2026-10-05): step 2, Data quality and validation 1→2, 2 h, part 1 of 4",
    ]
    assert len(tree.root.find_all("div", class_="week")) == len(plan.weeks)


def test_schedule_with_weeks_lists_what_is_left():
    plan = schedule(weeks=2)
    tree = parse(render_schedule_html(plan))
    after = tree.root.find("section", id="after")
    assert after.find("h2").all_text() == "After week 2"
    assert len(after.find_all("li")) == len(plan.unscheduled)


def test_cohort_heatmap_and_level_distribution(tmp_path):
    result = cohort(tmp_path)
    tree = parse(render_cohort_html(result))
    heat = tree.root.find("table", **{"data-table": "heatmap"})
    rows = heat.find("tbody").find_all("tr")
    assert len(rows) == 5 and len(heat.find_all("td", class_="heat")) == 5 * 2
    # Ben (python 2, sql 0 -> code (2x2 + 1x0) / (2x2 + 1x1) = 80 %; stats 1 of 1, ml 1 of 2
    # -> maths (1 + 1) / (1 + 2) = 66.6 % rounded down).
    ben = next(tr for tr in rows if tr.find("td").all_text() == "Ben (ben)")
    cells = ben.find_all("td")
    assert texts(cells[2:]) == ["80.0", "66.6"]
    assert [c.attrs["class"] for c in cells[2:]] == ["n heat heat-4", "n heat heat-3"]
    chart = tree.root.find("figure", **{"data-chart": "levels"})
    segments = chart.find_all("rect", class_="point")
    nonzero = sum(
        1
        for s in result.skills
        for count in [*(s.levels[str(n)] for n in range(5)), s.not_assessed]
        if count
    )
    assert len(segments) == nonzero
    # Python: one learner at each of 0, 1 and 3, two at 2 (see tests/data/cohort).
    python = [t for t in texts([s.find("title") for s in segments]) if t.startswith("Python:")]
    assert python == [
        "Python: 1 learner at level 0",
        "Python: 1 learner at level 1",
        "Python: 2 learners at level 2",
        "Python: 1 learner at level 3",
    ]


def test_cohort_under_min_group_hides_learners(tmp_path):
    tree = parse(render_cohort_html(cohort(tmp_path, min_group=3)))
    assert not tree.root.find_all("table", **{"data-table": "heatmap"})
    assert tree.root.find_all("table", **{"data-table": "categories"})
    for name in ("Ada (ada)", "Ben (ben)", "Cat (cat)", "Dan (dan)", "anon.json"):
        assert name not in tree.root.all_text()


# -- packaging ---------------------------------------------------------------------------------


def test_importing_the_html_view_loads_no_template_engine():
    code = (
        "import sys, mlcareer.render.html\n"
        "print(sorted(m for m in ('jinja2', 'markupsafe') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stderr


@pytest.mark.slow
def test_the_wheel_ships_the_templates(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("mlcareer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = ROOT / "src" / "mlcareer" / "render" / "templates"
    expected = {f"mlcareer/render/templates/{p.name}" for p in templates.iterdir()}
    assert len(expected) == 8 and expected <= names  # 7 templates and the CSS


@pytest.mark.parametrize(
    ("min_group", "cells"),
    [
        # Python's levels 0, 1, 2, 2, 3 (tests/data/cohort): mean 8/5 with two decimals,
        # median 2 with one, 3 of 5 meeting level 2, counts per level 1, 1, 2, 1, 0.
        (1, ["Python", "2", "1.60", "2.0", "60.0%", "1", "1", "2", "1", "0", "0"]),
        # --min-group 3: the counts 1 and 2 are small (<3); the share is hidden to protect
        # the 2 below it, so it reads 'hidden', as in the terminal and Markdown.
        (3, ["Python", "2", "1.60", "2.0", "hidden", "<3", "<3", "<3", "<3", "0", "0"]),
    ],
)
def test_cohort_skills_figures_read_as_in_the_other_views(tmp_path, min_group, cells):
    tree = parse(render_cohort_html(cohort(tmp_path, min_group=min_group)))
    table = tree.root.find("table", **{"data-table": "skills"})
    python = next(tr for tr in table.find("tbody").find_all("tr") if "Python" in tr.all_text())
    assert texts(python.find_all("td")) == cells


# -- the cohort's evidence: edited, unchecked, warnings, as in the terminal and Markdown -------


def evidence_cohort(tmp_path, monkeypatch, min_group: int = 1):
    """tests/data/cohort's ada, ben, cat and dan, with cat's report edited by hand, a report
    of mlcareer 0.1 (no answers) and cat's answers handed in again as ben by 'Mallory'."""
    import json
    import shutil

    monkeypatch.chdir(tmp_path)
    tax = load_taxonomy(TINY)
    folder = tmp_path / "reports"
    folder.mkdir()

    def data(who: str, **learner: str) -> dict:
        answers = read_answers(COHORT_ANSWERS / f"{who}.yaml", tax)
        answers.learner_name = learner.get("name", answers.learner_name)
        answers.learner_id = learner.get("id", answers.learner_id)
        report = report_for(tax, answers, created_at=WHEN, tool_version="t")
        return json.loads(report.model_dump_json())

    for who in ("ada", "ben", "dan"):
        (folder / f"{who}.json").write_text(json.dumps(data(who)), encoding="utf-8")
    cat = data("cat")
    # analyst requires sql 3 and stats 3 (importance 1 each): cat's sql 1, stats 2 give
    # (1 + 2) / 6 = 50.0; the file now claims 80.
    analyst = next(fit for fit in cat["role_fit"] if fit["id"] == "analyst")
    analyst["readiness"] = 80.0
    (folder / "cat.json").write_text(json.dumps(cat), encoding="utf-8")
    mallory = data("cat", name="Mallory", id="ben")
    (folder / "zz-mallory.json").write_text(json.dumps(mallory), encoding="utf-8")
    shutil.copy(HERE / "data" / "evidence" / "ben-v1.json", folder / "old.json")
    return build_cohort(iter_sources(["reports"]), taxonomies=[tax], min_group=min_group)


def evidence_shown(page: str) -> list[tuple[str, list[str]]]:
    """Each evidence section's title and entries, the file (in bold) joined to its text as
    the reader sees it."""

    def entry(li: Node) -> str:
        return "".join(p if isinstance(p, str) else p.all_text() for p in li.content)

    tree = parse(page)
    return [
        (section.find("h2").all_text(), [entry(li) for li in section.find_all("li")])
        for section in tree.root.find_all("section", class_="evidence")
    ]


def test_cohort_names_edited_and_unchecked_reports_and_warnings(tmp_path, monkeypatch):
    shown = evidence_shown(render_cohort_html(evidence_cohort(tmp_path, monkeypatch)))
    assert shown == [
        (
            "Edited by hand, left out: 1",
            [
                "reports/cat.json: Cat (cat): its figures differ from its answers: "
                "`role_fit[analyst].readiness` says 80.0 where the answers give 50.0"
            ],
        ),
        (
            "Not checked, left out: 1",
            [
                "reports/old.json: Ben (ben): made by mlcareer 0.1 (report schema 1), which "
                "did not record the answers"
            ],
        ),
        (
            "Warnings: 1",
            [
                "learner id `ben` comes with different names: 'Ben' (reports/ben.json), "
                "'Mallory' (reports/zz-mallory.json); the latest report counts: check who "
                "made each one"
            ],
        ),
    ]


def test_cohort_evidence_under_min_group_hides_the_names(tmp_path, monkeypatch):
    page = render_cohort_html(evidence_cohort(tmp_path, monkeypatch, min_group=2))
    # One report of each kind: a count below 2, shown as <2, and no file or name.
    assert evidence_shown(page) == [
        ("Edited by hand, left out: <2 (names hidden by --min-group)", []),
        ("Not checked, left out: <2 (names hidden by --min-group)", []),
    ]
    for name in ("cat.json", "old.json", "zz-mallory.json", "Mallory"):
        assert name not in page


def test_cohort_belief_has_the_most_over_rated_skills_after_the_categories(tmp_path):
    from mlcareer.belief import Claim, LearnerClaims, belief_vs_knowledge
    from mlcareer.cohort import _Suppressor

    skills = [("py", "Python", "code"), ("sql", "SQL", "code"), ("stats", "Statistics", "maths")]
    categories = [("code", "Code"), ("maths", "Maths")]
    # Python: Ana 2 supported, Ben 3 contradicted (scored 2): 50 / 50 / 0 %, claimed 2.5,
    # scored 2.0, +0.50, Ben over-rated. SQL: Ana 3 and Ben 2 both contradicted (scored 1):
    # 0 / 100 / 0 %, claimed 2.5, scored 1.0, +1.50. Statistics: both supported, +0.00, so
    # not over-rated and not listed. Most over-rated first: SQL, then Python.
    learners = [
        LearnerClaims(
            "Ana",
            [
                Claim("py", 2, 2, "supported"),
                Claim("sql", 3, 1, "contradicted"),
                Claim("stats", 1, 1, "supported"),
            ],
        ),
        LearnerClaims(
            "Ben",
            [
                Claim("py", 3, 2, "contradicted"),
                Claim("sql", 2, 1, "contradicted"),
                Claim("stats", 2, 2, "supported"),
            ],
        ),
    ]
    belief = belief_vs_knowledge(skills, categories, learners, _Suppressor(1))
    tree = parse(render_cohort_html(cohort(tmp_path).model_copy(update={"belief": belief})))
    table = tree.root.find("table", **{"data-table": "belief-skills"})
    assert texts(table.find("thead").find_all("th")) == [
        "Skill (most over-rated)",
        "Claims",
        "Supported",
        "Contradicted",
        "Unverified",
        "Claimed",
        "Scored",
        "Over",
        "Overrated",
        "Who",
    ]
    assert [texts(tr.find_all("td")) for tr in table.find("tbody").find_all("tr")] == [
        ["SQL", "2", "0%", "100%", "0%", "2.50", "1.00", "+1.50", "2", "Ana, Ben"],
        ["Python", "2", "50%", "50%", "0%", "2.50", "2.00", "+0.50", "1", "Ben"],
    ]
    # The categories' table comes first, as in the terminal and Markdown.
    section = tree.root.find("section", id="belief")
    assert [t.attrs["data-table"] for t in section.find_all("table")] == [
        "belief",
        "belief-skills",
    ]


def test_cohort_level_chart_ticks_where_a_range_of_required_levels_starts(tmp_path):
    tax = load_taxonomy(TINY)
    # Eve, an analyst (sql 3, stats 3), joins the five juniors (sql 1, stats 1): SQL needs
    # 1-3. SQL's levels: ben and dan 0, ada and cat 1, anon 2, eve 3, so of 6 learners the
    # bar reaches level 1 at 2/6 of its width: 33.33 %.
    eve = Answers(
        role=tax.role("analyst"),
        ratings={"python": 1, "sql": 3, "stats": 3, "ml": 0},
        learner_name="Eve",
        learner_id="eve",
    )
    cohort(tmp_path)  # writes the five reports
    report = report_for(tax, eve, created_at=WHEN, tool_version="t")
    (tmp_path / "reports" / "eve.json").write_text(report.model_dump_json(), encoding="utf-8")
    result = build_cohort(iter_sources([str(tmp_path / "reports")]), taxonomies=[tax])
    tree = parse(render_cohort_html(result))
    chart = tree.root.find("figure", **{"data-chart": "levels"})
    ticks = {
        tick.find("title").all_text(): (tick.attrs["x1"], tick.attrs["x2"])
        for tick in chart.find_all("line", class_="tick")
    }
    sql = (
        "SQL: required level 1-3 (the learners' roles differ); the tick marks where level 1 starts"
    )
    assert ticks[sql] == ("33.33%", "33.33%")
    # Python: only the juniors need it, level 2. Below level 2: dan 0, cat and eve 1, so
    # 3/6 of the bar: 50 %.
    assert ticks["Python: required level 2; the tick marks where it starts"] == ("50.00%", "50.00%")
    # Statistics needs 1-3 too; Machine learning 2, from the juniors.
    assert len(ticks) == 4
    # The table, the text alternative, says the same.
    table = tree.root.find("table", **{"data-table": "skills"})
    needed = {
        tr.find("td").all_text(): texts(tr.find_all("td"))[1] for tr in table.find_all("tr")[1:]
    }
    assert needed == {"Python": "2", "SQL": "1-3", "Statistics": "1-3", "Machine learning": "2"}


@pytest.mark.parametrize(
    ("min_group", "skill", "title"),
    [
        # Python's levels 0, 1, 2, 2, 3 (tests/data/cohort): under --min-group 2 the single
        # learners at 0, 1 and 3 are small; the 2 at level 2 are not, and the table shows them.
        (
            2,
            "Python",
            "Python: bar not drawn, as it would show small counts: level 0 <2, level 1 <2, "
            "level 3 <2 (a count of 1 learner shows as <2)",
        ),
        # Machine learning: dan 0, ben 1, anon and cat 2, ada skipped: all below 3.
        (
            3,
            "Machine learning",
            "Machine learning: bar not drawn, as it would show small counts: level 0 <3, "
            "level 1 <3, level 2 <3, skipped <3 (a count of 1 to 2 learners shows as <3)",
        ),
    ],
)
def test_cohort_level_chart_says_which_counts_a_hidden_bar_hides(tmp_path, min_group, skill, title):
    tree = parse(render_cohort_html(cohort(tmp_path, min_group=min_group)))
    chart = tree.root.find("figure", **{"data-chart": "levels"})
    titles = texts([bar.find("title") for bar in chart.find_all("rect", class_="hidden")])
    assert len(titles) == 4  # every skill of the tiny cohort has a small count
    assert next(t for t in titles if t.startswith(f"{skill}:")) == title
    table = tree.root.find("table", **{"data-table": "skills"})
    row = next(
        tr for tr in table.find_all("tr") if tr.find_all("td") and tr.find("td").all_text() == skill
    )
    assert (
        texts(row.find_all("td"))[5:]
        == {
            "Python": ["<2", "<2", "2", "<2", "0", "0"],
            "Machine learning": ["<3", "<3", "<3", "0", "0", "<3"],
        }[skill]
    )
