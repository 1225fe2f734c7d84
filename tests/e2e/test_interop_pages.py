"""Your data, import and the report in the real browser: a new person moves a journal over by
its download and upload; the report prints on one A4 and one Letter page; the new pages are axe
clean and fit a phone. Screenshots land in test-output/ for a person to look at."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import OUTPUT
from .test_accessibility import axe_check
from .test_phone import PHONE_OPTIONS, assert_no_sideways_scroll, screenshot
from .ui import sign_up

pytestmark = pytest.mark.e2e

PAGES = ["/export/", "/import/", "/report/", "/report/?period=12m&name=Olive+Example"]


def test_a_new_person_moves_a_journal_over_by_download_and_upload(demo, page, tmp_path):
    old = demo()
    old.goto("/accounts/delete/")
    with old.expect_download() as download:
        old.get_by_role("link", name="download your whole journal").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("bone-journal-")
    assert saved.suffix == ".json"

    sign_up(page)
    page.goto("/import/")
    page.get_by_label("The file").set_input_files(saved)
    page.get_by_role("button", name="Show what would be imported").click()
    expect(page.get_by_role("heading", name="Before anything is imported")).to_be_visible()
    expect(page.locator(".import-counts")).to_contain_text("Pain log")
    screenshot(page, "import-preview")
    button = page.get_by_role("button", name="Import")
    count = int(button.inner_text().split()[1])
    assert count > 1000
    button.click()
    expect(page.locator(".message-success")).to_contain_text(f"Imported {count:,} entries")
    page.goto("/dexa/")
    expect(page.locator("#list .entry")).to_have_count(3)
    # The same file again adds nothing.
    page.goto("/import/")
    page.get_by_label("The file").set_input_files(saved)
    page.get_by_role("button", name="Show what would be imported").click()
    expect(page.get_by_text("There is nothing new to import.")).to_be_visible()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_report_prints_on_one_page(demo, paper):
    page = demo()
    page.goto("/report/?period=12m&name=Olive+Example")
    expect(page.locator("img.report-chart")).to_have_js_property("complete", True)
    data = page.pdf(format=paper)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"report-printed-{paper}.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    words = reader.pages[0].extract_text()
    assert "12-month summary for a clinician" in words
    assert "Olive Example" in words
    assert "Log out" not in words  # the site's navigation is not printed


def test_the_report_pdf_opens_in_the_browser(demo):
    page = demo()
    response = page.request.get("/report.pdf?period=6m")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.body())).pages) == 1


@pytest.mark.parametrize("path", PAGES)
def test_the_new_pages_have_no_serious_axe_violations(demo, path):
    page = demo()
    page.goto(path)
    axe_check(page)


def test_the_import_preview_has_no_serious_axe_violations(demo):
    page = demo()
    page.goto("/import/")
    page.get_by_label("The file").set_input_files(
        files=[
            {
                "name": "other.csv",
                "mimeType": "text/csv",
                "buffer": b"Day,Pain\n2026-01-03,3\nx,4\n",
            }
        ]
    )
    page.get_by_role("button", name="Show what would be imported").click()
    expect(page.get_by_label("Pain score column")).to_have_value("Pain")
    axe_check(page)


@pytest.mark.parametrize("path", PAGES)
def test_the_new_pages_fit_a_phone(demo, path):
    page = demo(**PHONE_OPTIONS)
    page.goto(path)
    assert_no_sideways_scroll(page)
    if path.startswith("/report/?"):
        screenshot(page, "report-phone")
