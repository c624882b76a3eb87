"""Every page through Streamlit's AppTest: default view, a period from the query string, an empty period,
an invalid link, and a broken table that leaves the other pages working."""

from __future__ import annotations

import base64
import csv
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

PAGES = {
    "overview": "pages/overview.py", "requests": "pages/requests.py", "court-cases": "pages/court-cases.py",
    "quotes": "pages/quotes.py", "timeline": "pages/timeline.py", "fact-check": "pages/fact-check.py",
    "sources": "pages/sources.py", "present": "pages/present.py", "data": "pages/data.py",
}
CHARTS = {"overview": 1, "requests": 1, "court-cases": 1, "quotes": 0, "timeline": 1, "fact-check": 0, "sources": 0,
          "present": 0, "data": 0}
TIMEOUT_S = 60


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=TIMEOUT_S)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def decode(array) -> np.ndarray:
    """Plotly 7 stores numeric arrays as {'dtype', 'bdata'}; plain lists pass through."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return np.asarray(array)


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def assert_sources_under_every_chart(at: AppTest, specs: list[dict]) -> None:
    """Each chart carries its sources line inside the figure (once: no caption repeats it) and has the
    expandable list of its sources under it; a page without charts has a sources caption under its table."""
    for spec in specs:
        lines = [a["text"] for a in spec["layout"]["annotations"] if a.get("templateitemname") == "source"]
        assert len(lines) == 1 and lines[0].startswith("Source") and "none" not in lines[0]
        assert lines[0] not in captions(at)
    assert len([e for e in at.expander if e.label == "Sources, with links"]) >= len(specs)
    if not specs:
        assert any(c.replace("\\", "").startswith(("Source: ", "Sources: ")) for c in captions(at))  # escaped text


@pytest.mark.parametrize("page", PAGES)
def test_default_view_renders_with_sources_under_every_chart(page):
    at = open_page(page)
    assert at.selectbox(key="period_preset").value == "All time"
    charts = figures(at)
    assert len(charts) == CHARTS[page]
    if charts:
        assert_sources_under_every_chart(at, charts)
    for spec in charts:
        assert spec["layout"]["title"]["subtitle"]["text"]  # the period
        assert any(a.get("templateitemname") == "source" and a["text"].startswith("Source")
                   for a in spec["layout"]["annotations"])


@pytest.mark.parametrize("page", PAGES)
def test_period_from_the_query_string_reaches_every_page(page):
    at = open_page(page, **{"from": "2023-09", "to": "2023-11"})
    assert at.selectbox(key="period_preset").value == "Sep–Nov 2023"
    for spec in figures(at):
        # Issue 11: the subtitle says what is counted, then the period on its last line (was: startswith).
        assert spec["layout"]["title"]["subtitle"]["text"].endswith("Sep 2023 – Nov 2023")
    assert any("Sep 2023 – Nov 2023" in c for c in captions(at))


@pytest.mark.parametrize("page", PAGES)
def test_invalid_query_string_falls_back_with_a_notice(page):
    at = open_page(page, **{"from": "banana"})
    assert at.selectbox(key="period_preset").value == "All time"
    assert any("not a month" in w.value for w in at.sidebar.warning)


@pytest.mark.parametrize("page", ["overview", "requests", "court-cases", "quotes", "timeline"])
def test_an_empty_period_says_so(page):
    at = open_page(page, **{"from": "2021-03", "to": "2021-04"})
    texts = [i.value for i in at.info] + [m.label + m.value for m in at.metric]
    texts += [a["text"] for spec in figures(at) for a in spec["layout"]["annotations"]]
    assert any("No data for this period" in t or "No events in this period" in t or "No quote" in t
               or "No quotes" in t or "—" in t for t in texts), texts


def test_overview_headlines_for_the_article_period():
    at = open_page("overview", **{"from": "2023-09", "to": "2023-11"})
    values = {m.label.replace("\\", ""): m.value for m in at.metric}  # labels are Markdown-escaped
    # Each card's label says what it counts and for which window.
    assert at.metric[0].label.replace("\\", "") == "Requests to Idite Lesom for help to desert, Sep–Nov 2023"
    assert at.metric[0].value == "577"
    assert at.metric[0].delta == r"+89\.2\% vs Jun–Aug 2023"  # Markdown-escaped: Streamlit renders deltas as Markdown
    # The whole-year 2023 AWOL count lies mostly outside Sep–Nov 2023: not its headline, offered as the nearest.
    assert values["AWOL cases (Art. 337) received by courts"] == "—"
    assert "not reported for this period" in captions(at)
    assert "Nearest reported figure: 5,096 cases in 2023." in [c.replace("\\", "") for c in captions(at)]
    assert values["AWOL cases (Art. 337) received by courts, H1 2023"] == "2,076"  # the article's figure
    assert values["Longest known sentence handed down in the period"] == "13 years"
    assert any("The Moscow Times" in m.value for m in at.markdown)


def test_choosing_a_preset_updates_the_url_and_the_charts():
    at = open_page("requests")
    at.selectbox(key="period_preset").set_value("Jun–Aug 2023").run()
    assert not at.exception
    assert dict(at.query_params) == {"from": "2023-06", "to": "2023-08"}
    spec = figures(at)[0]
    assert spec["layout"]["title"]["subtitle"]["text"].endswith("Jun 2023 – Aug 2023")  # issue 11: was ==
    bars = [trace for trace in spec["data"] if trace["type"] == "bar"]
    # Issue 11: one panel (trace) per window length, so the bars are gathered from every trace (was: bars[0]).
    hatched = {float(v): shape for bar in bars for v, shape in zip(decode(bar["y"]), bar["marker"]["pattern"]["shape"])}
    # Jun, Jun–Aug inside; the Feb 2023–Jan 2024 count overlaps the period: shown, hatched, not cut down.
    assert hatched == {54.0: "", 305.0: "", 2086.0: "/"}
    at.selectbox(key="period_preset").set_value("All time").run()
    assert "from" not in at.query_params


def test_custom_period_opens_two_month_menus():
    at = open_page("court-cases")
    at.selectbox(key="period_preset").set_value("Custom…").run()
    at.selectbox(key="period_from").set_value("2024-01").run()
    at.selectbox(key="period_to").set_value("2024-06").run()
    assert not at.exception
    assert dict(at.query_params) == {"from": "2024-01", "to": "2024-06"}
    assert figures(at)[0]["layout"]["title"]["subtitle"]["text"].endswith("Jan 2024 – Jun 2024")  # issue 11: was ==
    # A 'from' after the 'to' is swapped, in the URL and in both menus.
    at.selectbox(key="period_from").set_value("2024-09").run()
    assert dict(at.query_params) == {"from": "2024-06", "to": "2024-09"}
    assert (at.selectbox(key="period_from").value, at.selectbox(key="period_to").value) == ("2024-06", "2024-09")


@pytest.mark.parametrize(("params", "url"), [({"from": "banana"}, {}), ({"from": "²", "to": "x"}, {}),
                                             ({"from": "2023-11", "to": "2023-09"}, {"from": "2023-09", "to": "2023-11"})])
def test_the_address_is_rewritten_to_the_period_shown(params, url):
    at = open_page("requests", **params)
    assert dict(at.query_params) == url
    assert len(at.sidebar.warning) == 1  # the notice, this once


def test_per_month_toggle_normalises_windows():
    at = open_page("requests", **{"from": "2023-06", "to": "2023-08"})
    at.toggle(key="requests_per_month").set_value(True).run()
    bars = [t for t in figures(at)[0]["data"] if t["type"] == "bar"]
    # Issue 11: one panel (trace) per window length (was: all in bars[0]).
    assert sorted(np.round(np.concatenate([decode(b["y"]) for b in bars]), 2)) == \
        [54.0, round(305 / 3, 2), round(2086 / 12, 2)]


def test_requests_comparison_recomputes_89_percent():
    at = open_page("requests")
    cards = [(m.label, m.value, m.proto.delta) for m in at.metric]
    cards = [(label.replace("\\", ""), value, delta.replace("\\", "")) for label, value, delta in cards]  # escaped
    assert cards == [("Window A: Jun–Aug 2023", "305", ""), ("Window B: Sep–Nov 2023", "577", ""),
                     ("Change, B against A", "+272", "+89.2%")]
    at.selectbox(key="requests_compare_a").set_value("Sep–Nov 2023").run()
    at.selectbox(key="requests_compare_b").set_value("Jun–Aug 2023").run()
    assert [(m.value, m.proto.delta.replace("\\", "")) for m in at.metric] == [("577", ""), ("305", ""),
                                                                             ("−272", "−47.1%")]


def test_court_scope_selector_never_mixes_scopes():
    at = open_page("court-cases")
    at.radio(key="court_scope").set_value("since_invasion").run()
    spec = figures(at)[0]
    # Issue 11: the title states the finding; the scope in full is in the subtitle (was: in the title).
    assert "since the full-scale invasion" in spec["layout"]["title"]["subtitle"]["text"].replace("<br>", " ")
    assert "since the invasion" in spec["layout"]["title"]["text"]
    assert all(len(decode(trace["y"])) >= 1 for trace in spec["data"] if trace.get("y") is not None)


def test_quote_search_and_permalink():
    at = open_page("quotes")
    total = len(at.text)
    at.text_input(key="quotes_search").input("rotation").run()
    assert 0 < len(at.text) < total
    assert all("rotation" in t.value.casefold() for t in at.text)
    linked = open_page("quotes", quote="q-2023-12-05-krivenko-a")
    assert linked.text[0].value.startswith("\u201cA year has passed since the beginning of mobilization.")


@pytest.mark.parametrize(("quote", "notice"), [("q-2099-01-01-nobody", True), ("²", False)])
def test_a_quote_link_that_shows_nothing_leaves_the_address(quote, notice):
    at = open_page("quotes", quote=quote)
    assert "quote" not in at.query_params
    assert any("not in the data" in w.value for w in at.warning) == notice


def test_a_broken_table_shows_its_error_and_the_rest_still_works(shipped_data_copy, monkeypatch):
    (shipped_data_copy / "court_counts.csv").write_bytes(b"record_id;value\nx;1\n")
    monkeypatch.setenv("DESERTION_DATA_DIR", str(shipped_data_copy))
    at = open_page("court-cases")
    assert len(figures(at)) == 1  # the running totals still draw
    at.session_state["court_tab"] = "Counts by year and month"
    at.run()
    errors = " ".join(e.value for e in at.error).replace("\\", "")  # data text in errors is Markdown-escaped
    assert "court_counts table failed validation" in errors and "separated by ';'" in errors
    at.session_state["court_tab"] = "Notable sentences"
    at.run()
    assert len(figures(at)) == 1 and not at.exception
    assert not open_page("requests").exception


def test_presentation_steps_through_slides_in_the_url():
    at = open_page("present", **{"from": "2023-09", "to": "2023-11"})
    assert at.title[0].value == "Desertion Monitor"
    assert any("Period: Sep–Nov 2023" in t.value for t in at.text)
    at.button(key="present_next").click().run()
    assert at.query_params["slide"] == "2"
    assert at.title[0].value.replace("\\", "") == "Idite Lesom reported 577 requests for help to desert in Sep–Nov 2023"
    assert [m.value for m in at.metric][:1] == ["577"]
    at.button(key="present_prev").click().run()
    assert at.query_params["slide"] == "1"


@pytest.mark.parametrize(("slide", "title"), [("3", "Requests for help to desert fell: 218 → 175 (−20%)"),
                                              ("99", "Sources"),
                                              ("abc", "Desertion Monitor"), ("0", "Desertion Monitor"),
                                              ("²", "Desertion Monitor"), ("①", "Desertion Monitor"),
                                              ("٣", "Desertion Monitor"), ("9" * 5000, "Desertion Monitor")])
def test_presentation_opens_the_slide_the_link_names(slide, title):
    at = open_page("present", **{"from": "2023-09", "to": "2023-11", "slide": slide})
    assert at.title[0].value.replace("\\", "") == title  # a slide's title states its point (test_deck.py)
    footer = [c.value.replace("\\", "") for c in at.caption if c.value.startswith("Desertion Monitor")]
    assert footer and "Period: Sep–Nov 2023" in footer[0]
    if title != "Desertion Monitor":
        assert "Source" in footer[0]


def test_data_page_is_read_only_unless_editing_is_enabled(monkeypatch):
    monkeypatch.delenv("DESERTION_EDITING", raising=False)
    at = open_page("data")
    assert any("Editing is off" in i.value for i in at.info)
    assert not at.get("file_uploader")
    monkeypatch.setenv("DESERTION_EDITING", "1")
    at = open_page("data")
    assert not any("Editing is off" in i.value for i in at.info)
    assert len(at.get("file_uploader")) == 1
    assert at.selectbox(key="data_table").value == "sources"


def test_table_cells_from_data_stay_plain_text(shipped_data_copy, monkeypatch):
    hostile = "[x](javascript:alert(1)) <img src=x onerror=alert(1)> **bold**"
    estimates = shipped_data_copy / "estimates.csv"
    rows = list(csv.reader(estimates.open(encoding="utf-8")))
    rows[1][rows[0].index("note")] = hostile
    with estimates.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    monkeypatch.setenv("DESERTION_DATA_DIR", str(shipped_data_copy))
    at = open_page("court-cases")
    at.session_state["court_tab"] = "Estimates (not court counts)"
    at.run()
    notes = next(d.value["Note"] for d in at.dataframe if "Estimate by" in d.value.columns)
    assert hostile in notes.to_list()  # a dataframe cell is drawn as text, never as Markdown or HTML


@pytest.mark.parametrize(("page", "key", "tab", "charts"), [
    ("court-cases", "court_tab", "Counts by year and month", 2),
    ("court-cases", "court_tab", "Notable sentences", 1),
    ("court-cases", "court_tab", "Estimates (not court counts)", 0),
    ("requests", "requests_tab", "People helped", 1),
    ("requests", "requests_tab", "All figures", 0),
])
def test_each_tab_draws_its_own_charts_with_sources(page, key, tab, charts):
    at = open_page(page, **{"from": "2023-01", "to": "2024-12"})
    at.session_state[key] = tab
    at.run()
    assert not at.exception
    specs = figures(at)
    assert len(specs) == charts
    for spec in specs:
        assert spec["layout"]["title"]["subtitle"]["text"].endswith("Jan 2023 – Dec 2024")  # issue 11: was startswith
    assert_sources_under_every_chart(at, specs)


def test_collapsed_lists_send_nothing_until_opened():
    """Source lists, data tables and download menus are built only when opened (each element costs browser
    time on every rerun); opened, they show the escaped, linked source list, the table and the buttons."""
    at = open_page("court-cases")
    assert not at.get("markdown") or not any("grade" in m.value for m in at.markdown)
    assert len(at.dataframe) == 0 and len(at.get("download_button")) == 0
    for key in ("court_cumulative_chart_sources", "court_cumulative_table", "court_cumulative_chart_downloads"):
        at.session_state[key] = True
    at.run()
    assert not at.exception
    listing = [m.value for m in at.markdown if "(grade " in m.value]
    assert len(listing) == 1 and listing[0].startswith("- [") and "](<https://" in listing[0]
    assert len(at.dataframe) == 1
    from desertion.images import INSTALL_HINT, find_browser
    labels = [b.proto.label for b in at.get("download_button")]
    if find_browser() is None:
        assert INSTALL_HINT in captions(at) and labels == ["Interactive HTML"]
    else:
        assert labels == ["Interactive HTML", "PNG", "SVG", "PDF"]


def _break_sources(folder):
    path = folder / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:3], "not an id,,,,,,,\n", *lines[3:]]), encoding="utf-8")


@pytest.mark.parametrize("breakage", ["bad sources line", "empty folder", "missing folder"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_its_sidebar_whatever_the_data_folder_holds(tmp_path, shipped_data_copy, monkeypatch,
                                                                           page, breakage):
    folder = {"bad sources line": shipped_data_copy, "empty folder": tmp_path / "empty",
              "missing folder": tmp_path / "nowhere"}[breakage]
    if breakage == "bad sources line":
        _break_sources(folder)
    elif breakage == "empty folder":
        folder.mkdir()
    monkeypatch.setenv("DESERTION_DATA_DIR", str(folder))
    at = open_page(page)  # asserts no exception
    assert at.sidebar.selectbox(key="period_preset").value == "All time"
    assert any("failed validation" in e.value for e in at.sidebar.error)

def test_sources_page_shows_the_method_from_docs_method_md():
    from desertion import docs

    method = docs.read_method()
    assert "**Periods.**" in method and not method.startswith("# ")
    at = open_page("sources")
    assert method in [block.value for block in at.markdown]
