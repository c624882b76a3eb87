"""The Data page in a real browser: a broken upload is explained and changes nothing; a valid one lands
with the old version kept, and the dashboard shows it."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from desertion.testing import start_server, stop_server
from tests.browser.conftest import local_only_page, screenshot, wait_for_app
from tests.conftest import DATA

UPLOAD = '[data-testid="stFileUploaderDropzoneInput"]'


def digest(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def editing_server(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("changelog.csv"))  # so the page must write one
    server = start_server(tmp_path, data_dir=data, env={"DESERTION_EDITING": "1"})
    yield server, data
    stop_server(server)


@pytest.mark.browser
def test_data_page_is_read_only_by_default(browser, server):
    with local_only_page(browser, server.url) as page:
        page.goto(server.url + "/data")
        wait_for_app(page)
        assert page.get_by_text("Editing is off").is_visible()
        assert page.locator(UPLOAD).count() == 0


@pytest.mark.browser
def test_broken_upload_is_explained_and_a_valid_one_lands(browser, editing_server, tmp_path):
    server, data = editing_server
    lines = (data / "events.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    broken_row = lines[2].split(",")
    broken_row[header.index("date_start")] = "13.06.2023"
    broken = tmp_path / "events broken.csv"
    broken.write_text("\n".join([lines[0], lines[1], ",".join(broken_row), *lines[3:]]) + "\n", encoding="utf-8")
    before = digest(data)
    with local_only_page(browser, server.url) as page:
        page.goto(server.url + "/data")
        wait_for_app(page)
        page.get_by_test_id("stSelectbox").filter(has_text="Table").first.click()
        page.get_by_role("option", name="events.csv", exact=True).click()
        wait_for_app(page)
        page.locator(UPLOAD).set_input_files(str(broken))
        page.get_by_text("problem(s) in events broken.csv").wait_for()
        report = page.locator('[data-testid="stCode"]').inner_text()
        assert "events broken.csv:3: column 'date_start': found '13.06.2023', expected an ISO date" in report, report
        assert digest(data) == before  # nothing written, no history, no log
        screenshot(page, "data-rejected")

        updated_row = lines[1].replace(lines[1].split(",")[header.index("title")], "Partial mobilisation (checked)", 1)
        valid = tmp_path / "events.csv"
        valid.write_text("\n".join([lines[0], updated_row, *lines[2:]]) + "\n", encoding="utf-8")
        page.locator(UPLOAD).set_input_files(str(valid))
        page.get_by_text("is valid: 0 added, 1 changed, 0 removed").wait_for()
        page.get_by_role("button", name="Write these changes to events.csv").wait_for()
        page.get_by_role("tab", name="Changed (1)").click()
        screenshot(page, "data-preview")
        page.get_by_role("button", name="Write these changes to events.csv").click()
        page.get_by_text("events.csv updated: 0 added, 1 changed, 0 removed").wait_for()
        assert "Partial mobilisation (checked)" in (data / "events.csv").read_text(encoding="utf-8")
        history = list((data / "history").glob("events-*.csv"))
        assert len(history) == 1 and history[0].read_text(encoding="utf-8").splitlines() == lines
        assert "events" in (data / "changelog.csv").read_text(encoding="utf-8")

        page.goto(server.url + "/timeline")
        wait_for_app(page, charts=1)
        assert page.get_by_text("Partial mobilisation (checked)").count() >= 1
