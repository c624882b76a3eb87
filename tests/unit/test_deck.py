"""The deck's slides make one point each, stated in the title and computed from the rows shown: per period on
the shipped data (All time, Jun–Nov 2023, Sep–Nov 2023), and per rule on small frames."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import deck, slide_charts, views
from desertion.headlines import NOT_REPORTED, REQUESTS_LABEL, Headline
from desertion.loading import load_dataset
from desertion.periods import INSIDE, PARTLY, Period, table_bounds
from desertion.provenance import UNRECORDED_TITLE
from desertion.selection import Selection
from tests.conftest import DATA

JUN_NOV = Period.of_months("2023-06", "2023-11")
SON = Period.of_months("2023-09", "2023-11")
RISE = "Requests for help to desert nearly doubled: 305 → 577 (+89%)"
NEUTRAL_COURT = "Running total of cases received by courts, since mobilisation (21 Sep 2022)"


@pytest.fixture(scope="module")
def frames():
    return load_dataset(DATA).frames


def titles(frames, period: Period) -> dict[str, str]:
    built = deck.build_deck(Selection(frames, period), "label", "test")
    return {slide.key: slide.title for slide in built.slides}


def test_all_time_titles_state_each_slides_point(frames):
    assert titles(frames, table_bounds(frames)) == {
        "title": "Desertion Monitor",
        "headlines": "Idite Lesom reported 577 requests for help to desert in Sep–Nov 2023",
        "requests": RISE,
        "court": "Cases received by courts since mobilisation reached 20,538 by May 2025, up from 536 on 21 Mar 2023",
        "sentences": "Longest known sentence: 15 years, Roman Ivanishin, Apr 2025",
        "timeline": "Events by category",
        "sources": "Sources",
    }  # no comparison slide: the requests chart already states 305 → 577


def test_jun_nov_2023_titles(frames):
    found = titles(frames, JUN_NOV)
    assert found["requests"] == RISE and "comparison" not in found
    assert found["court"] == NEUTRAL_COURT  # the rows support no running-total finding: neutral
    assert found["sentences"] == "Longest known sentence: 13 years, Maxim Kochetkov, 15 Sep 2023"


def test_sep_nov_2023_titles_keep_the_comparison_that_makes_another_point(frames):
    found = titles(frames, SON)
    assert found["requests"] == "Requests for help to desert fell: 218 → 175 (−20%)"
    assert found["comparison"] == RISE
    assert found["court"] == NEUTRAL_COURT


@pytest.mark.parametrize("period", ["all", "jun", "son"])
def test_a_chart_slide_takes_its_views_title_and_subtitle(frames, period):
    chosen = {"all": table_bounds(frames), "jun": JUN_NOV, "son": SON}[period]
    sel = Selection(frames, chosen)
    built = deck.build_deck(sel, "label", "test")
    court = [s for s in built.slides if s.key == "court"][0]
    view = views.court_cumulative_view(sel, room=slide_charts.WIDE_ROOM)
    assert (court.title, court.subtitle) == (view.figure.layout.meta["title"], view.figure.layout.meta["subtitle"])
    assert court.subtitle.endswith(chosen.describe())  # what is counted, then the period


def sentences(*rows: tuple) -> pd.DataFrame:
    """(person, years, where[, suspended]) rows of the sentences table, verdicts in Sep 2023."""
    return pd.DataFrame([dict(person=r[0], sentence_years=r[1], in_period=r[2], suspended=(r[3:] or (False,))[0],
                              verdict_date=pd.Timestamp("2023-09-15"), date_precision="day") for r in rows])


@pytest.mark.parametrize("rows, expected", [
    (sentences(("A", 5.0, INSIDE), ("B", 13.0, INSIDE)), "Longest known sentence: 13 years, B, 15 Sep 2023"),
    (sentences(("A", 6.5, INSIDE, True)), "Longest known sentence: 6.5 years (suspended), A, 15 Sep 2023"),
    (sentences(("A", 13.0, INSIDE), ("B", 13.0, INSIDE)), "Longest known sentence: 13 years, handed to 2 people"),
    # A longer sentence whose verdict lies partly outside the period, or a length not known, is not claimed.
    (sentences(("A", 5.0, INSIDE), ("B", 20.0, PARTLY)), "Longest known sentence: 5 years, A, 15 Sep 2023"),
    (sentences(("A", None, INSIDE)), "Notable sentences"),
    (pd.DataFrame(columns=["sentence_years", "source_id"]), "Notable sentences"),
])
def test_the_sentences_title_names_the_longest_known_sentence_or_stays_neutral(rows, expected):
    assert deck.sentences_title(rows) == expected


def test_the_headlines_title_states_the_lead_figure_only_when_it_was_reported():
    lead = Headline(f"{REQUESTS_LABEL}, Sep–Nov 2023", "577", "Sep–Nov 2023", ("mt",))
    other = Headline("AWOL cases (Art. 337) received by courts", "5,096", "2023", ("k",))
    assert deck.headlines_title((lead, other), "Jun–Nov 2023") == \
        "Idite Lesom reported 577 requests for help to desert in Sep–Nov 2023"
    missing = Headline(REQUESTS_LABEL, "—", NOT_REPORTED, ("mt",), reported=False)
    assert deck.headlines_title((missing, other), "Jan 2022") == "Headline figures, Jan 2022"
    assert deck.headlines_title((other,), "") == "Headline figures"  # another card first: no claim for it


@pytest.mark.parametrize("period", ["all", "son"])
def test_the_sources_slide_shows_outlet_date_title_as_published_and_grade_without_ids(frames, period):
    sel = Selection(frames, table_bounds(frames) if period == "all" else SON)
    sources = [s for s in deck.build_deck(sel, "label", "test").slides if s.key == "sources"][0]
    table = sources.table
    assert list(table.columns) == ["Outlet", "Published", "Title", "Grade"]
    assert set(table["Grade"]) <= {"A", "B", "C", "U"}
    ids = set(sel.sources["source_id"])
    shown = " ".join(table.astype(str).to_numpy().ravel())
    assert not any(i in shown for i in ids if len(i) > 6), "an internal id reached the slide"
    for slug in ("News 7461452", "Feature 01", "Article 21527313", "Ru refuse"):
        assert slug not in set(table["Title"])
    assert "https://" not in shown
    if period == "all":
        assert UNRECORDED_TITLE in set(table["Title"]) and "A runaway regiment" in set(table["Title"])


def test_the_timeline_slide_names_every_event_in_words(frames):
    for period in (table_bounds(frames), JUN_NOV, SON):
        timeline = [s for s in deck.build_deck(Selection(frames, period), "l", "t").slides if s.key == "timeline"][0]
        events = Selection(frames, period).rows("events")
        named = [a.text for a in timeline.figure.layout.annotations if a.name == "event label"]
        assert len(named) == len(events), period.describe()
    # With few events the names are whole; the axis of All time starts at its first event and says so.
    assert "Grigory Sverdlin designated a &#39;foreign agent&#39; and put on the wanted list" in named or \
        "Grigory Sverdlin designated a 'foreign agent' and put on the wanted list" in named
    whole = [s for s in deck.build_deck(Selection(frames, table_bounds(frames)), "l", "t").slides
             if s.key == "timeline"][0]
    assert "first event (Sep 2022)" in whole.figure.layout.meta["notes"]


def test_a_russian_decks_quote_is_in_russian_and_says_who_translated_it():
    from desertion.i18n.active import active
    from desertion.deck import build_deck
    from desertion.loading import load_dataset
    from desertion.periods import Period
    from desertion.selection import Selection
    from tests.conftest import DATA
    dataset = load_dataset(DATA)
    sel = Selection(dataset.usable_frames, Period.of_months("2023-06", "2023-11"))
    with active("ru"):
        deck = build_deck(sel, period_label="июнь–ноябрь 2023")
    quoted = [s.quote for s in deck.slides if s.quote]
    assert quoted, "the requests slide has its key quote"
    text, who = quoted[0]
    assert any("а" <= c <= "я" for c in text.lower()), text  # the words in Russian
    assert "Перевод" in who, who  # and marked as a translation
