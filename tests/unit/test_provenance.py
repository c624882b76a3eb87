"""Provenance: split refs, the one source-id collector, outlet labels, sources lines and citations."""

from __future__ import annotations

import pandas as pd
import pytest

from desertion import provenance
from tests.fixtures import tables


def test_sources_line_lists_outlets_once_and_shortens():
    sources = tables.sources()
    assert provenance.sources_line(sources.iloc[[0, 0]]) == "Source: Outlet A"
    assert provenance.sources_line(sources) == "Sources: Outlet A; Originator O via Outlet B; Outlet C"
    four = pd.concat([sources, sources.iloc[[0]].assign(outlet="Outlet D", source_id="src-d")])
    assert provenance.sources_line(four) == "Sources: Outlet A and 3 other sources"
    assert provenance.sources_line(sources.iloc[0:0]) == "Source: none for this selection"


def test_citation_is_built_from_fields():
    citation = provenance.citation(tables.sources().iloc[1])
    assert citation == "Originator O via Outlet B, \u201cSecond report\u201d, Feb 2024. https://b.example/report (reliability C)"


def test_split_refs_ignores_spaces_and_empty_parts():
    assert provenance.split_refs(" a ; b;;c ;") == ["a", "b", "c"]


def test_one_collector_reads_both_id_columns_of_several_frames_first_seen_first():
    one = pd.DataFrame({"source_id": ["b", "a", None, "b"]})
    many = pd.DataFrame({"source_ids": ["c; a", None, "d"]})
    assert provenance.source_ids_of(one) == ["b", "a"]
    assert provenance.source_ids_of(one, None, many) == ["b", "a", "c", "d"]
    assert provenance.source_ids_of() == []


def test_outlet_label_and_outlet_labels_agree():
    sources = tables.sources()
    assert provenance.outlet_labels(sources) == [provenance.outlet_label(s) for _, s in sources.iterrows()]
    assert provenance.outlet_labels(sources)[1] == "Originator O via Outlet B"


@pytest.mark.parametrize("title, url, language, made_from_address", [
    ("News 7461452", "https://www.pravda.com.ua/eng/news/2024/06/18/7461452/", "en", True),  # a number
    ("Story 692462eee657f59b666dce68", "https://pointmedia.io/story/692462eee657f59b666dce68", "ru", True),  # an id
    ("Record", "https://zona.media/translate/2024/04/12/record", "en", True),  # one or two words
    ("Feature 01", "https://konturnovosti.com/en_GB/articles/gc6/features/2024/10/17/feature-01", "en", True),
    ("Pomosch s dezertirstvom", "https://rfe.pangea-cms.com/a/pomosch-s-dezertirstvom/32826237.html", "ru", True),
    ("Ueber 1000 Russen vor Gericht", "https://www.stol.it/artikel/ueber-1000-russen-vor-gericht", "de", True),
    # An English headline whose address repeats it, a title with words the address lacks, Cyrillic: as published.
    ("A runaway regiment", "https://istories.media/en/stories/2024/11/19/a-runaway-regiment/", "en", False),
    ("Helping Russian deserters flee the front lines",
     "https://themoscowtimes.com/2024/05/24/helping-russian-deserters-flee-the-front-lines-a8522", "en", False),
    ("Why Russian soldiers flee the front", "https://www.radiosvoboda.org/a/rosiyski-soldaty/33554566.html", "uk",
     False),
    ("В России возбудили почти 50 тысяч дел", "https://svtv.org/news/2025-05-20/v-rossii-vozbudili-pochti-50", "ru",
     False),
    ("Record", None, "en", False),  # no address: nothing to compare with
])
def test_a_title_made_from_its_address_is_told_from_one_copied_from_the_page(title, url, language, made_from_address):
    assert provenance.title_from_address(title, url, language) is made_from_address
    shown = provenance.published_title(pd.Series({"title": title, "url": url, "language": language}))
    assert shown == (provenance.UNRECORDED_TITLE if made_from_address else title)


def test_the_sources_listing_never_shows_a_title_made_from_an_address():
    from desertion.loading import load_dataset

    sources = load_dataset("data").frames["sources"]
    listing = provenance.sources_table(sources)
    by_id = dict(zip(sources["source_id"], listing["Title"]))
    assert by_id["up-2024-06-18"] == provenance.UNRECORDED_TITLE  # recorded as "News 7461452"
    assert by_id["pointmedia-2025-11"] == provenance.UNRECORDED_TITLE  # "Story 692462eee657f59b666dce68"
    assert not listing["Title"].str.contains(r"\d{6,}").any()


def test_sources_lines_citations_and_the_sources_listing_in_russian():
    from desertion.i18n.active import active
    sources = tables.sources()
    four = pd.concat([sources, sources.iloc[[0]].assign(outlet="Outlet D", source_id="src-d")])
    with active("ru"):
        assert provenance.sources_line(sources.iloc[[0, 0]]) == "Источник: Outlet A"
        assert provenance.sources_line(sources) == "Источники: Outlet A; Originator O (цит. по: Outlet B); Outlet C"
        assert provenance.sources_line(four) == "Источники: Outlet A и ещё 3 источника"
        citation = provenance.citation(sources.iloc[1])
        listing = provenance.sources_table(sources)
    assert citation == ("Originator O (цит. по: Outlet B), \u201cSecond report\u201d, февраль 2024. "
                        "https://b.example/report (надёжность C)")
    assert list(listing.columns) == ["Издание", "Опубликовано", "Заголовок", "Надёжность", "Примечание", "Ссылка"]
    assert listing["Надёжность"].iloc[0] == "A: первоисточник"
    assert list(provenance.sources_table(sources).columns) == ["Outlet", "Published", "Title", "Grade", "Note", "Link"]


def test_a_russian_source_line_names_outlets_as_they_name_themselves_in_russian():
    from desertion.i18n.active import active
    sources = pd.DataFrame({"source_id": ["a", "b", "c"], "outlet": ["Mediazona", "The Moscow Times", "Meduza"],
                            "originator": ["", "Mediazona", ""], "outlet_ru": ["Медиазона", "", "Медуза"],
                            "originator_ru": ["", "Медиазона", ""]})
    outlet_labels, outlet_label = provenance.outlet_labels, provenance.outlet_label
    assert outlet_labels(sources) == ["Mediazona", "Mediazona via The Moscow Times", "Meduza"]
    with active("ru"):
        labels = outlet_labels(sources)
        assert labels == [outlet_label(row) for _, row in sources.iterrows()]
    assert labels[0] == "Медиазона" and labels[2] == "Медуза"
    assert labels[1].startswith("Медиазона") and "The Moscow Times" in labels[1]  # no Russian name: as it is


def test_the_sources_listing_says_what_to_know_about_each_source_in_the_readers_language():
    # A source's note (an aggregator's copy, a page without a date) is how a reader judges it: on the Sources page
    # beside its grade, in Russian on a Russian page.
    from desertion.i18n.active import active
    from desertion.loading import load_dataset

    sources = load_dataset("data").frames["sources"]
    noted = sources[sources["note"].str.len() > 0].iloc[0]
    english = provenance.sources_table(sources)
    with active("ru"):
        russian = provenance.sources_table(sources)
    row = sources.index.get_loc(noted.name)
    assert english["Note"].iloc[row] == noted["note"]
    assert russian["Примечание"].iloc[row] == noted["note_ru"] != noted["note"]
