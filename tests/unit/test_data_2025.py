"""The update to late 2025 (issue 12): corrections, new figures and their sources, kinds that never mix,
revisions, series that say when they stopped, and the change log of this update."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from desertion import series, updates
from desertion.loading import load_dataset
from desertion.schema import SERIES_KINDS, TABLES
from tests.conftest import DATA, REPO


@pytest.fixture(scope="module")
def frames():
    dataset = load_dataset(DATA)
    assert dataset.issues == [], [str(i) for i in dataset.issues]
    return dataset.frames


def row(frame: pd.DataFrame, id_value: str) -> pd.Series:
    id_column = frame.columns[0]
    rows = frame[frame[id_column] == id_value]
    assert len(rows) == 1, id_value
    return rows.iloc[0]


def source(frames, source_id: str) -> pd.Series:
    return row(frames["sources"], source_id)


# ------------------------------------------------------------------------------------------- corrections

def test_the_3049_row_now_says_what_its_page_says(frames):
    fixed = row(frames["court_cumulative"], "cc-2023-09-21-337-cases")
    assert (fixed["value"], bool(fixed["lower_bound"]), fixed["source_id"]) == (3000, True, "mordor-2023-09")
    assert "Более 3000" in source(frames, "mordor-2023-09")["title"]
    assert 3049 not in set(frames["court_cumulative"]["value"])


def test_a_sum_the_brief_computed_is_not_shipped_as_a_figure(frames):
    assert "cc-2024-12-27-all-verdicts" not in set(frames["court_cumulative"]["record_id"])
    assert 13998 not in set(frames["court_cumulative"]["value"])


def test_corrected_dates_and_scopes(frames):
    assert row(frames["idite_lesom"], "il-2023-04-12-servicemen-counselled")["period_end"] == pd.Timestamp("2023-12-05")
    wanted = row(frames["estimates"], "est-istories-20th-division-wanted")
    assert (wanted["as_of"], wanted["date_precision"]) == (pd.Timestamp("2024-04-01"), "quarter")
    lists = row(frames["estimates"], "est-istories-leaked-lists")
    assert lists["source_id"] == "kontur-2025-06-09" and "I Want to Live" in lists["note"]
    assert "2025-05-20" in lists["note"]
    projection = row(frames["estimates"], "est-frontelligence-2025-projection")
    assert (projection["source_id"], bool(projection["lower_bound"])) == ("benborges-2025-09-27", True)
    assert source(frames, "benborges-2025-09-27")["published"] == pd.Timestamp("2025-09-27")
    assert "people" in row(frames["court_counts"], "ct-2023-all-cases")["note"]


@pytest.mark.parametrize("source_id", ["mt-2023-12-29", "meduza-2022-12-16", "theins-2022-12", "meduza-2023-01-20",
                                       "mt-2024-11-07"])
def test_re_reports_are_graded_b_as_the_legend_says(frames, source_id):
    regraded = source(frames, source_id)
    assert regraded["grade"] == "B" and isinstance(regraded["originator"], str)


def test_every_re_report_with_an_originator_is_not_graded_a(frames):
    sources = frames["sources"]
    relays = sources[sources["originator"].notna() & (sources["grade"] == "A")]
    assert relays["source_id"].tolist() == ["mt-2023-09-15"]  # an AFP wire copy, carried whole


def test_the_december_2023_article_has_its_address_and_stays_unverified(frames):
    article = source(frames, "dec2023-article")
    assert article["url"].startswith("https://feed.zeleb.es/") and article["grade"] == "U"


# ------------------------------------------------------------------------------------------- new figures

@pytest.mark.parametrize(("record_id", "value", "measure", "source_id"), [
    ("oc-2010-convicted", 8632, "servicemen_convicted", "kyivindependent-2025-04-16"),
    ("oc-2022-convicted", 4191, "servicemen_convicted", "kyivindependent-2025-04-16"),
    ("oc-2023-convicted", 7779, "servicemen_convicted", "kyivindependent-2025-04-16"),
    ("oc-2024-convicted", 13699, "servicemen_convicted", "kyivindependent-2025-04-16"),
    ("oc-2024-custodial", 6838, "servicemen_custodial", "kyivindependent-2025-04-16"),
    ("oc-2023-custodial", 3021, "servicemen_custodial", "computerarts-2025-04"),
    ("oc-2022-ch33-registered", 3047, "crimes_registered", "247news-2023-02"),
    ("oc-2021-ch33-registered", 1514, "crimes_registered", "247news-2023-02"),
    ("oc-2025-perm-337-5", 120, "cases_received", "kommersant-2026-01-02"),
])
def test_official_figures_are_pinned_with_their_sources(frames, record_id, value, measure, source_id):
    figure = row(frames["official_counts"], record_id)
    assert (figure["value"], figure["measure"], figure["source_id"]) == (value, measure, source_id)


def test_official_figures_name_their_originator(frames):
    ki = source(frames, "kyivindependent-2025-04-16")
    assert (ki["outlet"], ki["grade"], ki["published"]) == ("The Kyiv Independent", "B", pd.Timestamp("2025-04-16"))
    assert "Verstka" in ki["originator"] and "Judicial Department" in ki["originator"]
    assert TABLES["official_counts"].series_kind == "official"


@pytest.mark.parametrize(("event_id", "category", "source_id"), [
    ("ev-2025-09-24-bill-ex-prisoners", "proposal", "meduza-2025-09-24"),
    ("ev-2025-10-28-awol-two-days-proposal", "proposal", "svoboda-2025-10-28"),
    ("ev-2025-12-16-duma-ex-prisoners-law", "law", "kommersant-2025-12-16"),
    ("ev-2025-12-19-fc-ex-prisoners-law", "law", "rbc-2025-12-19"),
    ("ev-2024-09-fc-contract-defendants", "law", "citeam-2024-09-27"),
    ("ev-2025-07-28-missing-listed-as-awol", "other", "istories-2025-07-28"),
])
def test_the_2025_laws_and_proposals_are_events(frames, event_id, category, source_id):
    event = row(frames["events"], event_id)
    assert (event["category"], event["source_id"]) == (category, source_id)


def test_the_unsigned_law_says_so(frames):
    assert "signature was not found" in row(frames["events"], "ev-2025-12-19-fc-ex-prisoners-law")["description"]


def test_new_sentences(frames):
    ivanishin = row(frames["sentences"], "s-2025-04-ivanishin")
    assert (ivanishin["article"], ivanishin["sentence_years"]) == ("352.1", 15)
    assert "not desertion" in ivanishin["charge"]
    goryachkin = row(frames["sentences"], "s-goryachkin")
    assert (goryachkin["sentence_years"], goryachkin["date_precision"]) == (5, "unknown")


@pytest.mark.parametrize(("record_id", "value", "unit", "lower_bound", "source_id"), [
    ("sp-2023-04-03-337-suspended", 33.3, "percent", True, "zona-2023-04-11"),
    ("sp-2023-07-19-337-suspended", 50, "percent", True, "zona-2023-07-19"),
    ("sp-2023-07-mobilised-custodial", 35, "percent", False, "rferl-mirror-2023-07"),
    ("sp-2023-07-contract-custodial", 28, "percent", False, "rferl-mirror-2023-07"),
    ("sp-2023-01-bbc-337-probation", 121, "count", False, "meduza-2023-01-20"),
    ("sp-2023-01-bbc-337-service-restriction", 68, "count", False, "meduza-2023-01-20"),
    ("sp-2023-01-bbc-337-fine", 67, "count", False, "meduza-2023-01-20"),
])
def test_sentencing_patterns_the_brief_listed_as_missing(frames, record_id, value, unit, lower_bound, source_id):
    figure = row(frames["sentence_patterns"], record_id)
    assert (figure["value"], figure["unit"], bool(figure["lower_bound"]), figure["source_id"]) == \
        (value, unit, lower_bound, source_id)


def test_regions_rank_moscow_first(frames):
    regions = frames["court_regions"]
    awol = regions[(regions["article"] == "337") & (regions["as_of"] == pd.Timestamp("2024-04-12"))]
    assert awol.sort_values("value", ascending=False)["region"].tolist() == [
        "Moscow region", "Sverdlovsk region", "Orenburg region"]


def test_low_confidence_figures_are_only_estimates_by_who_made_them(frames):
    claim = row(frames["estimates"], "est-newtimes-2024-awol-cases")
    assert bool(claim["party_to_war"]) and claim["estimator_type"] == "intelligence"
    assert "not a court count" in claim["note"]
    for name in ("court_counts", "court_cumulative", "official_counts", "court_regions"):
        assert 50000 not in set(frames[name]["value"]), name


@pytest.mark.parametrize("ukrainian", [161461, 110511, 74000, 202997, 21600, 50058])
def test_ukrainian_awol_figures_stay_out(frames, ukrainian):
    for name, frame in frames.items():
        if "value" in frame:
            assert ukrainian not in set(frame["value"].dropna()), name


def test_fact_check_wording(frames):
    claims = frames["claims"].set_index("claim_id")
    braga = claims.loc["claim-braga-17000"]
    assert braga["status"] == "unsupported" and "relay" in braga["finding"]
    assert "No primary or secondary" not in braga["finding"] and "thedailydigest-braga" in braga["source_ids"]
    assert "speculation" in claims.loc["claim-avdiivka-cause", "finding"]
    for claim_id in ("claim-thousands-tried", "claim-harsh-sentences"):
        assert len(claims.loc[claim_id, "source_ids"].split(";")) >= 4, claim_id


# ------------------------------------------------------------------------------------------- kinds never mix

def test_every_table_of_figures_declares_one_kind():
    figures = {name for name, schema in TABLES.items() if "value" in schema.column_names or name == "sentences"}
    for name in figures - {"sentences"}:
        assert TABLES[name].series_kind in SERIES_KINDS, name
    assert {TABLES[n].series_kind for n in ("official_counts", "court_counts", "estimates", "idite_lesom")} == \
        set(SERIES_KINDS)


@pytest.mark.parametrize(("a", "b"), [("official_counts", "court_counts"), ("court_cumulative", "estimates"),
                                      ("idite_lesom", "court_counts"), ("official_counts", "estimates")])
def test_combining_two_kinds_is_refused(frames, a, b):
    with pytest.raises(series.MixedSeriesKinds):
        series.combine_tables({a: frames[a], b: frames[b]})


def test_one_kind_combines_and_a_mixed_frame_is_caught(frames):
    combined = series.combine_tables({"court_counts": frames["court_counts"], "court_regions": frames["court_regions"]})
    assert series.check_one_kind(combined) == "media_count"
    mixed = pd.concat([combined, frames["official_counts"].assign(series_kind="official")])
    with pytest.raises(series.MixedSeriesKinds):
        series.check_one_kind(mixed)


# Every place that puts rows together or adds values up, and why it cannot mix kinds. A new one fails this
# test until it goes through series.combine_tables / check_one_kind or is listed here with its reason.
REVIEWED_COMBINATIONS = {
    ("desertion/views.py", "table = pd.concat([interval_table(shown, official_names, sel.sources),  # two tables side by side, not summed"):
        "the rows of the official chart's table view: official and Mediazona rows listed one under the other, each labelled, never added",
    ("desertion/periods.py", "values = pd.concat(columns).dropna() if columns else pd.Series([], dtype=\"datetime64[us]\")"):
        "dates only, for the period bounds",
    ("desertion/periods.py", "return pd.concat(parts).sort_index() if parts else frame.iloc[0:0].assign(in_period=INSIDE)"):
        "parts of one table",
    ("desertion/series.py", "return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[TABLE_COLUMN, KIND_COLUMN])"):
        "combine_tables, after refusing mixed kinds",
    ("desertion/series.py", "return pd.concat(parts, ignore_index=True)[SERIES_ROW_COLUMNS]"):
        "dates of one series, whose tables share a kind (asserted on import)",
    ("pages/court-cases.py", "st.dataframe(tables.court_counts_table(pd.concat([v.rows for v in count_views]), ctx.sources),"):
        "rows of court_counts only",
    ("desertion/views.py", "shown = official_charts.official_series(pd.concat([reference.assign(in_period=INSIDE), official]))"):
        "rows of official_counts only: the reference years and the period's",
    ("desertion/official_charts.py", "partly = sorted({int(y) for y in pd.concat([official[\"period_start\"], media[\"period_start\"]]).dt.year"):
        "dates only, the years named in the notes line",
}
# `.add(` of a frame or series; a set's `.add(` (marks, seen ids) is not a sum.
COMBINING = re.compile(r"pd\.concat\(|\.sum\(|\.cumsum\(|stackgroup|barmode=\"(stack|relative)\"|"
                       r"(frame|rows|series|values|counts|df)\.add\(")


def test_no_code_path_sums_or_stacks_tables_unreviewed():
    found = set()
    for path in [*REPO.glob("desertion/**/*.py"), *REPO.glob("pages/*.py"), REPO / "dashboard.py"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if COMBINING.search(line) and not line.strip().startswith("#") and "seen.add(" not in line:
                found.add((str(path.relative_to(REPO)), line.strip()))
    assert found == set(REVIEWED_COMBINATIONS), found ^ set(REVIEWED_COMBINATIONS)


# ------------------------------------------------------------------------------------------- revisions

def test_revised_counts_keep_both_values_with_their_dates(frames):
    marked = series.mark_revisions(frames["court_counts"], frames["sources"]).set_index("record_id")
    assert bool(marked.loc["ct-2023-337-cases", "revised"]) and not bool(marked.loc["ct-2023-337-cases-revised", "revised"])
    assert marked.loc["ct-2023-337-cases-revised", "revises"] == "5,024 (published 29 Dec 2023)"
    assert marked.loc["ct-2023-all-cases-revised", "revises"] == "5,593 (published 29 Dec 2023)"
    assert len(marked) == len(frames["court_counts"])
    assert not marked.drop(index=["ct-2023-337-cases", "ct-2023-all-cases"])["revised"].any()


@pytest.mark.parametrize(("date", "awol_2023", "all_2023"), [
    ("2023-12-28", None, None), ("2023-12-29", 5024, 5593), ("2024-10-16", 5024, 5593),
    ("2024-10-17", 5096, 5593), ("2024-12-27", 5096, 5517), ("2026-12-01", 5096, 5517),
])
def test_the_series_as_published_on_a_date(frames, date, awol_2023, all_2023):
    seen = series.as_published_on(frames["court_counts"], frames["sources"], date)
    year = seen[(seen["period_start"] == pd.Timestamp("2023-01-01")) & (seen["period_end"] == pd.Timestamp("2023-12-31"))]
    values = dict(zip(year["article"], year["value"]))
    assert values.get("337") == awol_2023 and values.get("all") == all_2023
    assert (seen["published"] <= pd.Timestamp(date)).all()


def test_as_published_on_counts_a_month_dated_source_from_the_month_end(frames):
    requests = frames["idite_lesom"]
    assert "il-2024-01-desertion-requests" not in set(series.as_published_on(requests, frames["sources"], "2024-02-10")["record_id"])
    assert "il-2024-01-desertion-requests" in set(series.as_published_on(requests, frames["sources"], "2024-02-29")["record_id"])


# ------------------------------------------------------------------------------------------- staleness

def test_in_late_2026_every_followed_series_says_when_it_stopped(frames):
    status = {s.series: s for s in series.newest_figures(frames, "2026-12-01")}
    assert status["mediazona_court_counts"].sentence == "No newer count found since May 2025."
    assert status["mediazona_court_counts"].source_id == "zona-2025-06-26"
    assert status["idite_lesom_helped"].sentence == "No newer figure found since 17 Jan 2025."
    assert status["idite_lesom_requests"].newest == "Jan 2024"
    assert status["official_convictions"].newest == "2024" and status["official_convictions"].stale
    assert status["mediazona_court_counts"].data_as_of == "Mediazona's court counts: May 2025"


def test_a_period_ending_within_the_rhythm_is_not_stale(frames):
    mediazona = series.status_for("mediazona_court_counts", frames, "2025-06-30")
    assert not mediazona.stale and mediazona.sentence is None
    before = series.status_for("mediazona_court_counts", frames, "2025-01-01")
    assert before.days_since < 0 and not before.stale


def test_other_counters_do_not_refresh_mediazonas_series(frames):
    # The Times' 'at least 18,000' (Dec 2025) is not Mediazona's: it must not make Mediazona look current.
    rows = series.series_rows(series.SERIES[0], frames)
    assert "cc-2025-12-all-people-sentenced" not in set(rows["record_id"])
    assert "ct-2021-02-08-337-cases" not in set(rows["record_id"])  # RTVI's own count


def test_the_staleness_threshold_is_the_declared_rhythm():
    spec = series.Series("t", "Test", ("court_counts",), noun="count", rhythm="twice a year", stale_after_days=183)
    counts = pd.DataFrame({"record_id": ["a"], "period_start": [pd.Timestamp("2025-01-01")],
                           "period_end": [pd.Timestamp("2025-01-31")], "article": ["337"], "measure": ["verdicts"],
                           "value": [1], "source_id": ["s"]})
    edge = pd.Timestamp("2025-01-31") + pd.Timedelta(days=183)
    assert not series.series_status(spec, {"court_counts": counts}, edge).stale
    late = series.series_status(spec, {"court_counts": counts}, edge + pd.Timedelta(days=1))
    assert late.stale and late.sentence == "No newer count found since Jan 2025."
    assert series.series_status(spec, {}, edge) is None


# ------------------------------------------------------------------------------------------- change log

BRIEF_UPDATE = "2026-12-01T05:00:00+00:00"  # the update that applied data-brief-2


@pytest.fixture(scope="module")
def latest():
    log = updates.read_changelog(DATA / updates.CHANGELOG)
    return updates.latest_update(log[log["time"] == BRIEF_UPDATE])


def test_every_update_after_the_brief_is_logged_row_by_row():
    log = updates.read_changelog(DATA / updates.CHANGELOG)
    later = log[log["time"] > BRIEF_UPDATE]
    assert not later.empty and later["row_id"].str.len().gt(0).all() and later["source_id"].str.len().gt(0).all()


def test_the_change_log_records_this_update_row_by_row(frames, latest):
    assert set(latest["change"]) == {"added", "changed", "removed"}
    assert latest["note"].str.len().gt(10).all() and latest["row_id"].str.len().gt(0).all()
    for _, change in latest.iterrows():
        table = frames[change["table"]]
        id_column = TABLES[change["table"]].id_column
        present = change["row_id"] in set(table[id_column])
        assert present == (change["change"] != "removed"), change["row_id"]
    removed = set(latest.loc[latest["change"] == "removed", "row_id"])
    assert removed == {"cc-2024-12-27-all-verdicts", "dailywrap-2025"}


def test_each_logged_row_names_the_source_it_now_cites(frames, latest):
    for _, change in latest[latest["change"] != "removed"].iterrows():
        schema = TABLES[change["table"]]
        current = row(frames[change["table"]], change["row_id"])
        cited = current["source_ids"] if "source_ids" in current else current.get("source_id", current[schema.id_column])
        assert change["source_id"] == cited, change["row_id"]


def test_changelog_rows_need_a_note_for_every_row_and_keep_an_old_logs_width(tmp_path: Path):
    schema = TABLES["events"]
    old = (DATA / "events.csv").read_text(encoding="utf-8")
    new = old.replace("Partial mobilisation announced", "Partial mobilisation announced (edited)")
    with pytest.raises(KeyError):
        updates.changelog_rows(schema, old, new, {}, "2026-01-01T00:00:00")
    lines = updates.changelog_rows(schema, old, new, {"ev-2022-09-21-partial-mobilisation": "why"}, "2026-01-01T00:00:00")
    assert lines == [["2026-01-01T00:00:00", "events", "0", "1", "0", "why", "ev-2022-09-21-partial-mobilisation",
                      "zona-2023-09-21"]]
    (tmp_path / updates.CHANGELOG).write_text("time,table,rows_added,rows_changed,rows_removed,note\n", encoding="utf-8")
    updates.write_changelog_lines(tmp_path, lines)
    log = updates.read_changelog(tmp_path / updates.CHANGELOG)
    assert log.iloc[0]["note"] == "why" and log.iloc[0]["row_id"] == ""
    assert updates.latest_update(log).iloc[0]["change"] == "0 added, 1 changed, 0 removed"


def test_staleness_and_revisions_in_russian(frames):
    from desertion.i18n.active import active
    with active("ru"):
        status = {s.series: s for s in series.newest_figures(frames, "2026-12-01")}
        notes = series.stale_notes("court_annual", frames, pd.Timestamp("2026-12-01"))
        marked = series.mark_revisions(frames["court_counts"], frames["sources"]).set_index("record_id")
        as_of = status["mediazona_court_counts"].data_as_of
    assert status["mediazona_court_counts"].sentence == "Последний подсчёт — за май 2025; более новых не найдено."
    assert status["idite_lesom_helped"].sentence == "Последнее число — за 17 января 2025; более новых не найдено."
    assert status["mediazona_court_counts"].label == "Mediazona's court counts"  # the message id, for the page
    assert as_of == "Подсчёты «Медиазоны» по военным судам: май 2025"
    assert notes == ["Подсчёты «Медиазоны» по военным судам: последний подсчёт — за май 2025; более новых не найдено; "
                     "публикуются примерно дважды в год."]
    assert marked.loc["ct-2023-337-cases-revised", "revises"] == "5\u00a0024 (опубликовано 29 декабря 2023)"
