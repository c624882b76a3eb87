"""Every table the pages draw, opened as a reader opens it, shows words: no internal id, no code, no URL slug.

The unit test checks the builders; this one checks what the pages hand them (the sources, the rows), on every
tab of Court cases with its 'numbers behind this chart' and page tables opened, and on the other pages' tables.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from desertion import updates
from desertion.loading import load_dataset
from tests.app.test_pages import open_page
from tests.conftest import DATA
from tests.fixtures import reader_words

# Each Court cases tab and the expanders holding its tables (a chart's own table is '<chart key>_table').
COURT_TABS = {
    "Running totals": ("court_cumulative_chart_table", "court_cumulative_table"),
    "Counts by year and month": ("court_annual_chart_table", "court_monthly_chart_table", "court_counts_table"),
    "Official statistics": ("court_official_chart_table", "court_official_table"),
    "By region": ("court_regions_chart_table", "court_regions_table"),
    "Notable sentences": ("court_sentences_chart_table",),
    "Estimates (not court counts)": (),
}


@pytest.fixture(scope="module")
def rules() -> tuple[set[str], set[str], set[str]]:
    frames = load_dataset(DATA).frames
    notes = updates.latest_update(updates.read_changelog(DATA / updates.CHANGELOG))["note"].dropna().astype(str)
    return reader_words.internal_ids(frames), reader_words.labelled_codes(), reader_words.data_text(frames, notes)


# Sources & method's "Data by address, for scripts": file names and addresses are what a script types, the
# one table whose content is the data's own names (like the CSV and XLSX downloads).
FOR_SCRIPTS = ["table", "address", "status"]


def shown_problems(at: AppTest, rules) -> list[str]:
    assert not at.exception, [e.message for e in at.exception]
    return [p for table in at.dataframe if list(table.value.columns) != FOR_SCRIPTS
            for p in reader_words.problems(table.value, *rules)]


def test_every_court_cases_table_shows_words(rules):
    at = open_page("court-cases")
    for tab, expanders in COURT_TABS.items():
        at.session_state["court_tab"] = tab
        for key in expanders:
            at.session_state[key] = True
        at.run()
        assert len(at.dataframe) >= max(len(expanders), 1), tab
        assert shown_problems(at, rules) == [], tab


@pytest.mark.parametrize(("page", "state"), [
    ("overview", {}), ("sources", {}), ("requests", {"requests_tab": "All figures"}),
])
def test_the_other_pages_tables_show_words(rules, page, state):
    at = open_page(page)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert len(at.dataframe) >= 1
    assert shown_problems(at, rules) == []
