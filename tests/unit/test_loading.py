"""The loader names the file, line and column of every problem, and never raises on bad content."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from desertion.loading import load_dataset, load_table, parse_table
from desertion.schema import TABLES
from tests.conftest import REPO

MALFORMED = Path(__file__).parent.parent / "fixtures" / "malformed"
SOURCE_IDS = {"mz-337", "mt-55k"}

# file, table, line, column (None for file-level problems), a piece of what the message must say was found
CASES = [
    ("cp1251.csv", "court_counts", 3, "note", "0xD1, which is not UTF-8"),
    ("utf16.csv", "court_counts", 1, None, "UTF-16"),
    ("binary.csv", "court_counts", 3, None, "binary data"),
    ("semicolon.csv", "court_counts", 1, None, "separated by ';'"),
    ("empty.csv", "court_counts", 1, None, "an empty file"),
    ("header_only.csv", "court_counts", 2, None, "no data rows"),
    ("missing_column.csv", "court_counts", 1, "value", "no such column"),
    ("unknown_column.csv", "court_counts", 1, "comment", "an unknown column"),
    ("duplicate_id.csv", "court_counts", 4, "record_id", "'h1-2023' again (first on line 2)"),
    ("bad_id.csv", "court_counts", 2, "record_id", "'H1 2023'"),
    ("bad_date.csv", "court_counts", 2, "period_start", "'2023-02-30'"),
    ("dmy_date.csv", "court_counts", 3, "period_end", "'31.12.2021'"),
    ("negative_count.csv", "court_counts", 4, "value", "'-1001'"),
    ("non_numeric.csv", "court_counts", 3, "value", "'many'"),
    ("thin_space.csv", "court_counts", 2, "value", "'2\\u2009076'"),
    ("comma_thousands.csv", "court_counts", 4, "value", "'1,001'"),
    ("empty_required.csv", "court_counts", 3, "value", "an empty cell"),
    ("end_before_start.csv", "court_counts", 2, "period_end", "before period_start '2023-01-01'"),
    ("unknown_source.csv", "court_counts", 3, "source_id", "'mt-nowhere' (not in sources.csv)"),
    ("bad_article.csv", "court_counts", 2, "article", "'339'"),
    ("bad_bool.csv", "court_counts", 3, "approximate", "'yes'"),
    ("extra_cell.csv", "court_counts", 3, None, "12 cells"),
    ("unclosed_quote.csv", "court_counts", 3, None, "broken quoting"),
    ("multiline_note_then_error.csv", "court_counts", 5, "period_end", "'2022-13-01'"),
    ("control_character.csv", "court_counts", 3, "note", "\\u202e"),
    ("sources_javascript_url.csv", "sources", 3, "url", "'javascript:alert(1)'"),
    ("sources_precision_mismatch.csv", "sources", 3, "published", "'2024-02-15' with precision 'month'"),
    ("sources_missing_url.csv", "sources", 3, "url", "graded B"),
]


def _load(file_name: str, table: str):
    return load_table(MALFORMED / file_name, TABLES[table], SOURCE_IDS, display_path=file_name)


@pytest.mark.parametrize(("file_name", "table", "line", "column", "found"), CASES, ids=[c[0] for c in CASES])
def test_malformed_file_is_reported_at_its_exact_place(file_name, table, line, column, found):
    result = _load(file_name, table)
    assert result.frame is None
    assert len(result.issues) == 1, [str(i) for i in result.issues]
    issue = result.issues[0]
    assert (issue.path, issue.line, issue.column) == (file_name, line, column)
    assert found in issue.found
    prefix = f"{file_name}:{line}: " + (f"column '{column}': " if column else "")
    assert str(issue).startswith(prefix + "found ")
    assert ", expected " in str(issue)


def test_corpus_has_at_least_twenty_malformed_files_all_covered():
    files = {p.name for p in MALFORMED.glob("*.csv")} - {"valid_bom_crlf.csv", "idite_lesom_interval_and_as_of.csv"}
    assert len(files) >= 20
    assert files == {c[0] for c in CASES}


def test_every_problem_is_collected_not_just_the_first():
    result = _load("idite_lesom_interval_and_as_of.csv", "idite_lesom")
    found = [(i.line, i.column) for i in result.issues]
    assert found == [(3, "as_of"), (3, "as_of"), (4, "as_of"), (5, "value")]
    assert "not both or neither" in result.issues[0].expected
    assert "at most 100" in result.issues[3].expected


def test_bom_and_crlf_are_accepted_and_typed():
    result = _load("valid_bom_crlf.csv", "court_counts")
    assert result.ok, [str(i) for i in result.issues]
    frame = result.frame
    assert list(frame["record_id"]) == ["h1-2023", "y2021"]
    assert frame["value"].dtype == "Int64"
    assert frame["value"].tolist() == [2076, 615]
    assert pd.api.types.is_datetime64_any_dtype(frame["period_start"])
    assert frame["approximate"].dtype == "boolean"
    assert frame["note"].isna().all()


def test_a_missing_file_is_an_issue_not_a_traceback(tmp_path):
    result = load_table(tmp_path / "nope.csv", TABLES["events"], display_path="nope.csv")
    assert not result.ok
    assert str(result.issues[0]) == "nope.csv:1: found no such file, expected the table's CSV file"


def test_uploaded_bytes_validate_like_files():
    raw = (MALFORMED / "thin_space.csv").read_bytes()
    result = parse_table(raw, TABLES["court_counts"], "upload.csv", source_ids=SOURCE_IDS)
    assert [str(i).split(":")[0:2] for i in result.issues] == [["upload.csv", "2"]]


def test_a_broken_table_does_not_stop_the_others(shipped_data_copy):
    (shipped_data_copy / "quotes.csv").write_bytes(b"\x00\x01 garbage")
    dataset = load_dataset(shipped_data_copy)
    assert not dataset.results["quotes"].ok
    assert "quotes" not in dataset.frames
    assert {"sources", "idite_lesom", "court_cumulative", "events"} <= set(dataset.frames)


def test_a_bad_line_in_sources_keeps_the_other_tables_usable_and_says_why(shipped_data_copy):
    path = shipped_data_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:3], "not an id,,,,,,,\n", *lines[3:]]), encoding="utf-8")
    dataset = load_dataset(shipped_data_copy)
    sources = dataset.results["sources"]
    assert not sources.usable and sources.issues[0].line == 4
    assert dataset.frames == {}  # nothing is fully valid: no source id could be checked
    others = [name for name in dataset.results if name != "sources"]
    assert dataset.usable == others and set(dataset.usable_frames) == set(others)
    events = dataset.results["events"]
    assert len(events.frame) == events.rows_read > 0
    assert [(i.line, i.column) for i in events.issues] == [(1, "source_id")]
    assert "sources.csv did not load" in events.issues[0].found
    assert "source ids of this table cannot be resolved" in str(events.issues[0])


def test_a_broken_sources_table_keeps_the_other_tables_own_errors(shipped_data_copy):
    (shipped_data_copy / "sources.csv").write_text("source_id\n", encoding="utf-8")
    (shipped_data_copy / "events.csv").write_bytes(b"event_id;date\nx;1\n")
    dataset = load_dataset(shipped_data_copy)
    assert dataset.frames == {} and "events" not in dataset.usable and "quotes" in dataset.usable
    # a file that could not even be split into rows gets its own message only
    assert [i.found for i in dataset.results["events"].issues] == ["columns separated by ';'"]
    assert "sources.csv did not load" in dataset.results["quotes"].issues[-1].found


@pytest.mark.parametrize("state", ["missing", "file", "empty"])
def test_a_missing_or_empty_data_folder_is_reported_not_raised(tmp_path, state):
    folder = tmp_path / "data"
    if state == "file":
        folder.write_text("not a folder")
    elif state == "empty":
        folder.mkdir()
    dataset = load_dataset(folder)
    assert dataset.frames == {} and dataset.usable == [] and dataset.issues
    if state == "empty":
        assert all(i.found == "no such file" and i.line == 1 for i in dataset.issues)
        assert {Path(i.path).name for i in dataset.issues} == {s.file_name for s in TABLES.values() if not s.optional}
    else:
        assert [str(i) for i in dataset.issues] == [
            f"{folder}:1: found {'no such folder' if state == 'missing' else 'a file, not a folder'}, "
            "expected a folder of CSV tables"]


def test_a_missing_table_is_left_out_and_the_rest_loads(shipped_data_copy):
    (shipped_data_copy / "events.csv").unlink()
    dataset = load_dataset(shipped_data_copy)
    assert [str(i).split(": ", 1)[1] for i in dataset.issues] == ["found no such file, expected the table's CSV file"]
    assert "events" not in dataset.usable and {"sources", "quotes", "idite_lesom"} <= set(dataset.frames)


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xfe\x00s\x00o", bytes(range(256))])
def test_a_binary_table_is_left_out_and_the_rest_loads(shipped_data_copy, content):
    (shipped_data_copy / "sources.csv").write_bytes(content)
    dataset = load_dataset(shipped_data_copy)
    assert dataset.results["sources"].issues[0].line >= 1 and not dataset.results["sources"].usable
    assert "events" in dataset.usable


def test_an_unreadable_table_is_an_issue(shipped_data_copy):
    (shipped_data_copy / "quotes.csv").unlink()
    (shipped_data_copy / "quotes.csv").mkdir()  # reading a folder fails even for root, unlike chmod 000
    dataset = load_dataset(shipped_data_copy)
    assert "a file that cannot be read" in dataset.results["quotes"].issues[0].found
    assert "quotes" not in dataset.usable and "events" in dataset.frames




SHORT_TEXT = [(table, col) for table, schema in TABLES.items() for col in schema.columns
              if col.kind == "text" and col.max_length < 4000 and not schema.optional]


@pytest.mark.parametrize(("table", "column"), SHORT_TEXT, ids=[f"{t}.{c.name}" for t, c in SHORT_TEXT])
def test_a_too_long_cell_is_told_its_own_columns_limit(shipped_data_copy, table, column):
    path = shipped_data_copy / TABLES[table].file_name
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, column.name] = "x" * (column.max_length + 1)
    frame.to_csv(path, index=False)
    issues = load_dataset(shipped_data_copy).results[table].issues
    assert [(i.line, i.column) for i in issues] == [(2, column.name)]
    assert issues[0].expected == f"text of at most {column.max_length} characters without control characters"
    dictionary_row = f"| `{column.name}` | text | {'yes' if column.required else 'no'} | {issues[0].expected} |"
    assert dictionary_row in (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")  # the dictionary says the same

