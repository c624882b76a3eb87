"""The Frictionless Data Package descriptor (`datapackage.json`) of the published tables, built from `schema.py`.

An analyst's R or pandas script reads `/data/datapackage.json` and `/data/<table>.csv` from the dashboard's
own server (see `desertion/routes.py`). The descriptor says what the loader enforces, in Frictionless terms
(https://specs.frictionlessdata.io/): field types, required cells, allowed values, patterns and bounds, the
schema's meaning of each column as its description, the primary key, and `source_id` as a foreign key into
`sources`. Package-level `sources` lists every page the figures were read from.

Only tables that passed validation are resources. A table that failed is named under `x-not-published`
with its problems (its CSV address answers 404), so a script never reads unvalidated rows as if they were
valid. The CSVs are the files of data/ byte for byte: raw data, not neutralised for spreadsheets (a cell
may start with `=`; the dashboard's own downloads guard those, these addresses do not).

The descriptor stays English in every language: it is one file at one fixed address for every reader (no
language in it, cached by its ETag), read by scripts whose authors expect the schema's names and meanings
as the data dictionary states them, and Frictionless has no per-language titles. What a reader sees on the
Sources & method page (`build_address_list`'s statuses) is in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from desertion import __version__
from desertion.i18n.active import _, current, ngettext, pgettext
from desertion.i18n.formats import format_quantity
from desertion.loading import TableResult
from desertion.schema import URL_PATTERN
from desertion.validation import ID_PATTERN
from desertion.schema import RULES, TABLES, Column, TableSchema

PACKAGE_NAME = "desertion-monitor"
DESCRIPTOR_NAME = "datapackage.json"
# Where the server serves them (desertion/routes.py).
DATA_PREFIX = "/data"
# How many of a failed table's problems the descriptor quotes (all of them are on Sources & method).
PROBLEMS_SHOWN = 20
TRUE_VALUES = ["true", "True", "TRUE"]
FALSE_VALUES = ["false", "False", "FALSE"]
NOTE = ("Raw data: each CSV is the published file byte for byte, validated against this schema. Cells are not "
        "neutralised for spreadsheets; open them as text, or use the dashboard's downloads. Figures from "
        "different sources, official counts and estimates must not be summed.")


def _tags_pattern(allowed: tuple[str, ...]) -> str:
    one = r"\s*(" + "|".join(re.escape(a) for a in allowed) + r")\s*"
    return f"{one}(;{one})*"


def build_field(col: Column) -> dict[str, Any]:
    """One column as a Frictionless field: type, format, constraints, and the schema's meaning."""
    constraints: dict[str, Any] = {"required": col.required}
    field: dict[str, Any] = {"name": col.name, "description": col.doc}
    kind = col.kind
    if kind == "int":
        field["type"] = "integer"
        constraints["minimum"] = 0
    elif kind == "number":
        field["type"] = "number"
        constraints["minimum"] = 0
    elif kind == "bool":
        field.update(type="boolean", trueValues=TRUE_VALUES, falseValues=FALSE_VALUES)
    elif kind == "date":
        field.update(type="date", format="default")
    else:
        field["type"] = "string"
        if kind == "enum":
            constraints["enum"] = list(col.allowed)
        elif kind in ("id", "source_ref"):
            constraints["pattern"] = ID_PATTERN
        elif kind == "source_refs":
            constraints["pattern"] = rf"{ID_PATTERN}(\s*;\s*{ID_PATTERN})*"
        elif kind == "tags":
            constraints["pattern"] = _tags_pattern(col.allowed)
        elif kind == "url":
            field["format"] = "uri"
            constraints.update(pattern=URL_PATTERN, maxLength=2000)
        else:
            constraints["maxLength"] = col.max_length
    field["constraints"] = constraints
    return field


def build_table_schema(table: TableSchema) -> dict[str, Any]:
    """A Table Schema: fields, primary key, and each single source_id as a foreign key into sources."""
    schema: dict[str, Any] = {
        "fields": [build_field(col) for col in table.columns],
        "missingValues": [""],
        "primaryKey": [table.id_column],
    }
    refs = [c.name for c in table.columns if c.kind == "source_ref"]
    if refs:
        schema["foreignKeys"] = [{"fields": [name], "reference": {"resource": "sources", "fields": ["source_id"]}}
                                 for name in refs]
    return schema


def build_resource(table: TableSchema) -> dict[str, Any]:
    rules = [RULES[r] for r in table.rules]
    description = table.doc + (" Rules: " + "; ".join(rules) + "." if rules else "")
    return {
        "name": table.name,
        "path": table.file_name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
        "schema": build_table_schema(table),
    }


def build_sources(sources: pd.DataFrame | None) -> list[dict[str, str]]:
    """Package-level sources: each page the figures come from, by outlet and title, with its address."""
    if sources is None:
        return []
    listed = []
    for row in sources.itertuples(index=False):
        entry = {"title": f"{row.outlet}: {row.title}"}
        if isinstance(row.url, str) and row.url:
            entry["path"] = row.url
        listed.append(entry)
    return listed


def build_descriptor(results: Mapping[str, TableResult]) -> dict[str, Any]:
    """The descriptor of a loaded data folder: valid tables as resources, failed ones named with their problems.

    `results` is `Dataset.results`; tables absent from it (an optional table with no file) are left out.
    """
    published = [name for name in TABLES if name in results and results[name].ok]
    failed = [name for name in TABLES if name in results and not results[name].ok]
    sources = results["sources"].frame if "sources" in published else None
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Desertion Monitor",
        "description": "Sourced figures on Russian military desertion since 2022: Idite Lesom's requests, "
                       "Mediazona's military-court counts, sentences, events, quotes, estimates and a fact check, "
                       "each row citing a row of sources. " + NOTE,
        "version": __version__,
        "resources": [build_resource(TABLES[name]) for name in published],
        "sources": build_sources(sources),
    }
    if failed:
        descriptor["x-not-published"] = [
            {"name": name, "path": TABLES[name].file_name, "problems": len(results[name].issues),
             "first_problems": [str(i) for i in results[name].issues[:PROBLEMS_SHOWN]]}
            for name in failed
        ]
    return descriptor


def build_address_list(results: Mapping[str, TableResult], origin: str = "") -> pd.DataFrame:
    """For Sources & method: the descriptor and each table's address, and whether it is published.

    `origin` is the server's scheme and host (e.g. 'http://127.0.0.1:8501'); without it, paths are shown.
    The statuses and the column headers are in the current language; the file names and addresses (what a
    script types) are the same for every reader.
    """
    language = current()  # the page's language (English outside a page run)
    rows = [{"table": DESCRIPTOR_NAME, "address": f"{origin}{DATA_PREFIX}/{DESCRIPTOR_NAME}",
             "status": _("the tables' fields, allowed values, meanings and sources")}]
    for name in TABLES:
        if name in results:
            result = results[name]
            status = (format_quantity(result.rows_read, "row", language=language) if result.ok else
                      ngettext("not published: {count} validation problem(s)",
                               "not published: {count} validation problem(s)", len(result.issues)).format(
                                   count=len(result.issues)))
            rows.append({"table": TABLES[name].file_name, "address": f"{origin}{DATA_PREFIX}/{TABLES[name].file_name}",
                         "status": status})
    frame = pd.DataFrame(rows)
    # Headed in the language; the English headers are the descriptor's own words, as before.
    return frame.rename(columns={"table": pgettext("address list column", "table"),
                                 "address": pgettext("address list column", "address"),
                                 "status": pgettext("address list column", "status")})
