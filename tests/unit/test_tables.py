"""Tables for readers name sources by outlet, date and grade, never by internal id."""

from __future__ import annotations

from desertion import tables
from tests.fixtures import tables as fixtures


def test_the_requests_table_names_outlets_not_source_ids():
    frame, sources = fixtures.requests(), fixtures.sources()
    shown = tables.idite_lesom_table(frame, sources)["Source"].to_list()
    assert not set(shown) & set(frame["source_id"])
    first = sources.set_index("source_id").loc[frame["source_id"].iloc[0]]
    assert shown[0].startswith(str(first["outlet"])) and shown[0].endswith(f"(grade {first['grade']})")
