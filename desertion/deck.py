"""The presentation: slides built from the current period, each carrying its sources and the period.

One model feeds the `/present` page, the PPTX and the PDF, so they show the same figures. Each slide makes
one point and its title states it, computed from the rows it shows (a chart's finding, the change between
two windows, the longest sentence), or is neutral when the rows support none. Pure: no Streamlit, no files.

The deck speaks the language active when it is built (`desertion.i18n.active`: the page run's, or the CLI's
`--lang`) and remembers it (`Deck.language`), so the PPTX and PDF made from it later, in a download's own
thread where no run set a language, say their footers, notes and page titles in the same language.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from desertion import findings, headlines, quotes, slide_charts, tables, views
from desertion.data_text import data_text, translation_label
from desertion.chart_labels import Room
from desertion.headlines import Headline
from desertion.i18n.active import _, active, current, ngettext, pgettext
from desertion.i18n.formats import describe_period, format_count, format_date
from desertion.labels import GRADE_LABELS
from desertion.periods import INSIDE, Period
from desertion.provenance import UNRECORDED_TITLE, citation, outlet_labels, published_title, source_ids_of, \
    sources_by_ids, sources_line
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
    language: str = "en"  # the language it was built in: its exports say their own words in it too

    def sources_of(self, slide: Slide) -> pd.DataFrame:
        return sources_by_ids(self.sources, slide.source_ids)

    def footer(self, slide: Slide) -> str:
        """The line at the foot of every slide: period and sources (or where to find them)."""
        with active(self.language):
            used = self.sources_of(slide)
            source = sources_line(used) if not used.empty else _("Sources: listed on the last slide")
            return _("{dashboard} · Period: {period} · {sources}").format(
                dashboard=_("Desertion Monitor"), period=self.period_label, sources=source)

    def notes(self, slide: Slide) -> str:
        """Speaker notes: the period and a full citation of every source on the slide."""
        with active(self.language):
            used = self.sources_of(slide)
            lines = [_("Period: {period} ({months})").format(period=self.period_label, months=self.months()) + ".", ""]
            lines += [citation(s) for _i, s in used.iterrows()] or [_("No figures on this slide.")]
            return "\n".join(lines)

    def months(self) -> str:
        """The period's first and last month in the deck's language ('сентябрь 2023 – ноябрь 2023')."""
        return describe_period(self.period, language=self.language)


def quoted(text: str) -> str:
    """A quote in the quotation marks of the current language: “…” in English, «…» in Russian."""
    return _("\u201c{quote}\u201d").format(quote=text)


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
    heading = findings.state_window_change(first, second, subject=_("Requests for help to desert"),
                                           neutral=_("Requests for help to desert in two windows"))
    absolute, relative = comparison.change()
    (label_a, figure_a), (label_b, figure_b) = comparison.figures()
    big = Headline(_("Requests for help to desert"), f"{figure_a} → {figure_b}", f"{label_a} → {label_b}",
                   comparison.source_ids, f"{relative} ({absolute})")
    subtitle = _("Requests to Idite Lesom for help to desert, {first} against {second}").format(first=label_a,
                                                                                              second=label_b)
    return Slide("comparison", heading.title, subtitle,
                 numbers=(big,), table=tables.comparison_table(comparison, _("Requests")),
                 source_ids=comparison.source_ids)


def sentences_title(rows: pd.DataFrame) -> str:
    """The longest known sentence handed down in the period, said in the title ("Longest known sentence: 13
    years, Maxim Kochetkov, 15 Sep 2023"), or how many people got it when several did; neutral when no
    sentence inside the period has a known length."""
    if "in_period" not in rows:
        return _("Notable sentences")
    known = rows[(rows["in_period"] == INSIDE) & rows["sentence_years"].notna()]
    if known.empty:
        return _("Notable sentences")
    longest = known[known["sentence_years"] == known["sentence_years"].max()]
    row = longest.iloc[0]
    years = sentence_length(float(row["sentence_years"]))
    if len(longest) > 1:
        return ngettext("Longest known sentence: {years}, handed to {count} person",
                        "Longest known sentence: {years}, handed to {count} people", len(longest)).format(
            years=years, count=format_count(len(longest), language=current()))
    flag = row.get("suspended")
    if pd.notna(flag) and bool(flag):
        years = _("{years} (suspended)").format(years=years)
    return _("Longest known sentence: {years}, {person}, {date}").format(
        years=years, person=row["person"], date=format_date(row["verdict_date"], row["date_precision"],
                                                            language=current()))


def sentence_length(years: float) -> str:
    """'13 years', '6.5 years'; '13 лет', '6,5 года' (a fraction takes the genitive singular in Russian, which
    is ngettext's form for 2: the plural rule of a whole part alone would say '6,5 лет')."""
    count = years if years.is_integer() else 2
    return ngettext("{years} year", "{years} years", int(count)).format(
        years=format_count(years, language=current()))


def headlines_title(cards: tuple[Headline, ...], period_label: str) -> str:
    """The lead figure in words when it was reported for the period (Idite Lesom's requests, the first card),
    else a neutral title: the other cards count different things and are never summed into one claim."""
    lead = cards[0] if cards else None
    requests = (headlines.REQUESTS_LABEL, _(headlines.REQUESTS_LABEL))  # the card's label, however it is worded
    if lead is not None and lead.reported and lead.label.startswith(requests):
        return _("Idite Lesom reported {value} requests for help to desert in {window}").format(
            value=lead.value, window=lead.window)
    return _("Headline figures, {period}").format(period=period_label) if period_label else _("Headline figures")


def _sentences_slide(sel: Selection) -> Slide:
    rows = sel.rows("sentences")
    rows = rows if rows is not None else pd.DataFrame(columns=["sentence_years", "source_id"])
    top = rows.sort_values("sentence_years", ascending=False, kind="stable").head(MAX_SENTENCES)
    language = current()
    lines = tuple(
        f"{r['person']} · {format_date(r['verdict_date'], r['date_precision'], language=language)} · {r['court']} · "
        f"{r['sentence']}" for _i, r in top.iterrows()) or (_("No sentence with a known date in this period."),)
    return Slide("sentences", sentences_title(rows), _("The longest known sentences of the period"), lines=lines,
                 source_ids=_ids(top))


def sources_subtitle(n: int) -> str:
    """What the sources slide lists and how to read its grades (the addresses are in the notes)."""
    return ngettext("{n} source behind these slides. Grade: A originating outlet, B reputable re-report, "
                    "C mirror or aggregator, U unverified. Addresses: speaker notes, Sources & method page.",
                    "{n} sources behind these slides. Grade: A originating outlet, B reputable re-report, "
                    "C mirror or aggregator, U unverified. Addresses: speaker notes, Sources & method page.",
                    n).format(n=format_count(n, language=current()))


def sources_slide_table(used: pd.DataFrame) -> pd.DataFrame:
    """Outlet, date, title as published and grade of each source, for a room: no ids and no addresses (they
    are in the speaker notes), and no title made from an address (provenance.published_title). The date's
    header is short in every language ('Дата'): a long one would not fit the width its dates need."""
    language = current()
    return pd.DataFrame({
        _("Outlet"): outlet_labels(used),
        pgettext("sources slide column", "Published"): [format_date(d, p, language=language)
                         for d, p in zip(used["published"], used["published_precision"])],
        _("Title"): [said_title(published_title(row)) for _i, row in used.iterrows()],
        _("Grade"): used["grade"].where(used["grade"].isin(list(GRADE_LABELS)), "?").to_list(),
    })


def said_title(title: str) -> str:
    """A source's title for the slide: as published (data, never translated), or 'headline not recorded' said in
    the current language (its English is provenance.UNRECORDED_TITLE; a test holds them together)."""
    return _("headline not recorded") if title == UNRECORDED_TITLE else title


def _sources_slide(sources: pd.DataFrame, ids: list[str]) -> Slide:
    used = sources_by_ids(sources, ids)
    return Slide("sources", _("Sources"), sources_subtitle(len(used)),
                 table=sources_slide_table(used), source_ids=tuple(used["source_id"]))


def _quote_pair(quote: pd.Series, language: str) -> tuple[str, str]:
    """A slide's quote in the deck's language, and its byline; a translation says so after the byline (who made
    it, from which language), so a translation by this project never passes for the speaker's own words."""
    words = data_text(quote, "text", language)
    who = byline(quote, role=False, separator=", ")
    return words.text, (f"{who} · {translation_label(words)}" if words.is_translation else who)


def build_deck(sel: Selection, period_label: str = "", version: str = "") -> Deck:
    """The deck for a period: title, headline numbers, requests chart with its key quote, comparison, court
    cases, sentences, timeline, sources. A chart slide draws the panel of its point alone, sized for a slide
    (slide_charts); the dashboard's pages keep every panel and the events."""
    period, language = sel.period, current()
    sources = sel.sources
    as_of = sources["published"].max() if not sources.empty else None
    months = describe_period(period, language=language)
    slides: list[Slide] = [Slide(
        "title", _("Desertion Monitor"), _("Russian military desertion since 2022"),
        lines=(_("Period: {period} ({months})").format(period=period_label, months=months),
               _("Data as of {date} (latest source)").format(date=format_date(as_of, language=language))
               if as_of is not None else _("No data loaded"),
               _("Dashboard version {version}").format(version=version)))]
    # A card with nothing reported for the period names the nearest figure in its window line, on every medium.
    cards = tuple(h if h.reported or not h.note else replace(h, window=f"{h.window}. {h.note}")
                  for _key, h in headlines.overview_headlines(sel) if h is not None)
    slides.append(Slide("headlines", headlines_title(cards, period_label), period_label, numbers=cards,
                        source_ids=tuple(dict.fromkeys(i for h in cards for i in h.source_ids))))
    quote = key_quote(sel)
    quote_pair = _quote_pair(quote, language) if quote is not None else None
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
    return Deck(tuple(slides), sources, period, period_label, version, as_of, language=language)
