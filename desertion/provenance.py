"""Sources travel with the data: every figure's `source_id` resolves to a row of sources.csv.

These helpers turn the sources a figure uses into the "Source: …" line under a chart, a citation, and a
list of links. They return plain text; `ui.py` decides how it is rendered (never as HTML). Their own words are in
the language of the code running now (`i18n.active`); outlets and titles are data and stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from desertion.data_text import RUSSIAN_SUFFIX, in_reader_language, shown_text
from desertion.formatting import format_date
from desertion.i18n import formats
from desertion.i18n.active import _, current, ngettext
from desertion.i18n.catalogue import DEFAULT_LANGUAGE, N_
from desertion.labels import GRADE_LABELS, labels_for

MAX_OUTLETS_IN_LINE = 3


def split_refs(cell: str) -> list[str]:
    """The source ids of a ';'-separated cell."""
    return [part.strip() for part in cell.split(";") if part.strip()]


def source_ids_of(*frames: pd.DataFrame | None) -> list[str]:
    """The source ids the frames cite together, first seen first (from `source_id` or `source_ids` columns).

    The one collector of cited ids: charts, views, headlines, slides, exports and the sources page all use
    it, so a figure and its sources list can never disagree about what a row cites. None is skipped (a
    table that did not load cites nothing)."""
    ids: list[str] = []
    for frame in frames:
        if frame is None:
            continue
        if "source_id" in frame:
            ids += [str(i) for i in frame["source_id"].dropna().unique()]
        if "source_ids" in frame:
            for cell in frame["source_ids"].dropna():
                ids += split_refs(str(cell))
    return list(dict.fromkeys(ids))


def sources_by_ids(sources: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """The rows of sources.csv with these ids, in the order given; unknown ids are skipped."""
    indexed = sources.set_index("source_id", drop=False)
    return indexed.loc[[i for i in ids if i in indexed.index]].reset_index(drop=True)


def sources_for(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The rows of sources.csv a frame cites, in the order the frame cites them."""
    return sources_by_ids(sources, source_ids_of(frame))


def outlet_label(source: pd.Series) -> str:
    """'Mediazona via The Moscow Times' when the page relays someone else's reporting; in Russian, each outlet
    by the name it gives itself in Russian where the data records one («Медиазона»), else as it is."""
    language = current()
    return _via(shown_text(source, "originator", language) or None, shown_text(source, "outlet", language))


def _named(sources: pd.DataFrame, column: str) -> pd.Series:
    """A column of outlet names in the current language: its Russian column's name where filled (`data_text`'s
    rule, for a whole table at once), else the name as it is."""
    names = sources[column]
    own = sources.get(column + RUSSIAN_SUFFIX) if current() == "ru" else None
    if own is None:
        return names
    return own.where(own.fillna("").astype(str).str.strip() != "", names)


def outlet_labels(sources: pd.DataFrame) -> list[str]:
    """outlet_label for every row, without iterating rows."""
    return [_via(o, out) for o, out in zip(_named(sources, "originator"), _named(sources, "outlet"))]


def source_labels(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """Each row's outlet label ('Mediazona via The Moscow Times'), for hover text."""
    labels = dict(zip(sources["source_id"], outlet_labels(sources)))
    return frame["source_id"].map(labels).fillna(_("unknown source"))


def _via(originator: object, outlet: object) -> str:
    if isinstance(originator, str) and originator and originator != outlet:
        return _("{originator} via {outlet}").format(originator=originator, outlet=outlet)
    return str(outlet)


def sources_line(sources: pd.DataFrame, override: str | None = None) -> str:
    """'Source: A; B; C' with unique outlets first seen first, shortened beyond three outlets."""
    if override:
        return _("Source: {outlets}").format(outlets=override)
    outlets = list(dict.fromkeys(outlet_labels(sources))) if len(sources) else []
    if not outlets:
        return _("Source: none for this selection")
    if len(outlets) > MAX_OUTLETS_IN_LINE:
        others = len(outlets) - 1
        listed = ngettext("{outlet} and {count} other source", "{outlet} and {count} other sources", others).format(
            outlet=outlets[0], count=formats.format_count(others, language=current()))
    else:
        listed = "; ".join(outlets)
    return (_("Source: {outlets}") if len(outlets) == 1 else _("Sources: {outlets}")).format(outlets=listed)


def source_date(source: pd.Series) -> str:
    return format_date(source["published"], source["published_precision"])


def citation(source: pd.Series) -> str:
    """A citation built from the fields, never typed by hand: Outlet, "Title", date. URL (grade X)."""
    parts = [outlet_label(source), f"\u201c{source['title']}\u201d", source_date(source)]
    text = ", ".join(parts) + "."
    url = source.get("url")
    if isinstance(url, str) and url:
        text += f" {url}"
    return _("{citation} (reliability {grade})").format(citation=text, grade=source["grade"])


UNRECORDED_TITLE = N_("headline not recorded")
# A title that is only the words of its page's address ("News 7461452", "Record", a transliterated Russian
# headline) was made from the address, not copied from the page.
ID_WORD = re.compile(r"^(\d{5,}|(?=.*\d)[0-9a-f]{12,})$")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def title_from_address(title: str, url: object, language: str) -> bool:
    """Whether a recorded title was made from the page's address rather than copied from the page: every
    word of it is a word of the address's path, and it is written in Latin letters for a page in another
    language (a slug strips accents and transliterates Cyrillic), or it is one or two words, or a number or
    hex id. A title with letters outside ASCII was copied from the page."""
    if not isinstance(url, str) or any(ch.isalpha() and not ch.isascii() for ch in title):
        return False
    words = _words(title)
    path = set(_words(url.split("://", 1)[-1].partition("/")[2]))
    if not words or not set(words) <= path:
        return False
    return language != "en" or len(words) <= 2 or any(ID_WORD.match(w) for w in words)


def published_title(source: pd.Series) -> str:
    """The title as the page published it, or UNRECORDED_TITLE when the recorded one was made from its
    address (never shown to a reader as if it were the headline), in the current language."""
    title = str(source["title"])
    return _(UNRECORDED_TITLE) if title_from_address(title, source.get("url"), str(source.get("language", ""))) else title


def sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader needs to follow a figure back: outlet, date, title, grade, what to know about the
    source (its note: a page without a date, an aggregator's copy, a title not recorded), link (no internal id:
    the data downloads carry sources.csv, ids included, for joining). The note in the reader's language."""
    notes = in_reader_language(sources, ("note",))["note"] if "note" in sources else pd.Series("", index=sources.index)
    return pd.DataFrame({
        _("Outlet"): outlet_labels(sources),
        _("Published"): [format_date(d, p) for d, p in zip(sources["published"], sources["published_precision"])],
        # A title made from the page's address is not its headline: say it was not recorded.
        _("Title"): [published_title(row) for _index, row in sources.iterrows()],
        _("Grade"): sources["grade"].map(labels_for(GRADE_LABELS)).to_list(),
        _("Note"): notes.fillna("").astype(str).to_list(),
        _("Link"): sources["url"].to_list(),
    })


DASHBOARD_NAME = N_("Desertion Monitor: Russian military desertion since 2022")


def _accessed(accessed: pd.Timestamp) -> str:
    """The access date of a citation: '5 December 2023' (month in full) / '5 декабря 2023'."""
    language = current()
    return f"{accessed:%-d %B %Y}" if language == DEFAULT_LANGUAGE else formats.format_date(accessed, language=language)


def dashboard_citation(version: str, accessed: pd.Timestamp) -> str:
    """How to cite the dashboard as a whole."""
    return _("{name}, version {version}. Compiled from public reporting by Mediazona, The Moscow Times, RFE/RL and "
             "others (see its sources table). Accessed {accessed}.").format(
        name=_(DASHBOARD_NAME), version=version, accessed=_accessed(accessed))


def view_citation(period_label: str, sources: pd.DataFrame, version: str, accessed: pd.Timestamp) -> str:
    """How to cite what is on screen: the period, the outlets behind it, the version and the access date."""
    outlets = sources_line(sources).split(": ", 1)[1]
    return _("{name}, version {version}, period {period}; figures from {outlets}. Accessed {accessed}.").format(
        name=_(DASHBOARD_NAME), version=version, period=period_label, outlets=outlets, accessed=_accessed(accessed))
