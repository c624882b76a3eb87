"""The presentation: slides built from the current period, each carrying its sources and the period.

One model feeds the `/present` page, the PPTX and the PDF, so they show the same figures. Pure: no
Streamlit, no files.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from desertion import headlines, quotes, tables, views
from desertion.formatting import format_count, format_date
from desertion.headlines import Headline
from desertion.periods import Period
from desertion.provenance import citation, source_ids_of, sources_by_ids, sources_line, sources_table
from desertion.quotes import byline
from desertion.selection import Selection

MAX_SENTENCES = 6


@dataclass(frozen=True)
class Slide:
    """One slide. Exactly one kind of body is set, besides an optional quote next to a chart."""

    key: str
    title: str
    subtitle: str = ""
    figure: go.Figure | None = None
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


def _comparison_slide(sel: Selection) -> Slide | None:
    """The requests window of the period against the one before it (or the article's two windows)."""
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
    if comparison.value_a is None or comparison.value_b is None:
        return None
    absolute, relative = comparison.change()
    big = Headline("Requests for help to desert", f"{format_count(comparison.value_a)} → {format_count(comparison.value_b)}",
                   f"{comparison.label_a} → {comparison.label_b}", comparison.source_ids, f"{relative} ({absolute})")
    return Slide("comparison", "Period comparison: requests for help to desert",
                 f"{comparison.label_a} against {comparison.label_b}", numbers=(big,),
                 table=tables.comparison_table(comparison, "Requests"), source_ids=comparison.source_ids)


def _sentences_slide(sel: Selection) -> Slide:
    rows = sel.rows("sentences")
    rows = rows if rows is not None else pd.DataFrame(columns=["sentence_years", "source_id"])
    top = rows.sort_values("sentence_years", ascending=False, kind="stable").head(MAX_SENTENCES)
    lines = tuple(
        f"{r['person']} · {format_date(r['verdict_date'], r['date_precision'])} · {r['court']} · {r['sentence']}"
        for _, r in top.iterrows()) or ("No sentence with a known date in this period.",)
    return Slide("sentences", "Notable sentences", "The longest known sentences of the period", lines=lines,
                 source_ids=_ids(top))


def _sources_slide(sources: pd.DataFrame, ids: list[str]) -> Slide:
    used = sources_by_ids(sources, ids)
    # The dashboard's sources table without the link (in the notes), and the grade as its letter, for room.
    table = sources_table(used).drop(columns=["Link"]).assign(Grade=used["grade"].to_list())
    return Slide("sources", "Sources", f"{len(used)} sources behind these slides; addresses in the speaker notes "
                 "and on the dashboard's Sources & method page", table=table, source_ids=tuple(used["source_id"]))


def build_deck(sel: Selection, period_label: str = "", version: str = "") -> Deck:
    """The deck for a period: title, headline numbers, requests chart with its key quote, comparison, court
    cases, sentences, timeline, sources."""
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
    slides.append(Slide("headlines", "Headline figures", period_label, numbers=cards,
                        source_ids=tuple(dict.fromkeys(i for h in cards for i in h.source_ids))))
    requests = views.requests_view(sel)
    if requests is not None:
        quote = key_quote(sel)
        quote_pair = None
        quote_ids: tuple[str, ...] = ()
        if quote is not None:
            quote_pair = (str(quote["text"]), byline(quote, role=False, separator=", "))
            quote_ids = (quote["source_id"],)
        slides.append(Slide("requests", "Requests for help to desert", period_label, figure=requests.figure,
                            quote=quote_pair, source_ids=tuple(dict.fromkeys(_ids(requests.rows) + quote_ids))))
    comparison = _comparison_slide(sel)
    if comparison is not None:
        slides.append(comparison)
    court = views.court_cumulative_view(sel)
    if court is not None:
        slides.append(Slide("court", "Cases in military courts", period_label, figure=court.figure,
                            source_ids=_ids(court.rows)))
    slides.append(_sentences_slide(sel))
    timeline = views.timeline_view(sel)
    if timeline is not None:
        slides.append(Slide("timeline", "Timeline", period_label, figure=timeline.figure, source_ids=_ids(timeline.rows)))
    all_ids = list(dict.fromkeys(i for s in slides for i in s.source_ids))
    slides.append(_sources_slide(sources, all_ids))
    return Deck(tuple(slides), sources, period, period_label, version, as_of)
