"""The presentation: slides built from the current period, each carrying its sources and the period.

One model feeds the `/present` page, the PPTX and the PDF, so they show the same figures. Each slide makes
one point and its title states it, computed from the rows it shows (a chart's finding, the change between
two windows, the longest sentence), or is neutral when the rows support none. Pure: no Streamlit, no files.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from desertion import findings, headlines, quotes, slide_charts, tables, views
from desertion.chart_labels import Room
from desertion.formatting import format_count, format_date
from desertion.headlines import Headline
from desertion.labels import GRADE_LABELS
from desertion.periods import INSIDE, Period
from desertion.provenance import citation, outlet_labels, published_title, source_ids_of, sources_by_ids, \
    sources_line
from desertion.quotes import byline
from desertion.selection import Selection
from desertion.views import ChartView

MAX_SENTENCES = 6


@dataclass(frozen=True)
class Slide:
    """One slide. Exactly one kind of body is set, besides an optional quote next to a chart. A chart comes
    with the room its labels were laid out for (slide_charts fits it to each medium)."""

    key: str
    title: str
    subtitle: str = ""
    figure: go.Figure | None = None
    room: Room | None = None
    numbers: tuple[Headline, ...] = ()
    table: pd.DataFrame | None = None
    lines: tuple[str, ...] = ()
    quote: tuple[str, str] | None = None
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deck:
    """The slides, the sources they cite, and the period they describe."""

    slides: tuple[Slide, ...]
    sources: pd.DataFrame
    period: Period
    period_label: str
    version: str
    as_of: pd.Timestamp | None = None
    generated: pd.Timestamp = field(default_factory=pd.Timestamp.now)

    def sources_of(self, slide: Slide) -> pd.DataFrame:
        return sources_by_ids(self.sources, slide.source_ids)

    def footer(self, slide: Slide) -> str:
        """The line at the foot of every slide: period and sources (or where to find them)."""
        used = self.sources_of(slide)
        source = sources_line(used) if not used.empty else "Sources: listed on the last slide"
        return f"Desertion Monitor · Period: {self.period_label} · {source}"

    def notes(self, slide: Slide) -> str:
        """Speaker notes: the period and a full citation of every source on the slide."""
        used = self.sources_of(slide)
        lines = [f"Period: {self.period_label} ({self.period.describe()}).", ""]
        lines += [citation(s) for _, s in used.iterrows()] or ["No figures on this slide."]
        return "\n".join(lines)


def _ids(*frames: pd.DataFrame | None) -> tuple[str, ...]:
    return tuple(source_ids_of(*frames))


def key_quote(sel: Selection) -> pd.Series | None:
    """The quote to show beside the requests chart: the best verified one on its subject (quotes.chart_quotes:
    about requests, then the group; said in the period first). An unverified quote is never featured."""
    all_quotes = sel.table("quotes")
    if all_quotes is None:
        return None
    chosen = quotes.chart_quotes(all_quotes, "requests", period=sel.period, limit=1)
    if chosen.empty or chosen["verification"].iloc[0] != "verified":
        return None
    return chosen.iloc[0]


def _chart_slide(key: str, view: ChartView | None, room: Room, *extra_ids: str,
                 quote: tuple[str, str] | None = None) -> Slide | None:
    """A chart as a slide: the chart's title (its finding, or its neutral title) and subtitle (what is counted,
    the period) become the slide's, stated once; the figure keeps its legend, labels, notes and sources."""
    if view is None:
        return None
    title, subtitle = slide_charts.heading(view.figure)
    return Slide(key, title, subtitle, figure=view.figure, room=room, quote=quote,
                 source_ids=tuple(dict.fromkeys(_ids(view.rows) + extra_ids)))


def _comparison_slide(sel: Selection) -> Slide | None:
    """The requests window of the period against the one before it (or the article's two windows), titled
    with the change when the two windows support one (findings.state_window_change)."""
    period = sel.period
    idite = sel.table("idite_lesom")
    if idite is None:
        return None
    series = idite[idite["metric"] == "desertion_requests"]
    picked = headlines.pick_window(series, period)
    if picked is not None and (before := picked[1]) is not None:
        row = picked[0]
        a, b = Period(before["period_start"], before["period_end"]), Period(row["period_start"], row["period_end"])
    else:
        a, b = headlines.ARTICLE_WINDOWS
    comparison = headlines.compare_windows(series, a, b)
    first, second = headlines.window_row(series, a), headlines.window_row(series, b)
    if first is None or second is None:
        return None
    heading = findings.state_window_change(first, second, subject="Requests for help to desert",
                                           neutral="Requests for help to desert in two windows")
    absolute, relative = comparison.change()
    (label_a, figure_a), (label_b, figure_b) = comparison.figures()
    big = Headline("Requests for help to desert", f"{figure_a} → {figure_b}", f"{label_a} → {label_b}",
                   comparison.source_ids, f"{relative} ({absolute})")
    return Slide("comparison", heading.title, f"Requests to Idite Lesom for help to desert, {label_a} against {label_b}",
                 numbers=(big,), table=tables.comparison_table(comparison, "Requests"),
                 source_ids=comparison.source_ids)


def sentences_title(rows: pd.DataFrame) -> str:
    """The longest known sentence handed down in the period, said in the title ("Longest known sentence: 13
    years, Maxim Kochetkov, 15 Sep 2023"), or how many people got it when several did; neutral when no
    sentence inside the period has a known length."""
    if "in_period" not in rows:
        return "Notable sentences"
    known = rows[(rows["in_period"] == INSIDE) & rows["sentence_years"].notna()]
    if known.empty:
        return "Notable sentences"
    longest = known[known["sentence_years"] == known["sentence_years"].max()]
    row = longest.iloc[0]
    years = f"{format_count(row['sentence_years'])} years"
    if len(longest) > 1:
        return f"Longest known sentence: {years}, handed to {len(longest)} people"
    flag = row.get("suspended")
    suspended = " (suspended)" if pd.notna(flag) and bool(flag) else ""
    return (f"Longest known sentence: {years}{suspended}, {row['person']}, "
            f"{format_date(row['verdict_date'], row['date_precision'])}")


def headlines_title(cards: tuple[Headline, ...], period_label: str) -> str:
    """The lead figure in words when it was reported for the period (Idite Lesom's requests, the first card),
    else a neutral title: the other cards count different things and are never summed into one claim."""
    lead = cards[0] if cards else None
    if lead is not None and lead.reported and lead.label.startswith(headlines.REQUESTS_LABEL):
        return f"Idite Lesom reported {lead.value} requests for help to desert in {lead.window}"
    return f"Headline figures, {period_label}" if period_label else "Headline figures"


def _sentences_slide(sel: Selection) -> Slide:
    rows = sel.rows("sentences")
    rows = rows if rows is not None else pd.DataFrame(columns=["sentence_years", "source_id"])
    top = rows.sort_values("sentence_years", ascending=False, kind="stable").head(MAX_SENTENCES)
    lines = tuple(
        f"{r['person']} · {format_date(r['verdict_date'], r['date_precision'])} · {r['court']} · {r['sentence']}"
        for _, r in top.iterrows()) or ("No sentence with a known date in this period.",)
    return Slide("sentences", sentences_title(rows), "The longest known sentences of the period", lines=lines,
                 source_ids=_ids(top))


SOURCES_SUBTITLE = ("{n} sources behind these slides. Grade: A originating outlet, B reputable re-report, "
                    "C mirror or aggregator, U unverified. Addresses: speaker notes, Sources & method page.")


def sources_slide_table(used: pd.DataFrame) -> pd.DataFrame:
    """Outlet, date, title as published and grade of each source, for a room: no ids and no addresses (they
    are in the speaker notes), and no title made from an address (provenance.published_title)."""
    return pd.DataFrame({
        "Outlet": outlet_labels(used),
        "Published": [format_date(d, p) for d, p in zip(used["published"], used["published_precision"])],
        "Title": [published_title(row) for _, row in used.iterrows()],
        "Grade": used["grade"].where(used["grade"].isin(list(GRADE_LABELS)), "?").to_list(),
    })


def _sources_slide(sources: pd.DataFrame, ids: list[str]) -> Slide:
    used = sources_by_ids(sources, ids)
    return Slide("sources", "Sources", SOURCES_SUBTITLE.format(n=len(used)),
                 table=sources_slide_table(used), source_ids=tuple(used["source_id"]))


def build_deck(sel: Selection, period_label: str = "", version: str = "") -> Deck:
    """The deck for a period: title, headline numbers, requests chart with its key quote, comparison, court
    cases, sentences, timeline, sources. A chart slide draws the panel of its point alone, sized for a slide
    (slide_charts); the dashboard's pages keep every panel and the events."""
    period = sel.period
    sources = sel.sources
    as_of = sources["published"].max() if not sources.empty else None
    slides: list[Slide] = [Slide(
        "title", "Desertion Monitor", "Russian military desertion since 2022",
        lines=(f"Period: {period_label} ({period.describe()})",
               f"Data as of {format_date(as_of)} (latest source)" if as_of is not None else "No data loaded",
               f"Dashboard version {version}"))]
    # A card with nothing reported for the period names the nearest figure in its window line, on every medium.
    cards = tuple(h if h.reported or not h.note else replace(h, window=f"{h.window}. {h.note}")
                  for _, h in headlines.overview_headlines(sel) if h is not None)
    slides.append(Slide("headlines", headlines_title(cards, period_label), period_label, numbers=cards,
                        source_ids=tuple(dict.fromkeys(i for h in cards for i in h.source_ids))))
    quote = key_quote(sel)
    quote_pair = (str(quote["text"]), byline(quote, role=False, separator=", ")) if quote is not None else None
    beside = slide_charts.BESIDE_QUOTE_ROOM if quote is not None else slide_charts.WIDE_ROOM
    wide, timeline = slide_charts.WIDE_ROOM, slide_charts.TIMELINE_ROOM
    requests = _chart_slide("requests", views.requests_view(sel, compact=True, room=beside), beside,
                            *((str(quote["source_id"]),) if quote is not None else ()), quote=quote_pair)
    comparison = _comparison_slide(sel)
    if requests is not None and comparison is not None and comparison.title == requests.title:
        comparison = None  # the chart already makes that point: one point, one slide
    chosen = [
        requests,
        comparison,
        _chart_slide("court", views.court_cumulative_view(sel, room=wide), wide),
        _sentences_slide(sel),
        _chart_slide("timeline", views.timeline_view(sel, room=timeline), timeline),
    ]
    slides += [slide for slide in chosen if slide is not None]
    all_ids = list(dict.fromkeys(i for s in slides for i in s.source_ids))
    slides.append(_sources_slide(sources, all_ids))
    return Deck(tuple(slides), sources, period, period_label, version, as_of)
