"""Provenance: split refs, the one source-id collector, outlet labels, sources lines and citations."""

from __future__ import annotations

import pandas as pd

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
