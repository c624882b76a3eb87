"""Properties that must hold for any input, checked on generated examples (hypothesis).

- The parser never raises: arbitrary bytes, text or CSV-shaped junk give issues, each printable on one line.
- A table written from valid cells parses back to the same values.
- Period links round-trip, and parse_period never raises on whatever a URL holds.
- The period filter keeps every row that lies wholly inside, marks what it keeps truthfully, and never
  changes a value.

Example counts are kept modest so the file runs in a few seconds; `deadline=None` because the first call
of a pandas path can be slow.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from datetime import date

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desertion import periods
from desertion.loading import CONTROL_PATTERN, parse_table
from desertion.periods import INSIDE, PARTLY, Period
from desertion.schema import ARTICLES, COURT_MEASURES, EVENT_CATEGORIES, TABLES, Timing

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOURCE_IDS = ["src-a", "src-b", "mt-2023-12-05"]
CSV_PIECES = [",", '"', "\n", "\r\n", "\r", ";", "\t", " ", "\ufeff", "\u200b", "\u202e", "\x00", "=", "-", "1",
              "2023-01-01", "true", "x", "é", "д", "src-a"]


def assert_issues_are_well_formed(result) -> None:
    assert result.ok == (not result.issues)
    assert (result.frame is not None) == result.ok
    for issue in result.issues:
        assert issue.line >= 1
        text = str(issue)
        assert text.startswith(f"{issue.path}:{issue.line}: ")
        assert not re.search(r"[\n\r\u202a-\u202e\u2066-\u2069]", text), text  # one issue, one line, no reordering


# --- the parser never raises --------------------------------------------------------------------------------

@SETTINGS
@given(raw=st.binary(max_size=600), table=st.sampled_from(list(TABLES)), checked=st.booleans())
@example(raw=b"a,b\rc,d\nx,\xff\n", table="events", checked=False)  # a header name with a CR, then a bad byte
@example(raw=b"a,b\xe2\x80\xaec,d\nx,\xff\n", table="events", checked=False)  # ... with a direction override
def test_the_parser_never_raises_on_arbitrary_bytes(raw, table, checked):
    result = parse_table(raw, TABLES[table], "upload.csv", source_ids=set(SOURCE_IDS) if checked else None)
    assert_issues_are_well_formed(result)


@SETTINGS
@given(text=st.text(max_size=400), table=st.sampled_from(list(TABLES)))
def test_the_parser_never_raises_on_arbitrary_text(text, table):
    assert_issues_are_well_formed(parse_table(text.encode("utf-8", "surrogatepass"), TABLES[table], "upload.csv",
                                              source_ids=set(SOURCE_IDS)))


@st.composite
def csv_shaped(draw) -> tuple[str, str]:
    """A table's real header (usually) followed by rows of junk built from CSV's sharp edges."""
    table = draw(st.sampled_from(list(TABLES)))
    names = list(TABLES[table].column_names)
    header = ",".join(draw(st.permutations(names))) if draw(st.booleans()) else ",".join(names)
    cell = st.lists(st.sampled_from(CSV_PIECES), max_size=4).map("".join)
    rows = draw(st.lists(st.lists(cell, min_size=len(names) - 1, max_size=len(names) + 1), max_size=5))
    text = "\n".join([header] + [",".join(row) for row in rows])
    return table, draw(st.sampled_from([text, text + "\n", "\ufeff" + text]))


@SETTINGS
@given(case=csv_shaped())
def test_the_parser_never_raises_on_csv_shaped_junk(case):
    table, text = case
    assert_issues_are_well_formed(parse_table(text.encode("utf-8", "surrogatepass"), TABLES[table], "upload.csv",
                                              source_ids=set(SOURCE_IDS)))


# --- valid cells round-trip ---------------------------------------------------------------------------------

IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,24}", fullmatch=True)
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
# Free text as people type it: any printable character except controls and direction overrides, and none of
# the surrounding spaces the loader strips.
TEXT_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
TEXT = st.text(TEXT_CHARS, min_size=1, max_size=40).map(str.strip).filter(
    lambda t: t != "" and not re.search(CONTROL_PATTERN, t))


@st.composite
def court_counts_rows(draw) -> list[dict]:
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    rows = []
    for record_id in ids:
        start, end = sorted(draw(st.lists(DATES, min_size=2, max_size=2)))
        note = draw(st.none() | TEXT)
        rows.append({
            "record_id": record_id, "period_start": start, "period_end": end,
            "article": draw(st.sampled_from(ARTICLES)), "measure": draw(st.sampled_from(COURT_MEASURES)),
            "value": draw(st.integers(0, 10**15 - 1)), "approximate": draw(st.booleans()),
            "lower_bound": draw(st.booleans()), "source_id": draw(st.sampled_from(SOURCE_IDS)),
            "note": note, "note_ru": None if note is None else draw(TEXT),
        })
    return rows


@st.composite
def events_rows(draw) -> list[dict]:
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    rows = []
    for event_id in ids:
        start = draw(DATES)
        end = draw(st.none() | DATES.filter(lambda d, start=start: d >= start))
        rows.append({
            "event_id": event_id, "date_start": start, "date_end": end, "date_precision": "day",
            "title": draw(TEXT), "title_ru": draw(TEXT), "category": draw(st.sampled_from(EVENT_CATEGORIES)),
            "description": draw(TEXT), "description_ru": draw(TEXT), "source_id": draw(st.sampled_from(SOURCE_IDS)),
        })
    return rows


def as_csv(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return value.isoformat() if isinstance(value, date) else str(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[cell(row[c]) for c in columns] for row in rows])
    return buffer.getvalue().encode("utf-8")


def as_python(value):
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


@SETTINGS
@given(table_rows=st.one_of(court_counts_rows().map(lambda r: ("court_counts", r)),
                            events_rows().map(lambda r: ("events", r))))
def test_a_table_of_valid_cells_round_trips_through_the_parser(table_rows):
    table, rows = table_rows
    schema = TABLES[table]
    result = parse_table(as_csv(rows, schema.column_names), schema, f"{table}.csv", source_ids=set(SOURCE_IDS))
    assert result.ok, [str(i) for i in result.issues]
    parsed = [{c: as_python(v) for c, v in row.items()} for row in result.frame.to_dict("records")]
    assert parsed == rows


# --- periods ------------------------------------------------------------------------------------------------

MONTHS = st.tuples(st.integers(periods.FIRST_SUPPORTED_YEAR, periods.LAST_SUPPORTED_YEAR), st.integers(1, 12)).map(
    lambda ym: f"{ym[0]:04d}-{ym[1]:02d}")
MONTH_RANGES = st.lists(MONTHS, min_size=2, max_size=2).map(sorted).map(lambda m: Period.of_months(m[0], m[1]))
URL_VALUES = st.one_of(st.none(), st.text(max_size=30), MONTHS, st.lists(st.text(max_size=12) | MONTHS, max_size=3))


@SETTINGS
@given(period=MONTH_RANGES, default=MONTH_RANGES)
def test_a_period_link_reads_back_as_the_same_period(period, default):
    parsed = periods.parse_period(periods.format_period_params(period, default), default)
    assert parsed.period == period and parsed.notice is None


@SETTINGS
@given(params=st.dictionaries(st.sampled_from(["from", "to", "period", ""]), URL_VALUES), default=MONTH_RANGES)
def test_parse_period_never_raises_and_always_gives_a_usable_period(params, default):
    params = {k: v for k, v in params.items() if v is not None}
    parsed = periods.parse_period(params, default)
    assert parsed.period.start <= parsed.period.end
    assert parsed.period == default or parsed.notice is None or "swapped" in parsed.notice


# Any text at all, and the odd values links really carry: Unicode digits, huge numbers, blanks, repeated keys.
ODD_VALUES = st.one_of(st.text(max_size=40), st.sampled_from(["²", "①", "٣", "１", "9" * 500, "", " ", "\t\n", "-0",
                                                          "1e9", "0x10", "NaN", "∞"]))
QUERY_VALUES = st.one_of(ODD_VALUES, st.lists(ODD_VALUES, max_size=4))


@SETTINGS
@given(value=QUERY_VALUES, total=st.integers(0, 50))
def test_parse_slide_never_raises_and_stays_in_the_deck(value, total):
    number = periods.parse_slide(value, total)
    assert number == 1 or 1 <= number <= total


@SETTINGS
@given(value=QUERY_VALUES)
def test_parse_quote_id_never_raises_and_gives_an_id_or_nothing(value):
    quote_id = periods.parse_quote_id(value)
    assert quote_id is None or periods.QUOTE_ID_PATTERN.fullmatch(quote_id)


@SETTINGS
@given(params=st.dictionaries(st.sampled_from(["from", "to", "slide", "quote", "embed", ""]), QUERY_VALUES),
       default=MONTH_RANGES, slides=st.integers(1, 12))
def test_canonical_params_never_raise_and_read_back_without_a_notice(params, default, slides):
    canonical = periods.canonical_params(params, default, slide_count=slides)
    assert all(isinstance(v, str) for v in canonical.values())
    again = periods.parse_period(canonical, default)
    assert again.notice is None and again.period == periods.parse_period(params, default).period
    assert periods.canonical_params(canonical, default, slide_count=slides) == canonical


def last_day(day: date, precision: str | None) -> date:
    """The end of the month, quarter or year a date stands for; computed here, independently of periods.py."""
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == "quarter":
        month = (day.month - 1) // 3 * 3 + 3
        return date(day.year, month, calendar.monthrange(day.year, month)[1])
    if precision == "year":
        return date(day.year, 12, 31)
    return day


TIMINGS = {name: TABLES[name].timing for name in ("court_counts", "court_cumulative", "idite_lesom", "events",
                                                   "sentences")}


@st.composite
def timed_frames(draw) -> tuple[Timing, pd.DataFrame]:
    """A frame with a table's date columns (valid as the loader would let them through) and a value column."""
    timing = TIMINGS[draw(st.sampled_from(sorted(TIMINGS)))]
    n = draw(st.integers(0, 8))
    near = st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 31))
    data: dict[str, list] = {"value": draw(st.lists(st.integers(0, 10**6), min_size=n, max_size=n))}
    for column in timing.columns:
        data[column] = [None] * n
    if timing.precision:
        data[timing.precision] = [None] * n
    for i in range(n):
        # Only a table of dates without ends or running totals (sentences) has rows with an unknown date.
        undated = timing.precision if not (timing.end or timing.as_of) else None
        kinds = [kind for kind, column in (("as_of", timing.as_of), ("interval", timing.start),
                                           ("undated", undated)) if column]
        kind = draw(st.sampled_from(kinds))
        if kind == "as_of":
            data[timing.as_of][i] = draw(near)
            if timing.precision:
                data[timing.precision][i] = draw(st.sampled_from(["day", "month", "quarter", "year"]))
            continue
        if kind == "undated":  # a verdict with an unknown date
            data[timing.precision][i] = "unknown"
            continue
        start = draw(near)
        data[timing.start][i] = start
        if timing.end and (not timing.precision or draw(st.booleans())):
            data[timing.end][i] = draw(near.filter(lambda d, start=start: d >= start))
        if timing.precision:
            data[timing.precision][i] = draw(st.sampled_from(["day", "month", "quarter", "year"]))
    frame = pd.DataFrame({k: pd.to_datetime(pd.Series(v, dtype="object")) if k in timing.columns else v
                          for k, v in data.items()})
    frame.index = pd.RangeIndex(n) * 10 + 5  # not 0..n-1, so a positional slip shows
    return timing, frame


def interval(row: pd.Series, timing: Timing) -> tuple[date, date] | None:
    """The days a row stands for, as the Sources & method page explains it; None for an undated row."""
    if timing.as_of and pd.notna(row[timing.as_of]):
        day = row[timing.as_of].date()
        return day, last_day(day, row[timing.precision] if timing.precision else None)
    if pd.isna(row[timing.start]):
        return None
    start = row[timing.start].date()
    if timing.end and pd.notna(row[timing.end]):
        return start, row[timing.end].date()
    return start, last_day(start, row[timing.precision] if timing.precision else None)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=timed_frames(), period=MONTH_RANGES.filter(lambda p: p.start.year < 2030 and p.end.year > 2015))
def test_the_period_filter_keeps_what_lies_inside_marks_the_rest_and_changes_no_value(case, period):
    timing, frame = case
    chosen = periods.filter_table(timing, frame, period)
    first, last = period.start.date(), period.end.date()
    assert list(chosen.index) == sorted(chosen.index)  # the table's order is kept
    assert set(chosen.index) <= set(frame.index)
    pd.testing.assert_frame_equal(chosen.drop(columns="in_period"), frame.loc[chosen.index])
    for label, row in frame.iterrows():
        span = interval(row, timing)
        inside = span is not None and first <= span[0] and span[1] <= last
        overlaps = span is not None and span[0] <= last and span[1] >= first
        if inside:
            assert label in chosen.index and chosen.at[label, "in_period"] == INSIDE, (label, span)
        elif overlaps:
            assert label in chosen.index and chosen.at[label, "in_period"] == PARTLY, (label, span)
        else:
            assert label not in chosen.index, (label, span)


def test_an_open_event_known_to_the_quarter_counts_as_its_whole_quarter():
    frame = pd.DataFrame({"date_start": pd.to_datetime(["2019-01-01"]), "date_end": pd.to_datetime([None]),
                          "date_precision": ["quarter"]})
    chosen = periods.filter_table(TABLES["events"].timing, frame, Period.of_months("2018-01", "2019-01"))
    assert chosen["in_period"].tolist() == [PARTLY]
