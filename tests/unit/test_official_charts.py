"""The second wave's charts and wiring: official counts beside Mediazona's (no trace mixes kinds), regions ranked
within like groups, the counts as published on a date, revision marks, staleness sentences, claim badges."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import labels, official_charts, series, tables, views
from desertion.loading import load_dataset
from desertion.periods import table_bounds
from desertion.series import MixedSeriesKinds
from desertion.selection import Selection
from tests.conftest import REPO


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return load_dataset(REPO / "data").frames


@pytest.fixture(scope="module")
def everything(frames):
    return table_bounds(frames)


def test_no_trace_of_the_official_figure_mixes_kinds(frames, everything):
    fig = views.official_counts_view(Selection(frames, everything)).figure
    kinds_by_axis: dict[str, set[str]] = {}
    for trace in fig.data:
        assert trace.meta["kind"] in ("official", "media_count")
        kinds_by_axis.setdefault(trace.xaxis, set()).add(trace.meta["kind"])
    assert kinds_by_axis == {"x": {"official"}, "x2": {"media_count"}}  # two panels, one kind each
    official = {t.name: dict(zip(t.x, t.y)) for t in fig.data if t.meta["kind"] == "official"}
    assert official["Servicemen convicted"] == {"2010": 8632, "2022": 4191, "2023": 7779, "2024": 13699}
    assert official["of whom custodial (and % of convicted)"]["2024"] == 6838
    media = {t.name: dict(zip(t.x, t.y)) for t in fig.data if t.meta["kind"] == "media_count"}
    assert media["Art. 337 AWOL"]["2023"] == 5096  # the latest revision, not a sum of kinds


def test_custodial_share_is_of_the_same_years_convictions(frames):
    shares = official_charts.custodial_shares(official_charts.official_series(frames["official_counts"]))
    assert shares[2024] == pytest.approx(6838 / 13699)


def test_a_panel_with_rows_of_two_kinds_is_refused(frames, everything):
    mixed = series.combine_tables({"court_counts": frames["court_counts"].head(2)})
    with pytest.raises(MixedSeriesKinds):
        series.check_one_kind(mixed.assign(series_kind=["official", "media_count"]))
    with pytest.raises(MixedSeriesKinds):
        series.combine_tables({"official_counts": frames["official_counts"], "court_counts": frames["court_counts"]})


def test_regions_are_ranked_within_like_groups_and_on_one_scale(frames, everything):
    fig = views.court_regions_view(Selection(frames, everything)).figure
    assert len(fig.data) == 2  # AWOL as of Apr 2024, desertion as of Nov 2023: never ranked together
    awol = fig.data[0]
    assert list(awol.y)[::-1] == ["Moscow region", "Sverdlovsk region", "Orenburg region"]  # largest on top
    assert list(awol.x)[::-1] == sorted(awol.x, reverse=True)
    assert all("Mediazona" in t for t in awol.text)  # the source on each bar
    assert "12 Apr 2024" in awol.name  # the window once, in the group's title
    ranges = {tuple(fig.layout[a].range) for a in ("xaxis", "xaxis2")}
    assert len(ranges) == 1  # 9 desertion cases never drawn as long as 496 AWOL cases
    assert {t.meta["kind"] for t in fig.data} == {"media_count"}


def test_regions_figure_for_an_empty_period(frames):
    from desertion.periods import Period
    fig = views.court_regions_view(Selection(frames, Period.of_months("2022-01", "2022-02"))).figure
    assert "No counts by region" in fig.layout.annotations[-1].text


@pytest.mark.parametrize(("date", "value"), [("2024-01-15", 5024), ("2024-10-31", 5096), (None, 5096)])
def test_the_2023_count_as_published_on_a_date(frames, everything, date, value):
    rows = views.court_counts_published_views(Selection(frames, everything), published_on=date)[0].rows
    awol_2023 = rows[(rows["article"] == "337") & (rows["period_start"] == "2023-01-01")
                     & (rows["period_end"] == "2023-12-31")]
    assert awol_2023["value"].to_list() == [value]


def test_the_revised_value_is_marked_in_the_table(frames, everything):
    rows = views.court_counts_views(Selection(frames, everything))[0].rows
    table = tables.court_counts_table(rows, frames["sources"])
    assert "revised: 5,024 (published 29 Dec 2023) → 5,096" in table["Revision"].to_list()
    assert (table["Revision"] == "").any()


def test_staleness_sentences_name_the_newest_figure_and_never_a_value(frames):
    notes = series.stale_notes("court_annual", frames, "2026-12-01")
    assert notes == ["Mediazona's court counts: no newer count found since May 2025; published about twice a year."]
    assert series.stale_notes("court_annual", frames, "2025-07-01") == []  # within Mediazona's rhythm
    # A period that ends before the newest figure misses nothing of it.
    assert series.stale_notes("court_annual", frames, "2026-12-01", pd.Timestamp("2024-12-31")) == []
    official = series.stale_notes("official_counts", frames, "2026-12-01")
    assert any(n.startswith("Servicemen convicted (Judicial Department): no newer figure found since 2024") for n in official)
    assert series.stale_notes("timeline", frames, "2026-12-01") == []


def test_every_chart_key_with_series_is_a_view_or_slide_key(frames, everything):
    from desertion import headlines
    cards = {label for label, _ in headlines.overview_headlines(Selection(frames, everything))}
    keys = {v.key for v in views.all_chart_views(Selection(frames, everything))} | {"official_counts", "court_regions",
                                                                          "court", "headlines"} | cards
    assert set(series.VIEW_SERIES) <= keys


def test_an_unknown_claim_status_gets_a_plain_badge():
    assert labels.status_badge("speculation") == ("the article's own speculation", "violet")
    assert labels.status_badge("partly_true") == ("partly true", labels.UNKNOWN_STATUS_COLOUR)


def test_latest_update_reads_as_a_table(frames):
    from desertion import updates
    log = updates.read_changelog(REPO / "data" / updates.CHANGELOG)
    changes = updates.latest_update(log[log["time"] == "2026-12-01T05:00:00+00:00"])  # data-brief-2's update
    table = tables.changes_table(changes, frames["sources"], frames)
    assert list(table.columns) == ["Table", "What", "Row", "Source", "Note"]
    # oc-2024-convicted, named by what it counts, its window and value instead of its id
    row = table[table["Row"] == "all crimes by servicemen, servicemen convicted, 2024: 13,699"].iloc[0]
    assert (row["Table"], row["What"]) == ("Official statistics", "added")
    assert "Kyiv Independent" in row["Source"] and row["Source"].endswith("(grade B)")


@pytest.mark.parametrize(("values", "expected"), [
    (["2024-01-15"], "2024-01-15"), ([], None), (["2024-1-15"], None), (["2021-12-31"], None),
    (["2026-12-01"], None), (["2030-01-01"], None), (["tomorrow"], None), (["2024-01-15", "2024-02-01"], None),
    (["2024-02-30"], None),
])
def test_published_on_from_a_link(values, expected):
    parsed = series.parse_published_on(values, pd.Timestamp("2026-12-01"))
    assert (parsed.date().isoformat() if parsed is not None else None) == expected
