"""Periods: the one filter every page honours, its presets, its URL form, and which rows it selects.

Semantics (the same everywhere, and explained on the Sources & method page):
- A row is an interval. It is *in* the period when it lies wholly inside it.
- A row that only overlaps the period is kept and marked "partly outside"; it is never pro-rated or summed.
- A running total (cumulative snapshot) is selected by its as-of date, which is a day or, when the source
  gives only the month, quarter or year, that whole interval, like any other date.
- A date known only to the month, quarter or year is the interval of that month, quarter or year.
- The URL holds whole months: `?from=YYYY-MM&to=YYYY-MM`, both inclusive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desertion.i18n.catalogue import N_, Message
from desertion.schema import TABLES, Timing

import pandas as pd

MONTH_PATTERN = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
MOBILISATION = pd.Timestamp("2022-09-21")
ALL_TIME = "All time"  # the first preset's name (the sidebar's default); other languages: i18n.formats.preset_label
INSIDE = "inside"
PARTLY = "partly outside"
FIRST_SUPPORTED_YEAR = 2000
LAST_SUPPORTED_YEAR = 2100
DAYS_PER_MONTH = 365.25 / 12
SLIDE_PARAM = "slide"
QUOTE_PARAM = "quote"
# ASCII digits only (`\d` and `str.isdigit` accept '²', '①', '٣'); six digits bound a number no deck reaches.
SLIDE_PATTERN = re.compile(r"[0-9]{1,6}")
QUOTE_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")


def month_start(month: str) -> pd.Timestamp:
    """'2023-09' -> 2023-09-01."""
    return pd.Timestamp(f"{month}-01")


def month_end(ts: pd.Timestamp) -> pd.Timestamp:
    """The last day of ts's month."""
    return (ts + pd.offsets.MonthEnd(0)).normalize()


def format_month(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m")


def month_label(ts: pd.Timestamp) -> str:
    return ts.strftime("%b %Y")


@dataclass(frozen=True)
class Period:
    """An inclusive range of whole days, normally whole months."""

    start: pd.Timestamp
    end: pd.Timestamp

    @classmethod
    def of_months(cls, first: str, last: str) -> Period:
        return cls(month_start(first), month_end(month_start(last)))

    @property
    def from_month(self) -> str:
        return format_month(self.start)

    @property
    def to_month(self) -> str:
        return format_month(self.end)

    def describe(self) -> str:
        """'Sep 2023 – Nov 2023', or 'Sep 2023' for one month."""
        first, last = month_label(self.start), month_label(self.end)
        return first if first == last else f"{first} – {last}"


# The December 2023 article's two reporting windows (Idite Lesom's 305 and 577 requests): a sidebar preset
# each, the Overview's recomputed change, the Requests page's default comparison and the deck's fallback.
ARTICLE_WINDOWS = (Period.of_months("2023-06", "2023-08"), Period.of_months("2023-09", "2023-11"))


@dataclass(frozen=True)
class Preset:
    """A named period offered in the sidebar. `kind` says what names it in another language (`i18n.formats.
    preset_label`): 'all' and 'since_mobilisation' by a message, the others by their window."""

    label: str
    period: Period
    kind: str = "window"


@dataclass(frozen=True)
class ParsedPeriod:
    """The period a URL asks for; `notice` explains a fallback when the URL's value was unusable (English text that
    the sidebar says in the reader's language: an `i18n.Message`)."""

    period: Period
    notice: str | None = None


def data_bounds(dates: Iterable[pd.Series]) -> Period:
    """The whole months spanned by every date column given: the 'All time' period."""
    columns = [pd.Series(s, dtype="datetime64[us]") for s in dates]
    values = pd.concat(columns).dropna() if columns else pd.Series([], dtype="datetime64[us]")
    if values.empty:  # no table loaded (an empty or missing data folder): this month, not an exception
        today = pd.Timestamp.today().normalize()
        return Period(today.replace(day=1), month_end(today))
    return Period(values.min().replace(day=1).normalize(), month_end(values.max()))


def build_presets(bounds: Period) -> list[Preset]:
    """All time; each calendar year; H1 and H2 of each year; since mobilisation; the article's two windows."""
    presets = [Preset(ALL_TIME, bounds, "all")]
    years = range(bounds.start.year, bounds.end.year + 1)
    presets += [Preset(str(y), Period.of_months(f"{y}-01", f"{y}-12")) for y in years]
    for y in years:
        presets += [Preset(f"H1 {y}", Period.of_months(f"{y}-01", f"{y}-06")),
                    Preset(f"H2 {y}", Period.of_months(f"{y}-07", f"{y}-12"))]
    if bounds.end >= MOBILISATION:
        presets.append(Preset("Since mobilisation (21 Sep 2022)", Period(MOBILISATION.replace(day=1), bounds.end),
                              "since_mobilisation"))
    presets += [Preset(describe_window(w.start, w.end), w) for w in ARTICLE_WINDOWS]
    return presets


def preset_for(period: Period, presets: Iterable[Preset]) -> Preset | None:
    """The preset that is exactly this period, if any (the first one wins: All time before a year)."""
    return next((p for p in presets if p.period == period), None)


def _single(value: str | list[str] | tuple[str, ...] | None) -> str | None:
    """One value of a query key: the last of a repeated key (as Streamlit reads it); None for anything else."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return value if isinstance(value, str) else None


def parse_period(params: Mapping[str, str | list[str]], default: Period) -> ParsedPeriod:
    """Read `from`/`to` from query parameters. Never raises: an unusable value gives the default and a notice,
    and a range given backwards is swapped (with a notice saying so)."""
    raw_from, raw_to = _single(params.get("from")), _single(params.get("to"))
    if raw_from is None and raw_to is None:
        return ParsedPeriod(default)
    first = raw_from.strip() if raw_from is not None else default.from_month
    last = raw_to.strip() if raw_to is not None else default.to_month
    for name, value in (("from", first), ("to", last)):
        if not MONTH_PATTERN.fullmatch(value) or not FIRST_SUPPORTED_YEAR <= int(value[:4]) <= LAST_SUPPORTED_YEAR:
            shown = value if len(value) <= 20 else value[:20] + "…"
            return ParsedPeriod(default, Message(N_("The link's period value {name}={value} is not a month like "
                                                    "2023-09, so the default period is shown."),
                                                 name=name, value=repr(shown)))
    if first > last:
        return ParsedPeriod(Period.of_months(last, first),
                            Message(N_("The link's period started ({first}) after it ended ({last}); the two months "
                                       "were swapped."), first=first, last=last))
    return ParsedPeriod(Period.of_months(first, last))


def parse_slide(value: str | list[str] | None, total: int) -> int:
    """The 1-based slide a link asks for (`?slide=N`). Never raises: anything but plain ASCII digits (Unicode
    digits such as '²', '①', '٣' pass `str.isdigit` but not `int`), an empty value, 0, or a number of more
    than six digits (`int` refuses 4,300) quietly gives slide 1; a number past the deck gives its last slide.
    A repeated key counts by its last value, as Streamlit reads it."""
    raw = (_single(value) or "").strip()
    number = int(raw) if SLIDE_PATTERN.fullmatch(raw) else 0
    return min(number, max(total, 1)) if number >= 1 else 1


def parse_quote_id(value: str | list[str] | None) -> str | None:
    """The quote id a link names (`?quote=<id>`) if it has the shape of an id, else None (no quote linked)."""
    raw = (_single(value) or "").strip()
    return raw if QUOTE_ID_PATTERN.fullmatch(raw) else None


def canonical_params(params: Mapping[str, str | list[str]], default: Period,
                     slide_count: int | None = None) -> dict[str, str]:
    """The query parameters of what a link actually shows, so the page can rewrite the address: a bad or
    reversed period becomes the period shown (nothing for the default), a bad slide or quote id is dropped,
    slide 1 is left out. Other keys (such as Streamlit's `embed`) keep their last value. Never raises."""
    known = {"from", "to", SLIDE_PARAM, QUOTE_PARAM}
    out = {key: value for key in params if key not in known and (value := _single(params[key])) is not None}
    out |= format_period_params(parse_period(params, default).period, default)
    if slide_count is not None and SLIDE_PARAM in params:
        number = parse_slide(params[SLIDE_PARAM], slide_count)
        if number != 1:
            out[SLIDE_PARAM] = str(number)
    quote_id = parse_quote_id(params.get(QUOTE_PARAM))
    if quote_id is not None:
        out[QUOTE_PARAM] = quote_id
    return out


def format_period_params(period: Period, default: Period) -> dict[str, str]:
    """Query parameters for a period: none for the default, so the plain URL stays the default view."""
    if period == default:
        return {}
    return {"from": period.from_month, "to": period.to_month}


def precision_end(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """The last day a date can stand for, given its precision (the month, quarter or year it names)."""
    ends = dates.copy()
    for level, offset in (("month", pd.offsets.MonthEnd(0)), ("quarter", pd.offsets.QuarterEnd(0)),
                          ("year", pd.offsets.YearEnd(0))):
        mask = (precision == level) & dates.notna()
        if mask.any():
            ends[mask] = dates[mask] + offset
    return ends


def select_intervals(frame: pd.DataFrame, period: Period, start: pd.Series, end: pd.Series) -> pd.DataFrame:
    """Rows whose interval lies in the period (in_period='inside') or overlaps it ('partly outside')."""
    inside = (start >= period.start) & (end <= period.end)
    overlaps = (start <= period.end) & (end >= period.start)
    selected = frame.loc[overlaps.fillna(False).to_numpy(dtype=bool)].copy()
    selected["in_period"] = inside[overlaps.fillna(False)].map({True: INSIDE, False: PARTLY}).to_numpy()
    return selected


def select_rows(frame: pd.DataFrame, period: Period, start_col: str, end_col: str | None = None,
                precision_col: str | None = None) -> pd.DataFrame:
    """Apply the period to a table: intervals by start/end columns, dated rows by their date and precision.

    Rows without a date (an unknown verdict date) fall in no period and are left out; a page that has
    them lists them separately as undated.
    """
    start = frame[start_col]
    # A date stands for the whole month, quarter or year its precision names; an explicit end wins.
    end = precision_end(start, frame[precision_col]) if precision_col is not None else start
    if end_col is not None:
        end = frame[end_col].fillna(end)
    return select_intervals(frame, period, start, end)


def window_months(start: pd.Series, end: pd.Series) -> pd.Series:
    """Length of each window in months: exact for whole-month windows, else days / average month length."""
    whole = (start.dt.day == 1) & ((end + pd.Timedelta(days=1)).dt.day == 1)
    exact = (end.dt.year - start.dt.year) * 12 + (end.dt.month - start.dt.month) + 1
    approx = ((end - start).dt.days + 1) / DAYS_PER_MONTH
    return exact.where(whole, approx).astype(float)


def window_shape(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """How a window reads, decided once for every language: 'days' (not whole months), 'year', 'half', 'month',
    'months' (within one year) or 'years' (months across years)."""
    if not (start.day == 1 and (end + pd.Timedelta(days=1)).day == 1):
        return "days"
    if start.year != end.year:
        return "years"
    if (start.month, end.month) == (1, 12):
        return "year"
    if (start.month, end.month) in ((1, 6), (7, 12)):
        return "half"
    return "month" if start.month == end.month else "months"


def describe_window(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'Jun–Aug 2023', 'Oct 2023', '2023', 'H1 2023', or exact days for windows that are not whole months."""
    return {
        "days": lambda: f"{start:%-d %b %Y} – {end:%-d %b %Y}",
        "year": lambda: str(start.year),
        "half": lambda: f"H{1 if start.month == 1 else 2} {start.year}",
        "month": lambda: f"{start:%b %Y}",
        "months": lambda: f"{start:%b}–{end:%b %Y}",
        "years": lambda: f"{start:%b %Y} – {end:%b %Y}",
    }[window_shape(start, end)]()


def filter_table(timing: Timing | None, frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Apply the period to any table by its declared timing; a table outside time (sources) comes back whole.

    Interval rows are selected by their interval, snapshot rows by their as-of date (a table may mix both,
    one kind per row), dated rows by their date; a date stands for the whole month, quarter or year its
    precision names. The result keeps the table's row order.
    """
    if timing is None:
        return frame.assign(in_period=INSIDE)
    parts = []
    if timing.as_of:
        snapshots = frame[frame[timing.as_of].notna()]
        parts.append(select_rows(snapshots, period, timing.as_of, None, timing.precision))
        frame = frame[frame[timing.as_of].isna()]
    if timing.start:
        parts.append(select_rows(frame, period, timing.start, timing.end, timing.precision))
    return pd.concat(parts).sort_index() if parts else frame.iloc[0:0].assign(in_period=INSIDE)


def table_bounds(frames: Mapping[str, pd.DataFrame]) -> Period:
    """'All time': the whole months spanned by every dated column of every declared table, by name (tables
    derived from a declared one, such as the monthly court-record counts, add nothing and are skipped), except
    tables whose timing does not set the bounds (reference years; see Timing), unless they are all there is."""
    timings = {name: t for name in frames if name in TABLES and (t := TABLES[name].timing) is not None}
    bounding = {name: t for name, t in timings.items() if t.sets_bounds} or timings
    return data_bounds(frames[name][col] for name, timing in bounding.items() for col in timing.columns)
