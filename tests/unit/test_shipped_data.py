"""The shipped data: valid, sourced, and holding the figures the dashboard is built around."""

from __future__ import annotations

import re

import pytest

from desertion import docs
from desertion.loading import load_dataset
from desertion.provenance import split_refs
from desertion.schema import TABLES
from tests.conftest import DATA, REPO


@pytest.fixture(scope="module")
def frames():
    dataset = load_dataset(DATA)
    assert dataset.issues == [], [str(i) for i in dataset.issues]
    return dataset.frames


def test_every_table_is_shipped_and_valid(frames):
    assert set(frames) == {name for name, schema in TABLES.items() if not schema.optional}
    assert all(len(frame) > 0 for frame in frames.values())


def test_every_source_has_title_date_and_an_https_address_unless_unverified(frames):
    sources = frames["sources"]
    assert sources["title"].notna().all() and sources["published"].notna().all()
    addressed = sources[sources["grade"] != "U"]
    assert addressed["url"].str.match(r"https?://").all()


def test_unverified_sources_back_no_figure(frames):
    unverified = set(frames["sources"].loc[frames["sources"]["grade"] == "U", "source_id"])
    for name in ("idite_lesom", "court_cumulative", "court_counts", "sentences", "estimates", "events"):
        assert not set(frames[name]["source_id"]) & unverified, name


def test_every_source_is_used(frames):
    cited = set()
    for name, frame in frames.items():
        for column in ("source_id", "source_ids"):
            if name != "sources" and column in frame:
                cited |= {ref for cell in frame[column] for ref in split_refs(cell)}
    assert set(frames["sources"]["source_id"]) == cited


def _one(frame, **where):
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column].astype(str) == str(value)]
    assert len(rows) == 1, where
    return rows.iloc[0]


def test_the_key_figures_are_there(frames):
    requests = frames["idite_lesom"]
    jja = _one(requests, metric="desertion_requests", period_start="2023-06-01", period_end="2023-08-31")
    son = _one(requests, metric="desertion_requests", period_start="2023-09-01", period_end="2023-11-30")
    assert (jja["value"], son["value"]) == (305, 577)
    h1 = _one(frames["court_counts"], article="337", measure="cases_received", period_start="2023-01-01",
              period_end="2023-06-30")
    assert h1["value"] == 2076
    assert frames["sources"].set_index("source_id").loc[h1["source_id"], "outlet"].startswith("Mediazona")
    refusal = frames["sentences"][frames["sentences"]["article"] != "352.1"]
    assert refusal["sentence_years"].max() == 13  # Kochetkov; Ivanishin's 15 years are for surrender (Art. 352.1)


@pytest.mark.parametrize(("as_of", "scope", "total"), [
    ("2024-06-18", "since_mobilisation", 10025), ("2024-12-27", "since_invasion", 15902),
])
def test_cumulative_totals_add_up(frames, as_of, scope, total):
    snapshot = frames["court_cumulative"]
    snapshot = snapshot[(snapshot["as_of"] == as_of) & (snapshot["scope"] == scope)
                        & (snapshot["measure"] == "cases_received")]
    by_article = dict(zip(snapshot["article"], snapshot["value"]))
    assert by_article["all"] == total == by_article["337"] + by_article["338"] + by_article["332"]


def test_no_markup_in_shipped_text(frames):
    for name, frame in frames.items():
        for column in frame.columns:
            if frame[column].dtype == "string":
                assert not frame[column].str.contains(r"<[a-zA-Z/]|\]\(", regex=True).fillna(False).any(), (name, column)


def test_data_dictionary_is_generated_from_the_schema():
    dictionary = (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert docs.render_markdown("##") in dictionary
    assert dictionary == docs.render_document()
    for schema in TABLES.values():
        for column in schema.columns:
            assert f"`{column.name}`" in dictionary


def test_readme_states_two_setup_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- (run|test)-command -->\n```sh\n(.+?)\n```", readme)
    assert [kind for kind, _ in blocks] == ["run", "test"]
    assert [command for _, command in blocks] == ["bash scripts/setup.sh run", "bash scripts/setup.sh test"]
    setup = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert '-m streamlit run dashboard.py "$@"' in setup and '-m pytest -n "${TEST_WORKERS:-2}" --dist loadgroup "$@"' in setup
    assert "ensure_venv requirements-dev.txt" in setup and "apt-get" in setup
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci and "env -i" in ci and "pip install" not in ci
