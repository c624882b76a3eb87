"""The figures the dashboard states in words: headline cards and window-to-window comparisons.

Every figure is a reported value picked from a table, never a sum or a pro-rated share of reported values,
and carries the source ids it came from. A change is only computed between two windows of the same length
that the source reported separately (Jun–Aug 2023 against Sep–Nov 2023), so +89% is recomputed, not typed.
Cards are worded in the language of the code running now (`i18n.active`). The labels below are message ids:
`overview_headlines` hands them on in English as each card's key (its staleness), to be shown with `_()`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from desertion.data_text import shown_text
from desertion.formatting import describe_window, format_change, format_count, format_date, format_figure
from desertion.i18n.active import _, current, ngettext, pgettext
from desertion.i18n.catalogue import N_, translator
from desertion.i18n.formats import QUANTITIES
from desertion.labels import ARTICLE_LABELS, SCOPE_LABELS, label
from desertion.periods import ARTICLE_WINDOWS, INSIDE, Period, filter_table, select_intervals
from desertion.schema import TABLES
from desertion.selection import Selection

SERIES_KEYS = ("article", "measure")
NOT_REPORTED = N_("not reported for this period")
# A window counts for a period only if at least this share of its days lies inside the period: the whole-year
# 2023 AWOL count is not a headline for Sep–Nov 2023 (a quarter of its days).
MIN_SHARE_INSIDE = 0.5
REQUESTS_LABEL = N_("Requests to Idite Lesom for help to desert")
AWOL_LABEL = N_("AWOL cases (Art. 337) received by courts")
RUNNING_TOTAL_LABEL = N_("Court cases received, running total")
SENTENCE_LABEL = N_("Longest known sentence handed down in the period")
# For the running-total card: the total of all articles, else AWOL (the bulk of cases), else the others.
HEADLINE_ARTICLE_ORDER = ["all", "337", "338", "332", "334"]



@dataclass(frozen=True)
class Headline:
    """One headline card: a reported figure, its window, its change against a comparable window, its sources."""

    label: str
    value: str
    window: str
    source_ids: tuple[str, ...]
    delta: str | None = None
    note: str | None = None
    reported: bool = True  # False: nothing reported for the period; value is a dash, note names the nearest figure


@dataclass(frozen=True)
class Comparison:
    """Two reported windows of one series side by side, with the change between them."""

    label_a: str
    label_b: str
    value_a: float | None
    value_b: float | None
    source_ids: tuple[str, ...]
    same_length: bool = True

    def figures(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """(('Jun–Aug 2023', '305'), ('Sep–Nov 2023', '577')); 'not reported' where a window has no figure."""
        def shown(value: float | None) -> str:
            return format_count(value) if value is not None else _("not reported")
        return (self.label_a, shown(self.value_a)), (self.label_b, shown(self.value_b))

    def change(self) -> tuple[str, str]:
        """('+272', '+89.2%'); only when both windows were reported."""
        if self.value_a is None or self.value_b is None:
            return _("n/a"), _("n/a")
        return format_change(self.value_a, self.value_b)


def latest_revisions(frame: pd.DataFrame, sources: pd.DataFrame, keys: tuple[str, ...]) -> pd.DataFrame:
    """Keep, for each series and window, the figure from the most recently published source.

    Mediazona revises its counts upward; a later figure for the same window replaces the earlier one, which
    is kept in `revised_from` (e.g. '5,024 (as of 29 Dec 2023)') so the chart can say it was revised.
    """
    published = frame["source_id"].map(sources.set_index("source_id")["published"])
    ordered = frame.assign(_published=published).sort_values("_published", kind="stable")
    group_cols = [*keys, "period_start", "period_end"]
    latest = ordered.groupby(group_cols, sort=False, dropna=False).tail(1)
    earlier = ordered.drop(latest.index)
    notes: dict[object, list[str]] = {}
    for _index, row in earlier.iterrows():
        match = latest[(latest[group_cols] == row[group_cols]).all(axis=1)].index
        if len(match):
            notes.setdefault(match[0], []).append(_("{value} (published {date})").format(
                value=format_count(row["value"]), date=format_date(row["_published"])))
    result = latest.drop(columns="_published").sort_index()
    result["revised_from"] = pd.Series({k: "; ".join(v) for k, v in notes.items()}, dtype="string")
    return result


def predecessor(series: pd.DataFrame, row: pd.Series) -> pd.Series | None:
    """The window of the same length that ends the day before `row` starts, if the source reported one."""
    length = row["period_end"] - row["period_start"]
    before = series[(series["period_end"] == row["period_start"] - pd.Timedelta(days=1))
                    & ((series["period_end"] - series["period_start"]) - length).abs().le(pd.Timedelta(days=3))]
    return None if before.empty else before.iloc[-1]


def share_inside(start: pd.Timestamp, end: pd.Timestamp, period: Period) -> float:
    """The share of a window's days that lie inside the period (0 when they do not meet, 1 when inside)."""
    overlap = (min(end, period.end) - max(start, period.start)).days + 1
    return max(overlap, 0) / ((end - start).days + 1)


def pick_window(series: pd.DataFrame, period: Period) -> tuple[pd.Series, pd.Series | None] | None:
    """The window to headline for a period, and its predecessor for the change.

    Among the windows wholly inside the period, prefer the latest-ending one that has a comparable
    predecessor, then the latest-ending one; on a tie, the longest. When no window lies inside, the
    shortest window overlapping the period is used and marked partly outside (in_period). None when
    no window touches the period.
    """
    selected = select_intervals(series, period, series["period_start"], series["period_end"])
    inside = selected[selected["in_period"] == INSIDE]
    if inside.empty:
        if selected.empty:
            return None
        overlapping = selected.assign(_length=selected["period_end"] - selected["period_start"])
        return overlapping.sort_values(["_length", "period_end"], ascending=[True, False], kind="stable").iloc[0], None
    inside = inside.assign(_length=inside["period_end"] - inside["period_start"])
    inside = inside.sort_values(["period_end", "_length"], ascending=False, kind="stable")
    for _index, row in inside.iterrows():
        before = predecessor(series, row)
        if before is not None:
            return row, before
    return inside.iloc[0], None


def nearest_window(series: pd.DataFrame, period: Period) -> pd.Series | None:
    """The reported window closest to a period (most days shared with it, then nearest in time, then the
    shortest): what a card offers when nothing was reported for the period itself."""
    if series.empty:
        return None
    shared = [share_inside(s, e, period) * ((e - s).days + 1) for s, e in zip(series["period_start"], series["period_end"])]
    gap = [max((period.start - e).days, (s - period.end).days, 0) for s, e in zip(series["period_start"], series["period_end"])]
    ranked = series.assign(_shared=shared, _gap=gap, _length=series["period_end"] - series["period_start"])
    ranked = ranked.sort_values(["_shared", "_gap", "_length"], ascending=[False, True, True], kind="stable")
    return ranked.iloc[0]


def counted(figure: str, value: float, unit: str) -> str:
    """A shown figure with its noun in the form its value takes ('577 requests', '577 запросов', '≈1 500 дел'),
    by `i18n.formats.QUANTITIES` ('request', 'case'); a fraction takes the form Russian gives fractions (2)."""
    n = int(value) if float(value).is_integer() else 2
    return QUANTITIES[unit](translator(current()), n).format(count=figure)


def window_headline(title: str, series: pd.DataFrame, period: Period, unit: str) -> Headline | None:
    """A headline for an interval series (requests, AWOL cases): the picked window and its change.

    The label names what is counted and the window ("…, Sep–Nov 2023"). A window lying mostly outside the
    period (under MIN_SHARE_INSIDE of its days inside) is no headline for it, and neither is nothing at all:
    the card then says NOT_REPORTED and names the nearest reported figure with its window. None when no
    window touches the period (the page says there is no data for it). `title` is a message id (a *_LABEL),
    `unit` a noun of `i18n.formats.QUANTITIES`."""
    picked = pick_window(series, period)
    if picked is None:
        return None
    if share_inside(picked[0]["period_start"], picked[0]["period_end"], period) < MIN_SHARE_INSIDE:
        nearest = nearest_window(series, period)
        if nearest is None:
            return None
        window = describe_window(nearest["period_start"], nearest["period_end"])
        figure = format_figure(nearest["value"], bool(nearest["approximate"]), bool(nearest["lower_bound"]))
        note = _("Nearest reported figure: {figure} in {window}.").format(
            figure=counted(figure, nearest["value"], unit), window=window)
        return Headline(_(title), "—", _(NOT_REPORTED), (nearest["source_id"],), None, note, reported=False)
    row, before = picked
    window = describe_window(row["period_start"], row["period_end"])
    value = format_figure(row["value"], bool(row["approximate"]), bool(row["lower_bound"]))
    ids = [row["source_id"]]
    delta = None
    notes = []
    if before is not None:
        _absolute, relative = format_change(float(before["value"]), float(row["value"]))
        previous = describe_window(before["period_start"], before["period_end"])
        delta = _("{change} vs {window}").format(change=relative, window=previous)
        note = _("{window}: {figure}.").format(
            window=previous, figure=counted(format_count(before["value"]), before["value"], unit))
        notes.append(note[:1].upper() + note[1:])  # a sentence: 'Июнь–август 2023: 305 запросов.'
        ids.append(before["source_id"])
    revised = row.get("revised_from")
    if isinstance(revised, str) and revised:
        notes.append(_("Revised; earlier figure {revised}.").format(revised=revised))
    label = _("{label}, {window}").format(label=_(title), window=window)
    if row["in_period"] != INSIDE:
        window = _("{window} (window partly outside the period)").format(window=window)
    return Headline(label, value, window, tuple(dict.fromkeys(ids)), delta, " ".join(notes) or None)


def requests_headline(idite_lesom: pd.DataFrame, period: Period) -> Headline | None:
    series = idite_lesom[idite_lesom["metric"] == "desertion_requests"]
    return window_headline(REQUESTS_LABEL, series, period, "request")


def awol_headline(court_counts: pd.DataFrame, sources: pd.DataFrame, period: Period) -> Headline | None:
    series = court_counts[(court_counts["article"] == "337") & (court_counts["measure"] == "cases_received")]
    series = latest_revisions(series, sources, SERIES_KEYS)
    return window_headline(AWOL_LABEL, series, period, "case")


def cumulative_headline(court_cumulative: pd.DataFrame, period: Period, rows: pd.DataFrame | None = None
                        ) -> Headline | None:
    """The latest running count of cases received in the period, and its growth since the previous
    snapshot of the same scope and article. The total of all refusal articles is preferred; a snapshot
    that only gives Art. 337 is headlined as such. A snapshot dated only to a month, quarter or year that
    reaches past the period is used only when none lies wholly inside, and is marked so. `rows`: the table
    already narrowed to the period (a Selection's), so it is not filtered again."""
    received = court_cumulative[court_cumulative["measure"] == "cases_received"]
    if rows is None:
        rows = filter_table(TABLES["court_cumulative"].timing, court_cumulative, period)
    chosen = rows[rows["measure"] == "cases_received"]
    if chosen.empty:
        return None
    inside = chosen[chosen["in_period"] == INSIDE]
    chosen = chosen if inside.empty else inside
    latest = chosen[chosen["as_of"] == chosen["as_of"].max()]
    row = latest.sort_values("article", key=lambda a: a.map(HEADLINE_ARTICLE_ORDER.index), kind="stable").iloc[0]
    same_series = received[(received["scope"] == row["scope"]) & (received["article"] == row["article"])
                           & (received["as_of"] < row["as_of"])].sort_values("as_of")
    ids = [row["source_id"]]
    delta = None
    if not same_series.empty:
        before = same_series.iloc[-1]
        absolute, _relative = format_change(float(before["value"]), float(row["value"]))
        # Two messages, one English: Russian says 'с 21 марта 2023' after a day (genitive), but a month needs
        # another turn ('к данным на май 2025'), since the month alone is nominative.
        since = (pgettext("since a day", "{change} since {date}") if before["as_of_precision"] == "day" else
                 pgettext("since a month, quarter or year", "{change} since {date}"))
        delta = since.format(change=absolute, date=format_date(before["as_of"], before["as_of_precision"]))
        ids.append(before["source_id"])
    value = format_figure(row["value"], bool(row["approximate"]), bool(row["lower_bound"]))
    scope = label(SCOPE_LABELS, row["scope"])
    window = _("as of {date}, {scope}").format(date=format_date(row["as_of"], row["as_of_precision"]), scope=scope)
    if row["in_period"] != INSIDE:
        window = _("{window} (date partly outside the period)").format(window=window)
    what = (_("all refusal-to-serve articles") if row["article"] == "all" else
            _("{article} only").format(article=label(ARTICLE_LABELS, row["article"])))
    title = _("{label}, {what}, {scope}").format(label=_(RUNNING_TOTAL_LABEL), what=what, scope=scope)
    return Headline(title, value, window, tuple(dict.fromkeys(ids)), delta,
                    _("A lower bound: courts publish late and incompletely."))


def sentence_headline(sentences: pd.DataFrame, period: Period, rows: pd.DataFrame | None = None) -> Headline | None:
    """The longest known sentence handed down in the period (`rows`: those already narrowed to it)."""
    dated = rows if rows is not None else filter_table(TABLES["sentences"].timing, sentences, period)
    dated = dated[(dated["in_period"] == INSIDE) & dated["sentence_years"].notna()]
    if dated.empty:
        return None
    row = dated.sort_values("sentence_years", ascending=False, kind="stable").iloc[0]
    language = current()
    window = f"{shown_text(row, 'person', language)}, {format_date(row['verdict_date'], row['date_precision'])}"
    # The charge goes with the length: the longest may be for surrender (Art. 352.1), not AWOL or desertion.
    note = _("{sentence}. Charge: {charge}.").format(sentence=shown_text(row, "sentence", language),
                                                       charge=shown_text(row, "charge", language))
    return Headline(_(SENTENCE_LABEL), years_text(row["sentence_years"]), window, (row["source_id"],), None, note)


def years_text(years: float) -> str:
    """'6 years' / '6 лет', '1 год', '5.5 years' / '5,5 года' (Russian puts a fraction in the genitive singular)."""
    if float(years).is_integer():
        return ngettext("{years} year", "{years} years", int(years)).format(years=format_count(years))
    return pgettext("a fraction of years", "{years} years").format(years=format_count(years))


def window_row(series: pd.DataFrame, window: Period) -> pd.Series | None:
    """The row reported for exactly this window (the last one listed), or None: parts are never summed."""
    exact = series[(series["period_start"] == window.start) & (series["period_end"] == window.end)]
    return None if exact.empty else exact.iloc[-1]


def compare_windows(series: pd.DataFrame, a: Period, b: Period) -> Comparison:
    """Look up the figures reported for exactly window A and exactly window B (no summing of parts)."""
    def value_for(window: Period) -> tuple[float | None, list[str]]:
        row = window_row(series, window)
        if row is None:
            return None, []
        return float(row["value"]), [row["source_id"]]

    value_a, ids_a = value_for(a)
    value_b, ids_b = value_for(b)
    same_length = abs((a.end - a.start) - (b.end - b.start)) <= pd.Timedelta(days=3)
    return Comparison(describe_window(a.start, a.end), describe_window(b.start, b.end), value_a, value_b,
                      tuple(dict.fromkeys(ids_a + ids_b)), same_length)


def overview_headlines(sel: Selection) -> list[tuple[str, Headline | None]]:
    """The four Overview cards for a selection, each as (label when empty, headline or None).

    A card whose table failed validation is None; the page shows that table's error separately.
    """
    period = sel.period
    sources = sel.table("sources")
    idite, counts = sel.table("idite_lesom"), sel.table("court_counts")
    cumulative, sentences = sel.table("court_cumulative"), sel.table("sentences")
    return [
        (REQUESTS_LABEL, requests_headline(idite, period) if idite is not None else None),
        (AWOL_LABEL,
         awol_headline(counts, sources, period) if counts is not None and sources is not None else None),
        (RUNNING_TOTAL_LABEL,
         cumulative_headline(cumulative, period, sel.rows("court_cumulative")) if cumulative is not None else None),
        (SENTENCE_LABEL,
         sentence_headline(sentences, period, sel.rows("sentences")) if sentences is not None else None),
    ]


ARTICLE_AWOL_WINDOW = Period.of_months("2023-01", "2023-06")
# The two windows of the rise from 305 to 577 requests, as one period: what the Overview's chart shows.
ARTICLE_REQUESTS_SPAN = Period(ARTICLE_WINDOWS[0].start, ARTICLE_WINDOWS[1].end)


def lead_period(period: Period) -> Period:
    """The period of the Overview's lead chart: Jun–Nov 2023 (the 305 → 577 rise) when the chosen period
    holds both windows, else the chosen period itself, so the chart never shows what the reader left out."""
    span = ARTICLE_REQUESTS_SPAN
    return span if period.start <= span.start and period.end >= span.end else period


def article_requests_headline(frames: dict[str, pd.DataFrame]) -> Headline | None:
    """The December 2023 article's 305 → 577 (+89%), recomputed from the two reported windows."""
    idite = frames.get("idite_lesom")
    if idite is None:
        return None
    comparison = compare_windows(idite[idite["metric"] == "desertion_requests"], *ARTICLE_WINDOWS)
    if comparison.value_a is None or comparison.value_b is None:
        return None
    absolute, relative = comparison.change()
    return Headline(_(REQUESTS_LABEL), f"{format_count(comparison.value_a)} → {format_count(comparison.value_b)}",
                    f"{comparison.label_a} → {comparison.label_b}", comparison.source_ids, f"{relative} ({absolute})",
                    _("Requests for help (attempts), not desertions. Self-reported by Idite Lesom."))


def article_awol_headline(frames: dict[str, pd.DataFrame]) -> Headline | None:
    """The article's "2,076 cases in H1 2023": Mediazona's count (not Meduza's) of AWOL cases received."""
    counts = frames.get("court_counts")
    if counts is None:
        return None
    series = counts[(counts["article"] == "337") & (counts["measure"] == "cases_received")
                    & (counts["period_start"] == ARTICLE_AWOL_WINDOW.start) & (counts["period_end"] == ARTICLE_AWOL_WINDOW.end)]
    if series.empty:
        return None
    row = series.iloc[-1]
    half = describe_window(ARTICLE_AWOL_WINDOW.start, ARTICLE_AWOL_WINDOW.end)  # 'H1 2023'
    return Headline(_("{label}, {window}").format(label=_(AWOL_LABEL), window=half), format_count(row["value"]),
                    _("{half} (Jan–Jun)").format(half=half), (row["source_id"],), None,
                    _("The article attributed this to Meduza; the count is Mediazona's."))
