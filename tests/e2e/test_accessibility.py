"""axe-core on every page, against WCAG 2.1 AA; plus the checks axe cannot make on its own.

Zero violations of impact serious or critical; the rest are printed at the end of the run.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import AXE_MINOR_FINDINGS, AXE_PAGES, PHONE
from .ui import sign_up

pytestmark = pytest.mark.e2e

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
AXE = Axe()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}

PUBLIC_PAGES = ["/accounts/login/", "/accounts/signup/", "/guidance/"]
# The dashboard full of flags and chart tables; each log's list and form; the profile pages.
# (/guidance/ is the same page logged in or out: checked above.)
DEMO_PAGES = [
    "/",
    *[
        f"/{log}/{suffix}"
        for log in (
            "pain",
            "dexa",
            "exercise",
            "height",
            "fractures",
            "medicines",
            "doses",
            "labs",
            "falls",
            "treatments",
            "mood",
            "sleep",
            "peg",
        )
        for suffix in ("", "new/")
    ],
    "/sessions/",
    "/sessions/new/",
    "/insights/",
    "/profile/",
    "/accounts/password_change/",
    "/accounts/delete/",
]
# Pages reached from a list: the first entry's edit page, delete confirmation, scan detail.
ENTRY_PAGES = [
    ("pain", "edit"),
    ("pain", "delete"),
    ("dexa", "edit"),
    ("dexa", "detail"),
    ("medicines", "detail"),
    ("medicines", "edit"),
    ("medicines", "delete"),
    ("medicines", "took"),
    ("doses", "edit"),
    ("labs", "edit"),
    ("falls", "edit"),
    ("treatments", "detail"),
    ("treatments", "delete"),
    ("mood", "detail"),
    ("mood", "edit"),
]


def axe_check(page) -> None:
    """Run axe on the page as it stands, every disclosure open; fail on serious or critical."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    results = AXE.run(page, options=AXE_OPTIONS)
    path = page.url.split("//", 1)[1].split("/", 1)[1]
    AXE_PAGES.append(f"/{path}")
    blocking = []
    for violation in results.response["violations"]:
        targets = [" ".join(map(str, n["target"])) for n in violation["nodes"]]
        line = f"/{path} [{violation['impact']}] {violation['id']}: {violation['help']} {targets}"
        (blocking if violation["impact"] in BLOCKING else AXE_MINOR_FINDINGS).append(line)
        print(line)
    assert not blocking, "axe found serious or critical violations:\n" + "\n".join(blocking)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_axe_violations(page, path):
    page.goto(path)
    axe_check(page)


@pytest.mark.parametrize("path", DEMO_PAGES)
def test_journal_page_has_no_serious_axe_violations(demo, path):
    page = demo()
    page.goto(path)
    axe_check(page)


@pytest.mark.parametrize(("log", "kind"), ENTRY_PAGES)
def test_entry_page_has_no_serious_axe_violations(demo, log, kind):
    page = demo()
    page.goto(f"/{log}/")
    pk = page.locator("#list .entry").first.get_attribute("id").removeprefix("entry-")
    page.goto(f"/{log}/{pk}/" if kind == "detail" else f"/{log}/{pk}/{kind}/")
    axe_check(page)


def test_medicine_and_lab_forms_with_errors_have_no_serious_axe_violations(page):
    sign_up(page)
    for path in ("/medicines/new/", "/doses/new/", "/labs/new/"):
        page.goto(path)
        page.get_by_role("button", name="Save").click()
        page.locator(".error-summary").wait_for()
        axe_check(page)


@pytest.mark.parametrize("path", ["/", "/guidance/"])
def test_phone_layout_has_no_serious_axe_violations(demo, path):
    """The phone layout restyles tables (the guidance's rules become blocks): still accessible."""
    page = demo(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(path)
    axe_check(page)


def test_empty_dashboard_has_no_serious_axe_violations(page):
    sign_up(page)
    axe_check(page)


def test_pages_with_form_errors_have_no_serious_axe_violations(page):
    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Sign up").click()
    axe_check(page)
    sign_up(page)
    # Pain (button groups), DEXA (its grid), plain fields, and the PHQ-9 and PEG answer rows.
    for path in ("/pain/new/", "/dexa/new/", "/fractures/new/", "/mood/new/", "/peg/new/"):
        page.goto(path)
        page.get_by_label("Date").fill("")
        page.get_by_role("button", name="Save").click()
        page.locator(".error-summary").wait_for()
        axe_check(page)
    page.goto("/")
    page.locator("#quick form").evaluate("f => { f.noValidate = true; }")
    page.locator("#quick").get_by_role("button", name="Save").click()
    page.locator("#quick .error-summary").wait_for()
    axe_check(page)


def test_form_errors_are_announced_and_linked_to_their_fields(page):
    # Sign-up: a password confirmation that does not match.
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("someone-new")
    page.get_by_label("Password", exact=True).fill("a long e2e passphrase 7")
    page.get_by_label("Password confirmation").fill("something else entirely")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")
    assert_linked_error(page, "#id_password2")

    sign_up(page)
    # The full DEXA form: a T-score out of range.
    page.goto("/dexa/new/")
    page.get_by_label("Lumbar spine T-score").fill("-12")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")
    assert_linked_error(page, "#id_spine_t")

    # The quick entry, posted without the browser's own check (as a browser without one would):
    # both fieldsets point at their messages, and the summary is an alert.
    page.goto("/")
    page.locator("#quick form").evaluate("f => { f.noValidate = true; }")
    page.locator("#quick").get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#quick [role=alert]")).to_contain_text("Nothing was saved")
    for name in ("score", "locations"):
        fieldset = page.locator(f"#quick fieldset:has(input[name={name}])")
        expect(fieldset).to_have_attribute("aria-describedby", f"id_{name}_error")
        expect(page.locator(f"#id_{name}_error")).to_be_visible()
    expect(page.locator("#id_score_error")).to_have_text("Choose a pain score from 0 to 10.")


def assert_linked_error(page, field: str) -> None:
    """The field is marked invalid and described by a visible message that names the problem."""
    control = page.locator(field)
    expect(control).to_have_attribute("aria-invalid", "true")
    described = control.get_attribute("aria-describedby").split()
    error_ids = [i for i in described if i.endswith("_error")]
    assert error_ids, f"{field} is not described by its error"
    message = page.locator(f"#{error_ids[0]}")
    expect(message).to_be_visible()
    expect(message).not_to_be_empty()
    # What a screen reader says on reaching the field includes the message.
    expect(control).to_have_accessible_description(re.compile(re.escape(message.inner_text())))


def test_score_buttons_and_places_have_accessible_names(signed_up):
    quick = signed_up.locator("#quick")
    # Each score says its band too, "4 out of 10, moderate": the words its colour shows.
    bands = ["none"] + ["mild"] * 3 + ["moderate"] * 3 + ["severe"] * 4
    for score, band in enumerate(bands):
        name = f"{score} out of 10, {band}"
        expect(quick.get_by_role("radio", name=name, exact=True)).to_have_count(1)
    expect(quick.get_by_role("radio")).to_have_count(11)
    group = quick.get_by_role("group", name=re.compile(r"^Pain now: 0 is none, 10 the worst"))
    expect(group.get_by_role("radio")).to_have_count(11)
    for place in ("Lower back", "Upper or mid back", "Neck", "Hip", "Knee", "Wrist", "Shoulder"):
        expect(quick.get_by_role("checkbox", name=place, exact=True)).to_have_count(1)
    expect(quick.get_by_role("button", name="Save", exact=True)).to_be_visible()
