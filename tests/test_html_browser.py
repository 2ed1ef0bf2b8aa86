"""The HTML pages opened in headless Chromium, as a user opens a saved file.

Each page must load with no request but its own file, no failed request and no console
error (a Content-Security-Policy violation is one); its charts must have as many marks as
the model has figures; and it must print. A screenshot and a PDF of each page are kept in
the test's temporary folder.

Needs Debian's ``chromium`` and Playwright's Python package (its own browsers are not used).
Without them the tests skip, unless MLCAREER_REQUIRE_BROWSER=1 (set by .ci/run), when they
fail.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from mlcareer.render.html import (
    render_cohort_html,
    render_compare_html,
    render_report_html,
    render_schedule_html,
)

from .test_html import (
    checked_report,
    class_cohort,
    cohort,
    comparison,
    junior_report,
    schedule,
)

CHROMIUM = "/usr/bin/chromium"
INSTALL = "apt-get install chromium && pip install playwright"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str):
    if os.environ.get("MLCAREER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and MLCAREER_REQUIRE_BROWSER=1: install it with `{INSTALL}`")
    pytest.skip(f"{reason}: install it with `{INSTALL}`")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not path:
        _unavailable("Chromium is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=ARGS, timeout=60_000)
        yield chromium
        chromium.close()


class Opened:
    """A page loaded from a file, with what it asked for and complained about."""

    def __init__(self, browser, html: str, folder: Path, name: str, viewport=None) -> None:
        self.file = folder / f"{name}.html"
        self.file.write_text(html, encoding="utf-8")
        self.folder, self.name = folder, name
        self.context = browser.new_context(viewport=viewport or {"width": 1000, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        self.page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(self.file.as_uri(), wait_until="load")

    def check_clean_load(self) -> None:
        assert self.requests == [self.file.as_uri()]
        assert self.failed == []
        assert self.errors == []

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def titles(self, selector: str) -> list[str]:
        return self.page.locator(f"{selector} > title").all_text_contents()

    def keep(self) -> tuple[Path, Path]:
        """A full-page screenshot and a PDF, as the browser prints it."""
        png = self.folder / f"{self.name}.png"
        pdf = self.folder / f"{self.name}.pdf"
        self.page.screenshot(path=str(png), full_page=True)
        self.page.pdf(path=str(pdf), format="A4", print_background=True)
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert pdf.read_bytes()[:5] == b"%PDF-"
        return png, pdf

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser, tmp_path):
    opened: list[Opened] = []

    def opener(html: str, name: str, viewport=None) -> Opened:
        page = Opened(browser, html, tmp_path, name, viewport)
        opened.append(page)
        return page

    yield opener
    for page in opened:
        page.close()


def pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def test_report_loads_offline_and_its_charts_carry_the_models_figures(open_page):
    report = junior_report()
    page = open_page(render_report_html(report), "report")
    page.check_clean_load()
    scored = [c for c in report.categories if c.score is not None]
    assert page.count("svg[data-chart=categories] rect.point") == len(scored)
    assert page.titles("svg[data-chart=categories] rect.point") == [
        f"{c.name}: {c.score:.1f}% · {c.levels_met}/{c.levels_required} levels" for c in scored
    ]
    with_gap = sorted((s for s in report.skills if s.gap), key=lambda s: (-s.priority, s.id))
    assert page.count("svg[data-chart=gaps] rect.point") == len(with_gap)
    gap_titles = page.titles("svg[data-chart=gaps] rect.point")
    assert [t.split(":")[0] for t in gap_titles] == [s.name for s in with_gap]
    # The gaps table is the chart's text alternative: the same skills, the same priorities.
    cells = page.page.locator("table[data-table=gaps] tbody tr td:last-child").all_text_contents()
    assert cells == [f"{s.priority:g}" for s in with_gap]
    assert page.page.locator("[data-figure=readiness]").text_content() == f"{report.readiness:.1f}%"
    # The summary is on the first screen.
    box = page.page.locator("#summary").bounding_box()
    assert box is not None and box["y"] < 200
    _, pdf = page.keep()
    # The summary, then the four long sections, each from a new page (some take several).
    assert pdf_pages(pdf) >= 5


def test_report_with_checks_plots_every_check(open_page):
    report = checked_report()
    page = open_page(render_report_html(report), "checked")
    page.check_clean_load()
    right = sum(1 for a in report.calibration.answers if a.correct)
    assert page.count("svg[data-chart=calibration] circle.check") == right
    assert page.count("svg[data-chart=calibration] path.check") == report.calibration.items - right
    bars = page.titles("svg[data-chart=calibration] rect")
    assert bars == [
        f"How sure you felt: {round(report.calibration.mean_confidence * 100)}%",
        f"How often you were right: {round(report.calibration.accuracy * 100)}%",
    ]
    page.keep()


def test_compare_plots_readiness_over_time(open_page):
    cmp = comparison()
    page = open_page(render_compare_html(cmp), "compare")
    page.check_clean_load()
    assert page.count("svg[data-chart=readiness] circle.point") == len(cmp.timeline)
    points = page.page.locator("svg[data-chart=readiness] polyline").get_attribute("points")
    assert len(points.split()) == len(cmp.timeline)
    assert page.titles("svg[data-chart=readiness] circle.point") == [
        f"{p.ref} ({p.created_at[:10]}): {p.readiness:.1f}%" for p in cmp.timeline
    ]
    page.keep()


def test_schedule_timeline_has_a_bar_per_week_item(open_page):
    plan = schedule()
    page = open_page(render_schedule_html(plan), "schedule")
    page.check_clean_load()
    items = [item for week in plan.weeks for item in week.items]
    assert page.count("svg[data-chart=timeline] rect.point") == len(items)
    titles = page.titles("svg[data-chart=timeline] rect.point")
    assert [t.split(":")[0] for t in titles] == [
        f"Week {w.number} ({w.start})" for w in plan.weeks for _ in w.items
    ]
    assert page.count(".week") == len(plan.weeks)
    page.keep()


def test_cohort_heatmap_cells_and_level_bars(open_page, tmp_path):
    result = cohort(tmp_path)
    page = open_page(render_cohort_html(result), "cohort")
    page.check_clean_load()
    assert result.learners is not None
    assert page.count("table[data-table=heatmap] td.heat") == len(result.learners) * len(
        result.categories
    )
    shown = page.page.locator("table[data-table=heatmap] tbody td.heat").all_text_contents()
    assert shown == [
        "-" if row.categories.get(c.id) is None else f"{row.categories[c.id]:.1f}"
        for row in result.learners
        for c in result.categories
    ]
    segments = [
        (s.name, n, count)
        for s in result.skills
        for n, count in enumerate([*(s.levels[str(level)] for level in range(5)), s.not_assessed])
        if count
    ]
    assert page.count("svg[data-chart=levels] rect.point") == len(segments)
    titles = page.titles("svg[data-chart=levels] rect.point")
    assert [t.split(":")[0] for t in titles] == [name for name, _, _ in segments]
    assert [int(t.split(": ")[1].split()[0]) for t in titles] == [c for _, _, c in segments]
    page.keep()


@pytest.mark.parametrize("which", ["report", "schedule", "cohort"])
def test_pages_fit_a_phone_screen(open_page, tmp_path, which):
    html = {
        "report": lambda: render_report_html(junior_report()),
        "schedule": lambda: render_schedule_html(schedule()),
        "cohort": lambda: render_cohort_html(cohort(tmp_path)),
    }[which]()
    page = open_page(html, f"{which}-phone", viewport=PHONE)
    page.check_clean_load()
    # Wide charts and tables scroll inside their own box; the page itself never does.
    width = page.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    font = page.page.evaluate("getComputedStyle(document.body).fontSize")
    assert font == "16px"
    page.page.screenshot(path=str(tmp_path / f"{which}-phone.png"))


OVERFLOW = """[...document.querySelectorAll('.table-wrap, figure.chart')].map(box => [
    box.querySelector('[data-table]')?.dataset.table ?? box.dataset.chart,
    box.scrollWidth - box.clientWidth])"""


def test_cohort_tables_fit_a_desktop_window_and_names_stay_readable_on_a_phone(open_page, tmp_path):
    result = class_cohort(tmp_path)
    assert result.belief and result.belief.categories and result.items  # every section
    html = render_cohort_html(result)
    wide = open_page(html, "class-desktop", viewport={"width": 1200, "height": 900})
    wide.check_clean_load()
    # At 1200 px nothing scrolls sideways: the heatmap's nine category names run up their
    # columns, the belief tables' names wrap in their own column.
    overflow = wide.page.evaluate(OVERFLOW)
    assert [name for name, _ in overflow] == [
        "heatmap",
        "levels",
        "skills",
        "priorities",
        "at-risk",
        "belief",
        "belief-skills",
        "items",
    ]
    assert [name for name, extra in overflow if extra > 0] == []
    wide.page.screenshot(path=str(tmp_path / "class-desktop.png"), full_page=True)

    phone = open_page(html, "class-phone", viewport=PHONE)
    phone.check_clean_load()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    overflow = dict(phone.page.evaluate(OVERFLOW))
    # The levels chart neither scrolls nor shrinks: each name is HTML text above its bar,
    # at the legends' size, and the bar takes the screen's width.
    assert overflow["levels"] <= 0
    sizes = phone.page.evaluate(
        "[...document.querySelectorAll('.level-name')].map(n => getComputedStyle(n).fontSize)"
    )
    assert len(sizes) == len(result.skills) and set(sizes) == {"14px"}
    name = phone.page.locator(".level-name").first.bounding_box()
    bar = phone.page.locator("svg.level-bar").first.bounding_box()
    assert name is not None and bar is not None
    assert bar["y"] >= name["y"] + name["height"] - 1 and bar["width"] >= 300
    # Tables of a few columns fit; wider ones scroll in their box, their first column (the
    # learner, skill or category) kept in view.
    assert overflow["priorities"] <= 0 and overflow["at-risk"] <= 0
    for table, extra in overflow.items():
        if extra > 0 and table != "levels":
            first = phone.page.locator(f"table[data-table={table}] tbody td").first
            assert first.evaluate("td => getComputedStyle(td).position") == "sticky", table
    phone.page.screenshot(path=str(tmp_path / "class-phone.png"), full_page=True)


def test_print_starts_each_long_section_on_a_new_page(open_page):
    page = open_page(render_report_html(junior_report()), "report-print")
    page.page.emulate_media(media="print")
    breaks = page.page.evaluate(
        "[...document.querySelectorAll('section')]"
        ".map(s => [s.id, getComputedStyle(s).breakBefore])"
    )
    assert breaks == [
        ["summary", "auto"],
        ["categories", "page"],
        ["gaps", "page"],
        ["plan", "page"],
        ["roles", "page"],
    ]
    assert page.page.locator("nav").is_hidden()
