"""The fixed data addresses of a real `streamlit run dashboard.py`: the descriptor, each table's CSV read back
by pandas equal to data/, revalidation with ETags, broken tables not served, and their listing on Sources."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pandas as pd
import pytest

from desertion.schema import TABLES
from tests.browser.conftest import local_only_page, start_server, stop_server, wait_for_app
from tests.conftest import DATA

pytestmark = pytest.mark.browser


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def test_descriptor_and_every_table_read_back_equal_to_data(server):
    status, headers, body = fetch(f"{server.url}/data/datapackage.json")
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert headers["etag"] and headers["cache-control"] == "no-cache"
    descriptor = json.loads(body)
    shipped = [n for n in TABLES if (DATA / TABLES[n].file_name).exists()]
    assert [r["name"] for r in descriptor["resources"]] == shipped
    for resource in descriptor["resources"]:
        url = f"{server.url}/data/{resource['path']}"  # resolved against the descriptor's own address
        status, headers, raw = fetch(url)
        assert status == 200 and headers["content-type"] == "text/csv; charset=utf-8"
        assert headers["etag"] and headers["last-modified"]
        assert raw == (DATA / resource["path"]).read_bytes()
        pd.testing.assert_frame_equal(pd.read_csv(url), pd.read_csv(DATA / resource["path"]))
        assert fetch(url, {"If-None-Match": headers["etag"]})[0] == 304
    assert fetch(f"{server.url}/data/datapackage.json", {"If-None-Match": json.dumps(None)})[0] == 200


def test_unknown_and_absent_tables_answer_404(server):
    status, _, body = fetch(f"{server.url}/data/no_such_table.csv")
    assert status == 404 and b"datapackage.json" in body
    status, _, body = fetch(f"{server.url}/data/court_records.csv")  # optional, not shipped
    assert status == 404 and b"absent" in body


def test_a_broken_table_is_not_served_and_the_descriptor_says_so(shipped_data_copy, tmp_path):
    path = shipped_data_copy / "court_counts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",false,", ",maybe,", 1), encoding="utf-8")
    srv = start_server(tmp_path, data_dir=shipped_data_copy)
    try:
        status, headers, body = fetch(f"{srv.url}/data/court_counts.csv")
        assert status == 404 and headers["content-type"].startswith("text/plain")
        assert b"failed validation" in body and b"'maybe'" in body
        descriptor = json.loads(fetch(f"{srv.url}/data/datapackage.json")[2])
        assert "court_counts" not in [r["name"] for r in descriptor["resources"]]
        assert [f["name"] for f in descriptor["x-not-published"]] == ["court_counts"]
        assert fetch(f"{srv.url}/data/events.csv")[0] == 200  # the others still are
    finally:
        stop_server(srv)


def test_sources_page_lists_the_addresses(browser, server):
    with local_only_page(browser, server.url) as page:
        page.goto(f"{server.url}/sources")
        wait_for_app(page)
        page.get_by_text("Data by address, for scripts").wait_for()
        code = page.locator('[data-testid="stCode"]').filter(has_text="read_csv").inner_text()
        assert f'pd.read_csv("{server.url}/data/court_counts.csv")' in code
        grid = page.locator('[data-testid="stDataFrame"]').filter(has_text="datapackage.json")
        grid.wait_for()
