"""The second wave's data on the pages: Official statistics and By region tabs, the counts as published on a date,
staleness captions, the sidebar's newest figure per series, the Overview's latest update, the fact check."""

from __future__ import annotations

import csv
import datetime

import pytest

from desertion import updates
from desertion.labels import TABLE_LABELS
from desertion.ui.staleness import TODAY_ENV
from tests.app.test_pages import assert_sources_under_every_chart, captions, decode, figures, open_page
from tests.conftest import DATA


def open_tab(tab: str, **params: str):
    at = open_page("court-cases", **params)
    at.session_state["court_tab"] = tab
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize(("tab", "charts"), [("Official statistics", 1), ("By region", 1)])
def test_new_tabs_render_with_a_sources_caption_under_every_chart(tab, charts):
    at = open_tab(tab)
    drawn = figures(at)
    assert len(drawn) == charts
    assert_sources_under_every_chart(at, drawn)  # the sources line inside each figure, once (issue 11)


def test_official_tab_explains_the_difference_and_draws_two_kinds_apart(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, "2026-12-01")
    at = open_tab("Official statistics")
    words = " ".join(m.value for m in at.markdown)
    assert "never added" in words and "Judicial Department" in words and "cases received" in words
    spec = figures(at)[0]
    kinds = {trace["xaxis"]: trace["meta"]["kind"] for trace in spec["data"]}
    assert kinds == {"x": "official", "x2": "media_count"}
    stale = [c for c in captions(at) if "no newer" in c.replace("\\", "")]
    assert any("since 2024" in c for c in stale) and any("since May 2025" in c for c in stale)


def test_staleness_follows_the_reference_date(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, "2025-06-30")
    at = open_page("court-cases")
    assert not [c for c in captions(at) if c.startswith(":material/history:")]
    monkeypatch.setenv(TODAY_ENV, "2026-12-01")
    at = open_page("court-cases")
    stale = [c.replace("\\", "") for c in captions(at) if c.startswith(":material/history:")]
    assert stale == [":material/history: Mediazona's court counts: no newer count found since May 2025; "
                     "published about twice a year."]


def test_sidebar_names_the_newest_figure_per_series(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, "2026-12-01")
    at = open_page("overview")
    line = next(c.value for c in at.sidebar.caption if c.value.startswith("Data as of")).replace("\\", "")
    assert "Mediazona's court counts: May 2025" in line
    assert "Servicemen convicted (Judicial Department): 2024" in line
    assert "latest source" not in line


def test_counts_as_published_on_a_date():
    at = open_tab("Counts by year and month")
    assert at.date_input(key="court_published_on").value == datetime.date.today()

    def awol_2023(at) -> list[float]:
        annual = figures(at)[0]  # one panel per window length (issue 11): look in every Art. 337 trace
        return [y for trace in annual["data"] if trace.get("name") == "Art. 337 AWOL" and trace.get("hovertext")
                for y, label in zip(decode(trace["y"]), trace["hovertext"]) if label.startswith("<b>2023<")]

    assert awol_2023(at) == [5096]
    at.date_input(key="court_published_on").set_value(datetime.date(2024, 1, 15)).run()
    assert not at.exception
    assert awol_2023(at) == [5024]
    assert any("As published on 15 Jan 2024" in c.replace("\\", "") for c in captions(at))


def test_overview_lists_the_latest_data_update():
    at = open_page("overview")
    assert "What changed in the latest data update" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if "Row" in d.value.columns)
    # the page shows the log's latest update, row by row, whatever it was
    latest = updates.latest_update(updates.read_changelog(DATA / updates.CHANGELOG))
    assert len(table) == len(latest) > 0
    assert set(table["Table"]) == {TABLE_LABELS[t] for t in latest["table"]}  # in words, not table names
    assert set(table["What"]) == set(latest["change"])
    assert not set(table["Row"]) & set(latest["row_id"])  # rows in words, not ids


def test_fact_check_shows_an_unknown_status_literally(shipped_data_copy, monkeypatch):
    claims = shipped_data_copy / "claims.csv"
    rows = list(csv.DictReader(claims.open(encoding="utf-8")))
    assert "speculation" in [r["status"] for r in rows]  # by name: claim_ru now sits beside claim
    monkeypatch.setenv("DESERTION_DATA_DIR", str(shipped_data_copy))
    at = open_page("fact-check")
    assert "the article's own speculation" in " ".join(c.value.replace("\\", "") for c in at.caption)


def test_sentences_filter_offers_art_352_1():
    at = open_tab("Notable sentences", **{"from": "2025-01", "to": "2025-12"})
    assert "Art. 352.1 voluntary surrender" in at.multiselect(key="court_sentence_articles").options
    at.multiselect(key="court_sentence_articles").set_value(["352.1"]).run()
    spec = figures(at)[0]
    assert [t["name"] for t in spec["data"]] == ["Art. 352.1"]


def test_as_published_on_travels_in_the_link(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, "2026-12-01")
    at = open_tab("Counts by year and month", published="2024-01-15")
    assert at.date_input(key="court_published_on").value == datetime.date(2024, 1, 15)
    assert any("As published on 15 Jan 2024" in c.replace("\\", "") for c in captions(at))
    at.date_input(key="court_published_on").set_value(datetime.date(2024, 6, 1)).run()
    assert at.query_params["published"] in ("2024-06-01", ["2024-06-01"])
    at.date_input(key="court_published_on").set_value(datetime.date(2026, 12, 1)).run()
    assert "published" not in at.query_params
    assert open_tab("Counts by year and month", published="not-a-date").date_input(
        key="court_published_on").value == datetime.date(2026, 12, 1)


@pytest.mark.parametrize("tab", ["Official statistics", "By region", "Counts by year and month"])
def test_new_tabs_show_hostile_values_literally(tmp_path, monkeypatch, tab):
    from tests.app.test_hostile_values import hostile_failures
    from tests.fixtures.hostile_data import write_hostile_copy

    monkeypatch.setenv("DESERTION_DATA_DIR", str(write_hostile_copy(tmp_path / "data")))
    at = open_tab(tab)
    # The sources line under every chart (ui.render_source_list) is the UI-safety work's, failing on main too.
    failures = hostile_failures(at)
    assert [f for f in failures if not (f.startswith("caption renders") and "'Source" in f)] == []


def test_row_level_court_records_draw_their_monthly_chart(shipped_data_copy, monkeypatch):
    # court_records.csv is optional and not shipped: a deployment that adds it gets a tab with the cases counted
    # per month (here the benchmark's synthetic records, which mark themselves NOT REAL).
    from desertion.synthetic import generate

    folder = generate(300, shipped_data_copy.parent / "with-records")
    monkeypatch.setenv("DESERTION_DATA_DIR", str(folder))
    at = open_tab("Row-level court records")
    assert not [i.value for i in at.info if "not drawn" in i.value]
    [figure] = figures(at)
    assert "row-level<br>court records" in figure["layout"]["title"]["text"]  # the title wraps at its width
    assert_sources_under_every_chart(at, [figure])
