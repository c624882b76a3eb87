"""Event strips on the time charts (issue 11 item 4): every event in range is named in words or lettered with
a key entry, no two strip labels overlap, names are never cut, and the key (every name whole) is in the
figure, its alt text and its events table, with data text escaped."""

from __future__ import annotations

import itertools

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desertion import charts, event_strip, views
from desertion.event_strip import KEY_LEAD, key_entries, place_event_strip, wrap_key
from desertion.label_layout import STRIP_GAP_PX, Box, EventLabel, key_letter, layout_event_strip, two_lines
from desertion.periods import Period, filter_table
from desertion.schema import TABLES
from desertion.selection import Selection
from tests.fixtures import tables

BAND = Box(0, 0, 440, 48.75)  # the requests chart's strip at the reference width: three rows of 13 px text
EVENTS_HEADER = "event_id,date_start,date_end,date_precision,title,category,description,source_id\n"

def strips_of(alphabet: str) -> st.SearchStrategy:
    return st.lists(st.builds(EventLabel, key=st.uuids().map(str), x=st.floats(0, 440),
                              text=st.text(alphabet=alphabet, min_size=1, max_size=70)
                              .map(lambda t: " ".join(t.split()) or "x")),
                    max_size=40, unique_by=lambda e: e.key)


strips = strips_of("abcdefghij lmnoprstuvw-'")
# Russian names: wider letters (ж, ш, щ, ю, ы, м) measured in the charts' font, as the strip draws them.
russian_strips = strips_of("абвгдеёжзийклмнопрстуфхцчшщыьэюя ЖШЩЮ«»-")


def drawn(placements) -> list:
    """Each drawn label once: a run of letters is one label shared by its events."""
    return list({(p.text, p.box): p for p in placements}.values())


def boxes_collide(a, b) -> bool:
    """Labels closer than the strip's gaps: side by side in shared rows (stacked rows may touch)."""
    gap = STRIP_GAP_PX if a.letter and b.letter else 6.0
    return (a.box.left < b.box.right + gap and b.box.left < a.box.right + gap
            and a.box.top < b.box.bottom and b.box.top < a.box.bottom)


@settings(max_examples=150, deadline=None)
@given(strips)
def test_every_event_is_named_or_lettered_and_no_two_labels_collide(events):
    check_strip(events)


@settings(max_examples=100, deadline=None)
@given(russian_strips)
def test_russian_names_are_named_or_lettered_and_never_collide_either(events):
    check_strip(events)


def check_strip(events: list[EventLabel]) -> None:
    placements = layout_event_strip(events, BAND, size=13, rows=3)
    assert [p.key for p in placements] == [e.key for e in events]
    for event, placed in zip(events, placements):
        assert placed.box.inside(BAND), placed
        if placed.letter:  # lettered: its letter is, or lies in the run, drawn at its mark
            first, _, last = placed.text.partition("–")
            assert (len(first), first) <= (len(placed.letter), placed.letter) <= (len(last or first), last or first)
        else:  # named: the whole name, starting at its event, on one line or two
            assert placed.text.replace("\n", " ") == event.text and placed.box.left == event.x
    for a, b in itertools.combinations(drawn(placements), 2):
        assert not boxes_collide(a, b), (a, b)
    # Letters run A, B, C… in time order, so the key reads in the order of the marks.
    lettered = sorted((e.x, e.key, p.letter) for e, p in zip(events, placements) if p.letter)
    assert [letter for _, _, letter in lettered] == [key_letter(n) for n in range(len(lettered))]


def test_names_that_fit_are_written_out_and_no_letter_is_needed():
    events = [EventLabel("a", 10, "Law signed"), EventLabel("b", 200, "Verdict")]
    placements = layout_event_strip(events, BAND, size=13, rows=3)
    assert [(p.letter, p.text) for p in placements] == [("", "Law signed"), ("", "Verdict")]


def test_a_name_too_long_for_the_room_left_gets_a_letter_not_an_ellipsis():
    # Sep–Nov 2023: Kochetkov's name fits after its mark; Sverdlin's, two thirds along, does not.
    events = [EventLabel("kochetkov", 55, "Maxim Kochetkov sentenced to 13 years"),
              EventLabel("sverdlin", 293, "Grigory Sverdlin designated a 'foreign agent' and put on the wanted list")]
    kochetkov, sverdlin = layout_event_strip(events, BAND, size=13, rows=3)
    assert kochetkov.letter == "" and kochetkov.text == "Maxim Kochetkov sentenced to 13 years"
    assert sverdlin.letter == "A" and sverdlin.text == "A" and "…" not in kochetkov.text + sverdlin.text


def test_a_long_name_breaks_over_two_rows_at_a_word_boundary_before_it_is_lettered():
    [placed] = layout_event_strip([EventLabel("k", 255, "Maxim Kochetkov sentenced to 13 years")], BAND, size=13,
                                  rows=3)
    assert placed.letter == "" and placed.text == "Maxim Kochetkov\nsentenced to 13 years"
    assert two_lines("one", 13) == "one"


def test_crowded_events_share_one_run_label_and_keep_their_own_letters():
    # December 2023 at All time: four events within a few pixels.
    events = [EventLabel(f"e{i}", 250 + i, "A name far too long to be written out on this narrow strip at all")
              for i in range(4)]
    placements = layout_event_strip(events, BAND, size=13, rows=3)
    assert [p.letter for p in placements] == ["A", "B", "C", "D"]
    assert {p.text for p in placements} == {"A–D"} and len(drawn(placements)) == 1


def test_key_letters_continue_past_z():
    assert [key_letter(n) for n in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]


def test_a_strip_too_low_for_its_rows_is_an_error():
    with pytest.raises(ValueError, match="do not fit"):
        layout_event_strip([], Box(0, 0, 440, 20), size=13, rows=3)


# ---------------------------------------------------------------------------------------------- on the charts

def _events(*rows: str) -> pd.DataFrame:
    return tables.make_table("events", EVENTS_HEADER + "".join(f"{row}\n" for row in rows))


def _requests_figure(events: pd.DataFrame, period: Period) -> go.Figure:
    rows = filter_table(TABLES["idite_lesom"].timing, tables.requests(), period)
    rows = rows[rows["metric"] == "desertion_requests"]
    return charts.build_interval_figure(rows, tables.sources(), series=pd.Series("Requests", index=rows.index),
                                        title="Requests", period=period, unit="requests", events=events)


def _annotations(fig: go.Figure, name: str) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.name == name]


HOSTILE = "<img src=x onerror=alert(1)> Deserter <b>detained</b> in Gyumri, Armenia, then moved to Rostov-on-Don"


def test_every_event_in_range_is_named_on_the_chart_or_keyed_under_it_with_its_whole_name():
    events = _events("e1,2023-09-15,,day,Maxim Kochetkov sentenced to 13 years,court,x,src-a",
                     f"e2,2023-11-01,,month,\"{HOSTILE}\",other,x,src-a",
                     "e3,2023-11-06,2023-11-14,day,A third event with a long name that cannot be written here,law,x,src-a",
                     "e4,2021-01-10,,day,Before the period,law,x,src-a")
    fig = _requests_figure(events, Period.of_months("2023-09", "2023-11"))
    letters = fig.layout.meta["event_letters"]
    assert set(letters) == {"e1", "e2", "e3"}  # e4 lies outside the axis: not drawn, not keyed
    assert letters["e1"] == "" and _annotations(fig, "event label") == ["Maxim Kochetkov sentenced to 13 years"]
    [key] = _annotations(fig, "event key")
    flat = key.replace("<br>", " ")
    assert flat.startswith(KEY_LEAD) and f"<b>{letters['e2']}</b> Nov 2023," in flat
    assert "&lt;img src=x onerror=alert(1)&gt; Deserter &lt;b&gt;detained&lt;/b&gt;" in flat and "<img" not in flat
    assert f"<b>{letters['e3']}</b> 6–14 Nov 2023, A third event with a long name that cannot be written here." in flat
    # The alt text names every event, with its letter where the chart shows one.
    alt = fig.layout.meta["alt"]
    assert "15 Sep 2023, Maxim Kochetkov sentenced to 13 years" in alt
    assert f"{letters['e2']}: Nov 2023, {HOSTILE}" in alt
    # The key sits between the notes and the sources line, inside the figure (so PNG, PDF and slides carry it).
    source = next(a for a in fig.layout.annotations if a.templateitemname)
    key_shift = next(a.yshift for a in fig.layout.annotations if a.name == "event key")
    assert source.yshift < key_shift


def test_a_chart_whose_events_are_all_named_has_no_key():
    fig = _requests_figure(_events("e1,2023-09-15,,day,Verdict,court,x,src-a"), Period.of_months("2023-09", "2023-11"))
    assert fig.layout.meta["event_letters"] == {"e1": ""} and not _annotations(fig, "event key")


def test_the_key_wraps_at_word_boundaries_with_bold_letters():
    text, lines = wrap_key([("A", "15 Sep 2023, " + "word " * 40), ("B", "Nov 2023, <i>x</i>")], width_px=300)
    assert lines > 3 and all("<b>" not in line or line.count("<b>") == line.count("</b>") for line in text.split("<br>"))
    assert "<b>A</b>" in text and "<b>B</b>" in text and "&lt;i&gt;x&lt;/i&gt;." in text
    assert wrap_key([]) == ("", 0)


def test_key_entries_follow_the_letters_past_z():
    events = _events(*[f"e{n},2023-01-01,,day,Event {n},law,x,src-a" for n in range(28)])
    letters = pd.Series([key_letter(n) for n in range(28)], index=events.index)
    assert [letter for letter, _ in key_entries(events, letters)][24:] == ["Y", "Z", "AA", "AB"]


def test_place_event_strip_folds_line_breaks_in_a_name():
    events = _events('e1,2023-09-15,,day,"Two\nlines",court,x,src-a')
    fig = go.Figure()
    place_event_strip(fig, events, axes=("x", "y"), x_range=[pd.Timestamp("2023-09-01"), pd.Timestamp("2023-12-01")],
                      band_px=charts.event_band_px(charts.EVENT_ROWS), rows=charts.EVENT_ROWS)
    assert [a.text for a in fig.layout.annotations] == ["Two lines"]


def test_the_views_events_table_lists_every_event_on_the_strip_with_its_letter():
    from desertion.loading import load_dataset
    from desertion.periods import table_bounds

    frames = load_dataset("data").frames
    sel = Selection(frames, table_bounds(frames))
    for view in (views.requests_view(sel), views.court_cumulative_view(sel), *views.court_counts_views(sel)):
        letters = view.figure.layout.meta["event_letters"]
        assert len(letters) == len(frames["events"])  # All time: every shipped event is on the strip
        assert list(view.events.columns) == views.EVENT_COLUMNS
        assert list(view.events["On the chart"]) == [f"letter {x}" if x else views.NAMED for x in letters.values()]
        titles = dict(zip(frames["events"]["event_id"], frames["events"]["title"]))
        assert list(view.events["Event"]) == [titles[i] for i in letters]  # whole names
        key = " ".join(_annotations(view.figure, "event key")).replace("<br>", " ")
        for letter in filter(None, letters.values()):
            assert f"<b>{letter}</b>" in key
    assert views.sentences_view(sel).events.empty  # no strip, no events table


# ------------------------------------------------------------------------------------------------ in Russian

def test_a_russian_chart_keys_its_letters_in_russian_with_russian_dates_and_the_key_fits_its_width():
    from desertion.event_strip import KEY_WIDTH_PX, KEY_TEXT_PX
    from desertion.i18n.active import active
    from desertion.label_layout import text_width

    name = "Гражданский активист приговорён заочно к длительному сроку за призывы к дезертирству"
    events = _events("e1,2023-09-15,,day,Maxim Kochetkov sentenced to 13 years,court,x,src-a",
                     f"e2,2023-11-01,,month,{name},other,x,src-a",
                     f"e3,2023-11-06,2023-11-14,day,{name},law,x,src-a")
    with active("ru"):
        fig = _requests_figure(events, Period.of_months("2023-09", "2023-11"))
        text, _ = wrap_key(key_entries(events, pd.Series(["", "A", "B"], index=events.index)))
    letters = fig.layout.meta["event_letters"]
    [key] = _annotations(fig, "event key")
    flat = key.replace("<br>", " ")
    assert flat.startswith("События по буквам:") and f"<b>{letters['e3']}</b> 6–14 ноября 2023, {name}" in flat
    assert "ноябрь 2023" in flat and "Nov" not in flat
    for line in text.split("<br>"):  # no line of the key runs past the width it was wrapped to
        plain = line.replace("<b>", "").replace("</b>", "")
        assert text_width(plain, KEY_TEXT_PX) <= KEY_WIDTH_PX * 1.1, plain
    assert "События, отмеченные на оси времени: 15 сентября 2023, Maxim Kochetkov" in fig.layout.meta["alt"]


def test_the_strips_own_words_in_russian_and_the_events_as_the_data_gives_them():
    from desertion.i18n.active import active
    events = pd.DataFrame({"event_id": ["e1"], "date_start": [pd.Timestamp("2022-12-06")],
                           "date_end": [pd.Timestamp("2022-12-14")], "date_precision": ["day"], "title": ["A law"]})
    letters = pd.Series(["A"], index=events.index)
    with active("ru"):
        alt = event_strip.strip_alt(events, letters)
        key, lines = wrap_key(key_entries(events, letters))
    assert alt == "События, отмеченные на оси времени: A: 6–14 декабря 2022, A law."
    assert key.startswith("События по буквам: <b>A</b> 6–14 декабря 2022, A law.") and lines == 1
    assert event_strip.strip_alt(events, letters) == "Events marked on the time axis: A: 6–14 Dec 2022, A law."


def test_a_russian_strip_letters_its_events_in_cyrillic():
    from desertion.label_layout import CYRILLIC
    assert [key_letter(n, CYRILLIC) for n in (0, 1, 26, 27)] == ["А", "Б", "Я", "АА"]
    events = [EventLabel(f"e{i}", 10.0 + 3 * i, "Очень длинное название события, которое не поместится") for i in range(6)]
    placed = layout_event_strip(events, Box(0.0, 0.0, 300.0, 60.0), size=13, rows=3, alphabet=CYRILLIC)
    letters = [p.letter for p in placed if p.letter]
    assert letters and all(set(letter) <= set(CYRILLIC) for letter in letters), letters
