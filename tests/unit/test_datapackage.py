"""The Data Package descriptor says what the loader enforces, table by table, and publishes only valid tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from desertion import datapackage
from desertion.loading import load_dataset
from desertion.schema import TABLES
from tests.conftest import DATA

FIELD_TYPES = {"string", "integer", "number", "boolean", "date"}
CONSTRAINT_KEYS = {"required", "enum", "pattern", "minimum", "maxLength"}


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def descriptor(shipped):
    return datapackage.build_descriptor(shipped.results)


def test_every_valid_table_is_a_resource_with_its_csv_path(descriptor, shipped):
    names = [r["name"] for r in descriptor["resources"]]
    assert names == [n for n in TABLES if n in shipped.results]
    for resource in descriptor["resources"]:
        assert resource["path"] == TABLES[resource["name"]].file_name
        assert (DATA / resource["path"]).is_file()
        assert resource["profile"] == "tabular-data-resource"
        assert resource["mediatype"] == "text/csv" and resource["encoding"] == "utf-8"
        assert TABLES[resource["name"]].doc in resource["description"]
    assert "x-not-published" not in descriptor


@pytest.mark.parametrize("name", list(TABLES))
def test_fields_match_the_schema_column_for_column(name):
    table = TABLES[name]
    schema = datapackage.build_resource(table)["schema"]
    assert [f["name"] for f in schema["fields"]] == list(table.column_names)
    assert schema["primaryKey"] == [table.id_column]
    assert schema["missingValues"] == [""]
    for field, col in zip(schema["fields"], table.columns):
        assert field["type"] in FIELD_TYPES
        assert field["description"] == col.doc
        assert set(field["constraints"]) <= CONSTRAINT_KEYS
        assert field["constraints"]["required"] is col.required
        if col.kind == "enum":
            assert field["constraints"]["enum"] == list(col.allowed)
        expected_type = {"int": "integer", "number": "number", "bool": "boolean", "date": "date"}.get(col.kind, "string")
        assert field["type"] == expected_type, col.name
        if "pattern" in field["constraints"]:
            re.compile(field["constraints"]["pattern"])


@pytest.mark.parametrize("name", [n for n in TABLES if n != "claims"])
def test_source_id_is_a_foreign_key_into_sources(name):
    keys = datapackage.build_resource(TABLES[name])["schema"].get("foreignKeys", [])
    if "source_id" in TABLES[name].column_names and name != "sources":
        assert keys == [{"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}}]
    else:
        assert keys == []


@pytest.mark.parametrize("name", list(TABLES))
def test_every_shipped_cell_matches_its_field_pattern_and_enum(name):
    """The patterns and enums are the loader's rules: every published cell satisfies them (raw, as in the file)."""
    path = DATA / TABLES[name].file_name
    if not path.exists():
        pytest.skip("optional table not shipped")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    for field in datapackage.build_resource(TABLES[name])["schema"]["fields"]:
        cells = raw[field["name"]].str.strip()
        cells = cells[cells != ""]
        constraints = field["constraints"]
        if "pattern" in constraints:
            bad = cells[~cells.str.fullmatch(constraints["pattern"])]
            assert bad.empty, (field["name"], bad.head().tolist())
        if "enum" in constraints:
            assert cells.isin(constraints["enum"]).all(), field["name"]


def test_package_sources_list_every_source_with_its_address(descriptor, shipped):
    sources = shipped.frames["sources"]
    assert len(descriptor["sources"]) == len(sources)
    with_url = [s for s in descriptor["sources"] if "path" in s]
    assert [s["path"] for s in with_url] == sources["url"].dropna().tolist()
    assert all(s["path"].startswith(("http://", "https://")) for s in with_url)


def test_descriptor_structure(descriptor):
    assert descriptor["profile"] == "tabular-data-package"
    assert re.fullmatch(r"[a-z0-9._-]+", descriptor["name"])
    for key in ("title", "description", "version", "resources", "sources"):
        assert descriptor[key]
    names = [r["name"] for r in descriptor["resources"]]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9._-]+", n) for n in names)
    assert "Raw data" in descriptor["description"]


def test_a_table_that_failed_validation_is_not_published(shipped_data_copy):
    path = shipped_data_copy / "court_counts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",false,", ",maybe,", 1), encoding="utf-8")
    results = load_dataset(shipped_data_copy).results
    assert not results["court_counts"].ok
    descriptor = datapackage.build_descriptor(results)
    assert "court_counts" not in [r["name"] for r in descriptor["resources"]]
    [failed] = descriptor["x-not-published"]
    assert failed["name"] == "court_counts" and failed["problems"] == len(results["court_counts"].issues)
    assert "'maybe'" in failed["first_problems"][0]


def test_frictionless_accepts_the_descriptor_and_the_shipped_data(descriptor):
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(descriptor, basepath=str(DATA))
    report = package.validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:20]
