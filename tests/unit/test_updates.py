"""Uploads: validated like the shipped files, previewed as a diff, written under a lock with history and a log.

The hostile corpus in tests/fixtures/hostile/ is run against a copy of the shipped data; every rejected file
must leave that copy byte-for-byte as it was. The big files are committed gzipped (10 MB of one cell
compresses to 10 kB) and the over-limit upload is generated here.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import multiprocessing
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from desertion import changelog as changelog_module
from desertion import cli, export, updates
from desertion.loading import parse_table, split_records
from desertion.schema import TABLES
from desertion.updates import ConcurrentChange, apply_update, plan_update
from tests.conftest import REPO

HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"
NOW = datetime(2024, 1, 2, 3, 4, 5, 6)
EVENTS_HEADER = ("event_id,date_start,date_end,date_precision,title,title_ru,category,description,description_ru,"
                 "source_id")
NEW_EVENT = ("ev-2030-01-01-test,2023-01-10,,day,Test event,Тестовое событие,other,A test description.,"
             "Тестовое описание.,zona-2023-09-21")
FIRST_EVENT = "ev-2022-09-21-partial-mobilisation"  # line 2 of the shipped events.csv

# file, table, append; then line, column and a piece of what was found, for the first issue reported.
REJECTED = [
    ("enc_cp1251.csv", "events", False, 3, "description", "the byte 0xCC, which is not UTF-8"),
    ("enc_latin1.csv", "events", False, 2, "title", "the byte 0xE9, which is not UTF-8"),
    ("enc_utf16le_bom.csv", "events", False, 1, None, "UTF-16 text"),
    ("enc_utf16le_no_bom.csv", "events", False, 1, None, "binary data (a NUL byte)"),
    ("delim_semicolon.csv", "events", False, 1, None, "columns separated by ';'"),
    ("delim_tab.csv", "events", False, 1, None, "columns separated by tab"),
    ("delim_pipe.csv", "events", False, 1, None, "columns separated by '|'"),
    ("excel_sep_hint.csv", "events", False, 1, "sep=", "an unknown column"),
    ("quote_unclosed.csv", "events", False, 3, None, "broken quoting (unexpected end of data)"),
    ("quote_stray.csv", "events", False, 2, None, "broken quoting"),
    ("huge_field_10mb.csv.gz", "events", False, 1, None, "a file of 9.5 MB (10,000,146 bytes)"),
    ("long_text_2mb.csv.gz", "events", False, 2, "description", "(2000000 characters)"),
    ("million_columns.csv.gz", "events", False, 1, None, "a header of 1,000,000 comma-separated names"),
    ("many_short_lines.csv.gz", "events", False, 1, None, "a file of 2,500,002 lines"),
    ("binary_png.csv", "events", False, 3, None, "binary data (a NUL byte)"),
    ("binary_no_nul.csv", "events", False, 1, None, "the byte 0x80, which is not UTF-8"),
    ("empty.csv", "events", False, 1, None, "an empty file"),
    ("whitespace_only.csv", "events", False, 1, None, "an empty file"),
    ("header_only.csv", "events", False, 2, None, "no data rows"),
    ("zero_width_in_id.csv", "events", False, 2, "event_id", "'ev-\\u200b2030-01-01-test'"),
    ("zero_width_in_number.csv", "court_counts", False, 2, "value", "'2\\u200b076'"),
    ("rtl_override_in_text.csv", "events", False, 2, "title", "'Test \\u202etneve'"),
    ("control_char_in_text.csv", "events", False, 2, "description", "\\u0007"),
    ("date_dmy.csv", "events", False, 2, "date_start", "'10.01.2023'"),
    ("number_space.csv", "court_counts", False, 2, "value", "'2 076'"),
    ("number_comma.csv", "court_counts", False, 2, "value", "'2,076'"),
    ("number_thin_space.csv", "court_counts", False, 2, "value", "'2\\u2009076'"),
    ("number_nbsp.csv", "court_counts", False, 2, "value", "'2\\u00a0076'"),
    ("number_decimal_comma.csv", "idite_lesom", False, 2, "value", "'4,3'"),
    ("formula_in_id.csv", "events", False, 2, "event_id", "'=1+1'"),
    ("duplicate_id.csv", "events", False, 3, "event_id", "'ev-2030-01-01-test' again (first on line 2)"),
    ("append_existing_id.csv", "events", True, 2, "event_id", f"'{FIRST_EVENT}', which "),
    ("append_header_reordered.csv", "events", True, 1, None, "the header 'date_start,event_id,"),
    ("unknown_source.csv", "events", False, 2, "source_id", "'no-such-source' (not in sources.csv)"),
    ("extra_column.csv", "events", False, 1, "extra", "an unknown column"),
    ("missing_column.csv", "events", False, 1, "description", "no such column in the header"),
    ("row_extra_cell.csv", "events", False, 3, None, "11 cells"),
    ("row_missing_cell.csv", "events", False, 3, None, "9 cells"),
    ("header_newline_name.csv", "events", False, 1, "event_id\\u000ax", "an unknown column"),
    ("sources_javascript_url.csv", "sources", False, 3, "url", "'javascript:alert(1)'"),
]
# file, table, append, rows the preview says are added
ACCEPTED = [
    ("enc_utf8_bom.csv", "events", False, 2),
    ("enc_utf8_bom_crlf.csv", "court_counts", False, 2),
    ("enc_mac_cr.csv", "events", False, 2),
    ("formula_in_note.csv", "court_counts", False, 4),
    ("html_js_in_text.csv", "events", False, 1),
    ("append_new_rows.csv", "events", True, 2),
]
CLI_SAMPLE = ["enc_cp1251.csv", "delim_semicolon.csv", "million_columns.csv.gz", "unknown_source.csv",
              "append_existing_id.csv"]


def fixture_bytes(name: str) -> bytes:
    raw = (HOSTILE / name).read_bytes()
    return gzip.decompress(raw) if name.endswith(".gz") else raw


def upload_name(name: str) -> str:
    return name.removesuffix(".gz")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder (hidden ones included) and the hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def csv_bytes(rows: list[list[str]], line_end: str = "\n") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def changelog(data: Path) -> list[list[str]]:
    return rows_of(data / updates.CHANGELOG)


# --- the hostile corpus -------------------------------------------------------------------------------------

def test_the_corpus_has_thirty_files_and_each_has_an_expected_outcome():
    files = {p.name for p in HOSTILE.iterdir()}
    assert len(files) >= 30
    assert files == {c[0] for c in REJECTED} | {c[0] for c in ACCEPTED}


@pytest.mark.parametrize(("name", "table", "append", "line", "column", "found"), REJECTED, ids=[c[0] for c in REJECTED])
def test_a_hostile_upload_is_rejected_at_its_place_and_touches_nothing(shipped_data_copy, name, table, append, line,
                                                                       column, found):
    before = snapshot(shipped_data_copy)
    started = time.perf_counter()
    plan = plan_update(shipped_data_copy, table, fixture_bytes(name), upload_name(name), append=append)
    assert time.perf_counter() - started < 2
    assert not plan.ok and plan.new_bytes == b""
    issue = plan.issues[0]
    assert (issue.path, issue.line, issue.column) == (upload_name(name), line, column), str(issue)
    assert found in issue.found
    prefix = f"{upload_name(name)}:{line}: " + (f"column '{column}': " if column else "")
    assert str(issue).startswith(prefix + "found ") and ", expected " in str(issue)
    assert all("\n" not in str(i) for i in plan.issues)
    assert plan.diff.counts == {"added": 0, "changed": 0, "removed": 0}
    with pytest.raises(ValueError, match="not applied"):
        apply_update(plan, shipped_data_copy)
    assert snapshot(shipped_data_copy) == before
    names = {p.name for p in shipped_data_copy.iterdir()}
    assert not {updates.HISTORY_DIR, updates.CHANGELOG, updates.LOCKS_DIR} & names


@pytest.mark.parametrize(("name", "table", "append", "added"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_an_odd_but_valid_upload_is_accepted_and_written_normalised(shipped_data_copy, name, table, append, added):
    target = shipped_data_copy / TABLES[table].file_name
    current = target.read_bytes()
    plan = plan_update(shipped_data_copy, table, fixture_bytes(name), name, append=append)
    assert plan.ok, [str(i) for i in plan.issues]
    assert plan.diff.counts["added"] == added
    if append:
        assert plan.new_bytes.startswith(current) and plan.diff.counts["removed"] == 0
    else:
        assert not plan.new_bytes.startswith(b"\xef\xbb\xbf") and b"\r" not in plan.new_bytes
        assert plan.new_bytes.endswith(b"\n")
    assert parse_table(plan.new_bytes, TABLES[table], "new.csv", source_ids=None).ok
    apply_update(plan, shipped_data_copy, now=NOW)
    assert target.read_bytes() == plan.new_bytes


def test_formulas_are_text_to_the_schema_and_neutralised_on_export(shipped_data_copy):
    plan = plan_update(shipped_data_copy, "court_counts", fixture_bytes("formula_in_note.csv"), "f.csv")
    assert plan.ok
    frame = parse_table(plan.new_bytes, TABLES["court_counts"], "f.csv").frame
    notes = list(frame["note"].dropna())
    assert notes[0].startswith('=HYPERLINK("http://evil.example/')
    exported = list(csv.DictReader(io.StringIO(export.to_safe_csv(frame).decode("utf-8-sig"))))
    assert [row["note"][:2] for row in exported if row["note"]] == ["'=", "'+", "'@", "'-"]


def test_html_and_javascript_are_kept_as_plain_text(shipped_data_copy):
    plan = plan_update(shipped_data_copy, "events", fixture_bytes("html_js_in_text.csv"), "h.csv")
    assert plan.ok
    row = parse_table(plan.new_bytes, TABLES["events"], "h.csv").frame.iloc[0]
    # The loader keeps the characters; the pages show them as text (ui escapes, never unsafe_allow_html).
    assert row["title"] == "<script>alert(1)</script>"
    assert row["description"].startswith("<img src=x onerror=alert(1)>")


def test_a_ten_megabyte_cell_is_refused_quickly_by_the_parser_too():
    started = time.perf_counter()
    result = parse_table(fixture_bytes("huge_field_10mb.csv.gz"), TABLES["events"], "huge.csv")
    assert time.perf_counter() - started < 2
    assert [(i.line, i.column) for i in result.issues] == [(2, None)]
    assert "a cell longer than 1,000,000 characters" in result.issues[0].found


def test_a_million_column_header_is_one_message_not_a_million():
    started = time.perf_counter()
    result = parse_table(fixture_bytes("million_columns.csv.gz"), TABLES["events"], "wide.csv")
    assert time.perf_counter() - started < 2
    assert len(result.issues) == 1
    assert str(result.issues[0]).startswith("wide.csv:1: found a header of 1,000,000 comma-separated names, "
                                            "expected the 10 columns event_id, date_start")


def test_an_upload_over_the_limit_is_refused_before_it_is_read(shipped_data_copy, tmp_path):
    exact = _valid_events_of_size(updates.MAX_UPLOAD_BYTES)
    assert plan_update(shipped_data_copy, "events", exact, "exact.csv").ok  # 5 MB exactly is allowed
    big = tmp_path / "big.csv"
    big.write_bytes(exact + b" ")
    before = snapshot(shipped_data_copy)
    plan = plan_update(shipped_data_copy, "events", big.read_bytes(), "big.csv")
    assert [str(i) for i in plan.issues] == [
        "big.csv:1: found a file of 5.0 MB (5,242,881 bytes), "
        "expected at most 5 MB (5,242,880 bytes), the upload limit"]
    assert cli.main(["import", str(big), "--table", "events", "--data-dir", str(shipped_data_copy)]) == 1
    assert snapshot(shipped_data_copy) == before


def _valid_events_of_size(size: int) -> bytes:
    """A valid events table of exactly `size` bytes: rows with long descriptions, the last one cut to fit."""
    row = "ev-{n:05d},2023-01-10,,day,Long,ru Long,other,{text},d,zona-2023-09-21\n"  # ASCII: len() is bytes
    lines, total, n = [EVENTS_HEADER + "\n"], len(EVENTS_HEADER) + 1, 0
    while size - total > len(row.format(n=n, text="d" * 4000)):
        lines.append(row.format(n=n, text="d" * 2000))
        total += len(lines[-1])
        n += 1
    lines.append(row.format(n=n, text="d" * (size - total - len(row.format(n=n, text="")))))
    return "".join(lines).encode()


@pytest.mark.parametrize(("name", "shown"), [
    ("../../etc/passwd.csv", "passwd.csv"),
    ("..\\..\\x.csv", "x.csv"),
    ("C:\\Users\\me\\events.csv", "events.csv"),
    ("a\x00b.csv", "a_b.csv"),
    ("evil\n.csv", "evil_.csv"),
    ("evil\r\nnext: line.csv", "evil__next_ line.csv"),
    ("\u202egnp.csv", "_gnp.csv"),
    ("..", "upload.csv"),
    ("", "upload.csv"),
    ("/", "upload.csv"),
    ("событие.csv", "событие.csv"),
    ("x" * 300 + ".csv", "x" * 80),
])
def test_the_upload_name_is_only_shown_and_shown_safely(shipped_data_copy, tmp_path, name, shown):
    before = snapshot(tmp_path)
    plan = plan_update(shipped_data_copy, "events", fixture_bytes("unknown_source.csv"), name)
    assert plan.upload_name == shown
    assert str(plan.issues[0]).startswith(f"{shown}:2: column 'source_id': ")
    assert snapshot(tmp_path) == before  # nothing created or changed anywhere, in or outside the data folder


# --- plan, preview, apply -----------------------------------------------------------------------------------

@pytest.fixture
def edited_events(shipped_data_copy: Path) -> tuple[Path, bytes, list[list[str]]]:
    """The shipped events with row 1 retitled and redated, row 2 dropped and a new row at the end (CRLF, BOM)."""
    rows = rows_of(shipped_data_copy / "events.csv")
    header = rows[0]
    rows[1][header.index("title")] = "Partial mobilisation announced (edited)"
    rows[1][header.index("date_end")] = "2022-09-22"
    removed = rows.pop(2)
    rows.append(NEW_EVENT.split(","))
    return shipped_data_copy, b"\xef\xbb\xbf" + csv_bytes(rows, "\r\n"), [removed]


def test_the_preview_lists_rows_added_removed_and_changed_side_by_side(edited_events):
    data, upload, removed = edited_events
    plan = plan_update(data, "events", upload, "events.csv")
    assert plan.ok, [str(i) for i in plan.issues]
    assert plan.diff.counts == {"added": 1, "changed": 1, "removed": 1}
    assert plan.diff.describe() == "1 added, 1 changed, 1 removed"
    changes = updates.changes_frame(plan.diff)
    assert list(changes.columns) == ["id", "column", "before", "after"]
    assert changes.to_dict("records") == [
        {"id": FIRST_EVENT, "column": "date_end", "before": "", "after": "2022-09-22"},
        {"id": FIRST_EVENT, "column": "title", "before": "Partial mobilisation announced",
         "after": "Partial mobilisation announced (edited)"},
    ]
    assert updates.added_frame(plan.diff)["event_id"].tolist() == ["ev-2030-01-01-test"]
    assert updates.removed_frame(plan.diff).iloc[0].tolist() == removed[0]
    assert list(updates.removed_frame(plan.diff).columns) == list(TABLES["events"].column_names)


def removed_id(plan) -> str:
    return str(updates.removed_frame(plan.diff).iloc[0]["event_id"])


def test_a_replacement_writes_the_upload_as_utf8_keeps_history_and_logs(edited_events):
    data, upload, _ = edited_events
    target = data / "events.csv"
    old = target.read_bytes()
    mode = os.stat(target).st_mode
    plan = plan_update(data, "events", upload, "events.csv")
    assert plan.base_sha256 == hashlib.sha256(old).hexdigest()
    assert plan.new_bytes == upload.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    kept = apply_update(plan, data, note="Fixed the mobilisation dates", now=NOW)
    assert kept == data / "history" / "events-20240102T030405000006.csv"
    assert kept.read_bytes() == old
    assert target.read_bytes() == plan.new_bytes
    assert os.stat(target).st_mode == mode  # still readable by the dashboard's user
    # One line per row: its kind of change, the note as the reason, its id and its source.
    note = "Fixed the mobilisation dates"
    assert changelog(data) == [list(updates.CHANGELOG_COLUMNS),
                               ["2024-01-02T03:04:05", "events", "1", "0", "0", note, "ev-2030-01-01-test", "zona-2023-09-21"],
                               ["2024-01-02T03:04:05", "events", "0", "1", "0", note, FIRST_EVENT, changelog(data)[2][7]],
                               ["2024-01-02T03:04:05", "events", "0", "0", "1", note, removed_id(plan), changelog(data)[3][7]]]
    assert all(line[7] for line in changelog(data)[1:])  # every line names the row's source


def test_every_previous_version_is_kept(shipped_data_copy):
    target = shipped_data_copy / "events.csv"
    versions = [target.read_bytes()]
    for title in ("First edit", "Second edit", "Third edit"):
        rows = rows_of(target)
        rows[1][4] = title
        plan = plan_update(shipped_data_copy, "events", csv_bytes(rows), "e.csv")
        apply_update(plan, shipped_data_copy, now=NOW)  # the same instant each time: names must not collide
        versions.append(target.read_bytes())
    kept = sorted((shipped_data_copy / "history").iterdir())
    assert [p.name for p in kept] == ["events-20240102T030405000006-2.csv", "events-20240102T030405000006-3.csv",
                                      "events-20240102T030405000006.csv"]
    assert {p.read_bytes() for p in kept} == set(versions[:3])
    assert len(changelog(shipped_data_copy)) == 4


def test_an_append_keeps_the_current_bytes_and_adds_the_upload_rows(shipped_data_copy):
    target = shipped_data_copy / "events.csv"
    current = target.read_bytes().rstrip(b"\n").replace(b"\n", b"\r\n")  # CRLF and no final line break
    target.write_bytes(current)
    upload = f"\ufeff{EVENTS_HEADER}\r\n\r\n{NEW_EVENT}\r\n".encode()
    plan = plan_update(shipped_data_copy, "events", upload, "more.csv", append=True)
    assert plan.ok, [str(i) for i in plan.issues]
    assert plan.new_bytes == current + b"\r\n" + NEW_EVENT.encode() + b"\r\n"
    assert plan.diff.counts == {"added": 1, "changed": 0, "removed": 0}
    assert apply_update(plan, shipped_data_copy, now=NOW).read_bytes() == current


def test_an_append_names_the_upload_line_and_the_existing_line_of_a_repeated_id(shipped_data_copy):
    upload = f"{EVENTS_HEADER}\n{NEW_EVENT}\n{FIRST_EVENT},2022-09-21,,day,Again,Снова,other,Dup.,Дубль.,zona-2023-09-21\n"
    plan = plan_update(shipped_data_copy, "events", upload.encode(), "more.csv", append=True)
    assert [str(i) for i in plan.issues] == [
        f"more.csv:3: column 'event_id': found '{FIRST_EVENT}', which {shipped_data_copy / 'events.csv'} already "
        "has on line 2, expected a new id (import without --append to change a row)"]


def test_an_append_to_a_table_that_is_not_there_is_refused(shipped_data_copy):
    (shipped_data_copy / "events.csv").unlink()
    plan = plan_update(shipped_data_copy, "events", f"{EVENTS_HEADER}\n{NEW_EVENT}\n".encode(), "e.csv", append=True)
    assert "to append to" in plan.issues[0].found


def test_a_new_table_has_no_previous_version(shipped_data_copy):
    (shipped_data_copy / "events.csv").unlink()
    plan = plan_update(shipped_data_copy, "events", f"{EVENTS_HEADER}\n{NEW_EVENT}\n".encode(), "e.csv")
    assert plan.base_sha256 is None and plan.diff.counts == {"added": 1, "changed": 0, "removed": 0}
    assert apply_update(plan, shipped_data_copy, now=NOW) is None
    assert not list((shipped_data_copy / "history").iterdir())  # nothing kept (the journal is settled)
    assert (shipped_data_copy / "events.csv").read_bytes() == plan.new_bytes


def test_new_sources_must_keep_every_source_the_other_tables_cite(shipped_data_copy):
    rows = rows_of(shipped_data_copy / "sources.csv")
    dropped = "zona-2023-09-21"
    kept_rows = [r for r in rows if r[0] != dropped]
    lines, events, _ = split_records((shipped_data_copy / "events.csv").read_text(encoding="utf-8"), "")
    citing = [line for line, row in zip(lines[1:], events[1:]) if row[-1] == dropped]
    assert citing
    before = snapshot(shipped_data_copy)
    plan = plan_update(shipped_data_copy, "sources", csv_bytes(kept_rows), "sources.csv")
    events_path = str(shipped_data_copy / "events.csv")
    found = [(i.line, i.column) for i in plan.issues if i.path == events_path]
    assert found == [(n, "source_id") for n in citing]
    assert f"'{dropped}', which the new sources (sources.csv) no longer list" in plan.issues[0].found
    assert snapshot(shipped_data_copy) == before
    keep_all = plan_update(shipped_data_copy, "sources", csv_bytes(rows), "sources.csv")
    assert keep_all.ok and keep_all.unchanged
    assert {name for name, _ in keep_all.checked_against} == set(TABLES) - {"sources"}


def test_a_data_table_is_checked_against_the_current_sources(shipped_data_copy):
    (shipped_data_copy / "sources.csv").write_text("source_id\n", encoding="utf-8")
    plan = plan_update(shipped_data_copy, "events", f"{EVENTS_HEADER}\n{NEW_EVENT}\n".encode(), "e.csv")
    assert [(i.path, i.line, i.column) for i in plan.issues] == [("e.csv", 1, "source_id")]
    assert "does not load" in plan.issues[0].found


def test_an_unknown_table_is_an_issue_not_an_exception(shipped_data_copy):
    plan = plan_update(shipped_data_copy, "../sources", b"x\n1\n", "x.csv")
    assert str(plan.issues[0]).startswith("x.csv:1: found the table name '../sources', expected one of sources, ")


def test_the_changelog_note_cannot_run_as_a_formula(shipped_data_copy):
    notes = ['=HYPERLINK("http://evil")', "+1", "-1", "@SUM(A1)", "\tTAB", "\rCR", 'plain, with "quotes"\nand a line']
    rows = rows_of(shipped_data_copy / "events.csv")
    for n, note in enumerate(notes):
        rows[1][4] = f"Edit {n}"
        apply_update(plan_update(shipped_data_copy, "events", csv_bytes(rows), "e.csv"), shipped_data_copy, note)
    logged = [row[updates.CHANGELOG_COLUMNS.index("note")] for row in changelog(shipped_data_copy)[1:]]
    assert logged == ["'" + note for note in notes[:5]] + ["'\nCR", notes[6]]


def test_a_changelog_without_a_final_line_break_is_continued_on_a_new_line(shipped_data_copy):
    (shipped_data_copy / updates.CHANGELOG).write_text("time,table,rows_added,rows_changed,rows_removed,note",
                                                       encoding="utf-8")
    rows = rows_of(shipped_data_copy / "events.csv")
    rows[1][4] = "Edited"
    apply_update(plan_update(shipped_data_copy, "events", csv_bytes(rows), "e.csv"), shipped_data_copy, now=NOW)
    assert changelog(shipped_data_copy)[1] == ["2024-01-02T03:04:05", "events", "0", "1", "0", ""]


def test_a_crash_while_replacing_leaves_the_old_file_and_no_temporary_file(shipped_data_copy, monkeypatch):
    target = shipped_data_copy / "events.csv"
    old = target.read_bytes()
    rows = rows_of(target)
    rows[1][4] = "Never written"
    plan = plan_update(shipped_data_copy, "events", csv_bytes(rows), "e.csv")
    real_replace = os.replace

    def crash(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise OSError("simulated crash")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        apply_update(plan, shipped_data_copy, now=NOW)
    assert target.read_bytes() == old
    assert not [p for p in shipped_data_copy.rglob("*.tmp")]
    assert not (shipped_data_copy / updates.CHANGELOG).exists()
    monkeypatch.setattr(os, "replace", real_replace)
    apply_update(plan, shipped_data_copy, now=NOW)  # the plan still applies: the table did not change
    assert target.read_bytes() == plan.new_bytes


APPENDS = {
    "a.csv": f"{EVENTS_HEADER}\n{NEW_EVENT}\n".encode(),
    "b.csv": f"{EVENTS_HEADER}\n{NEW_EVENT.replace('ev-2030-01-01', 'ev-2030-02-02')}\n".encode(),
}


def _two_appends(data: Path) -> list[updates.UpdatePlan]:
    """Two maintainers each append a different row to the same version of events.csv."""
    return [plan_update(data, "events", upload, name, append=True) for name, upload in APPENDS.items()]


@pytest.fixture
def slow_writes(monkeypatch):
    """Widen the window between the check and the write, so two writers would both pass a check without a lock."""
    real = updates.write_atomic

    def slow(path, data):
        time.sleep(0.3)
        real(path, data)

    monkeypatch.setattr(updates, "write_atomic", slow)


def _assert_one_won(data: Path, plans, outcomes: list[str]) -> None:
    assert sorted(outcomes) == ["ConcurrentChange", "ok"], outcomes
    winner = plans[outcomes.index("ok")]
    loser = plans[outcomes.index("ConcurrentChange")]
    target = data / "events.csv"
    assert target.read_bytes() == winner.new_bytes
    assert parse_table(target.read_bytes(), TABLES["events"], "events.csv").ok
    assert len(list((data / "history").iterdir())) == 1
    assert len(changelog(data)) == 2
    # The loser was told, not overwritten: planned again on the new version, both rows are kept.
    apply_update(plan_update(data, "events", APPENDS[loser.upload_name], loser.upload_name, append=True), data)
    ids = set(parse_table(target.read_bytes(), TABLES["events"], "events.csv").frame["event_id"])
    assert {"ev-2030-01-01-test", "ev-2030-02-02-test"} <= ids


def test_two_threads_applying_plans_from_the_same_version_one_wins(shipped_data_copy, slow_writes):
    plans = _two_appends(shipped_data_copy)
    outcomes: list[str] = [""] * 2
    barrier = threading.Barrier(2)

    def write(n: int) -> None:
        barrier.wait()
        try:
            apply_update(plans[n], shipped_data_copy)
            outcomes[n] = "ok"
        except ConcurrentChange:
            outcomes[n] = "ConcurrentChange"

    threads = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    _assert_one_won(shipped_data_copy, plans, outcomes)


def _apply_in_child(plan, data, barrier, results) -> None:
    barrier.wait()
    try:
        apply_update(plan, data)
        results.put((plan.upload_name, "ok"))
    except ConcurrentChange:
        results.put((plan.upload_name, "ConcurrentChange"))


def test_two_processes_applying_plans_from_the_same_version_one_wins(shipped_data_copy, slow_writes):
    plans = _two_appends(shipped_data_copy)
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    processes = [context.Process(target=_apply_in_child, args=(plan, shipped_data_copy, barrier, results))
                 for plan in plans]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    by_name = dict(results.get(timeout=5) for _ in plans)
    _assert_one_won(shipped_data_copy, plans, [by_name[p.upload_name] for p in plans])


def test_a_change_to_the_sources_the_plan_was_checked_against_stops_it(shipped_data_copy):
    plan = plan_update(shipped_data_copy, "events", f"{EVENTS_HEADER}\n{NEW_EVENT}\n".encode(), "e.csv")
    sources = shipped_data_copy / "sources.csv"
    sources.write_bytes(sources.read_bytes() + b"\n")
    before = snapshot(shipped_data_copy)
    with pytest.raises(ConcurrentChange, match="sources.csv, which the update was checked against, changed"):
        apply_update(plan, shipped_data_copy)
    after = {k: v for k, v in snapshot(shipped_data_copy).items() if not k.startswith(updates.LOCKS_DIR)}
    assert after == before


def test_a_change_to_the_table_itself_stops_the_plan_with_a_message_to_reload(shipped_data_copy):
    plan = plan_update(shipped_data_copy, "events", f"{EVENTS_HEADER}\n{NEW_EVENT}\n".encode(), "e.csv")
    (shipped_data_copy / "events.csv").write_bytes((shipped_data_copy / "events.csv").read_bytes() + b"\n")
    with pytest.raises(ConcurrentChange, match="the table changed since you previewed it; reload and try again"):
        apply_update(plan, shipped_data_copy)


@pytest.mark.parametrize(("env", "enabled"), [
    ({}, False), ({"DESERTION_EDITING": ""}, False), ({"DESERTION_EDITING": "0"}, False),
    ({"DESERTION_EDITING": "no"}, False), ({"DESERTION_EDITING": "on"}, False),
    ({"DESERTION_EDITING": "1"}, True), ({"DESERTION_EDITING": "true"}, True), ({"DESERTION_EDITING": "TRUE"}, True),
    ({"DESERTION_EDITING": " Yes "}, True),
])
def test_editing_is_off_unless_the_environment_turns_it_on(env, enabled):
    assert updates.EDITING_ENV == "DESERTION_EDITING"
    assert updates.editing_enabled(env) is enabled


def test_editing_reads_the_process_environment_by_default(monkeypatch):
    monkeypatch.delenv("DESERTION_EDITING", raising=False)
    assert not updates.editing_enabled()
    monkeypatch.setenv("DESERTION_EDITING", "yes")
    assert updates.editing_enabled()


# --- the command line ---------------------------------------------------------------------------------------

def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "desertion", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)


def test_cli_import_writes_and_prints_one_summary_line(edited_events, tmp_path):
    data, upload, _ = edited_events
    (tmp_path / "events_new.csv").write_bytes(upload)
    result = run("import", "events_new.csv", "--table", "events", "--note", "=cmd", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(r"data/events\.csv: 1 added, 1 changed, 1 removed; previous version kept in "
                        r"data/history/events-\d{8}T\d{12}\.csv\n", result.stdout), result.stdout
    assert [line[1:6] for line in changelog(data)[1:]] == [["events", "1", "0", "0", "'=cmd"],
                                                           ["events", "0", "1", "0", "'=cmd"],
                                                           ["events", "0", "0", "1", "'=cmd"]]
    again = run("import", "events_new.csv", "--table", "events", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "data/events.csv: identical to events_new.csv; nothing written\n"


def test_cli_import_rejects_with_every_problem_and_changes_nothing(shipped_data_copy, tmp_path):
    upload = f"{EVENTS_HEADER}\n{NEW_EVENT.replace('2023-01-10', '10.01.2023')}\n{NEW_EVENT}\nbad,row\n"
    (tmp_path / "bad.csv").write_text(upload, encoding="utf-8")
    before = snapshot(shipped_data_copy)
    result = run("import", "bad.csv", "--table", "events", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "bad.csv:2: column 'date_start': found '10.01.2023', expected an ISO date YYYY-MM-DD",
        "bad.csv:3: column 'event_id': found 'ev-2030-01-01-test' again (first on line 2), expected a unique id",
        "bad.csv:4: found 2 cells, expected 10 cells, one per column of the header",
        "3 problem(s); data/events.csv was not changed",
    ]
    assert snapshot(shipped_data_copy) == before


@pytest.mark.parametrize(("args", "message"), [
    (["import", "missing.csv", "--table", "events"], "missing.csv: no such file"),
    (["import", "data", "--table", "events"], "data: is a folder, not a CSV file"),
    (["import", "data/events.csv", "--table", "nope"], "argument --table: invalid choice: 'nope'"),
    (["import", "data/events.csv"], "the following arguments are required: --table"),
    (["import", "data/events.csv", "--table", "events", "--data-dir", "nowhere"], "--data-dir nowhere: not a folder"),
])
def test_cli_import_bad_arguments_are_one_line_and_exit_2(shipped_data_copy, tmp_path, monkeypatch, capsys, args,
                                                          message):
    monkeypatch.chdir(tmp_path)
    before = snapshot(shipped_data_copy)
    assert cli.main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("python -m desertion: error: ")
    assert message in captured.err
    assert snapshot(shipped_data_copy) == before


def test_cli_import_bad_arguments_exit_2_as_a_process(tmp_path):
    result = run("import", "missing.csv", "--table", "events", "--data-dir", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "python -m desertion: error: missing.csv: no such file\n"


@pytest.mark.parametrize("name", CLI_SAMPLE)
def test_cli_import_of_a_hostile_file_exits_1_and_touches_nothing(shipped_data_copy, tmp_path, monkeypatch, capsys,
                                                                  name):
    case = next(c for c in REJECTED if c[0] == name)
    upload = tmp_path / upload_name(name)
    upload.write_bytes(fixture_bytes(name))
    before = snapshot(shipped_data_copy)
    monkeypatch.chdir(tmp_path)
    args = ["import", upload.name, "--table", case[1]] + (["--append"] if case[2] else [])
    assert cli.main(args) == 1
    lines = capsys.readouterr().out.splitlines()
    plan = plan_update(shipped_data_copy, case[1], fixture_bytes(name), upload.name, append=case[2])
    target = f"data/{TABLES[case[1]].file_name}"
    assert lines == [str(i) for i in plan.issues] + [f"{len(plan.issues)} problem(s); {target} was not changed"]
    assert snapshot(shipped_data_copy) == before
    assert not (shipped_data_copy / updates.LOCKS_DIR).exists()


def test_the_side_by_side_frame_of_an_empty_diff_has_its_columns():
    frame = updates.changes_frame(updates.UpdateDiff("event_id"))
    assert list(frame.columns) == ["id", "column", "before", "after"] and frame.empty
    assert isinstance(frame, pd.DataFrame)


# --- a write killed between its steps ------------------------------------------------------------------------

class SimulatedKill(BaseException):
    """Stands for kill -9: not an Exception, so no `except Exception` can tidy up after it."""


# Each step of apply_update, in order, by the module attribute that performs it and which call of it to stop at.
KILL_POINTS = {
    "keeping the previous version": (updates, "_keep_version", 1),
    "writing the journal": (changelog_module, "write_journal", 1),
    "replacing the table": (updates, "write_atomic", 2),  # after the history copy (changelog writes the journal)
    "appending the change-log line": (changelog_module, "_append_log", 1),
    "removing the journal": (changelog_module, "settle_journal", 1),
}


def _edited_plan(data: Path, title: str) -> updates.UpdatePlan:
    rows = rows_of(data / "events.csv")
    rows[1][4] = title
    return plan_update(data, "events", csv_bytes(rows), "e.csv")


def _assert_log_matches_table(data: Path, before: bytes, plan: updates.UpdatePlan) -> None:
    """The table is old without a log line, or new with exactly one."""
    current = (data / "events.csv").read_bytes()
    logged = changelog(data)[1:] if (data / updates.CHANGELOG).exists() else []
    assert current in (before, plan.new_bytes)
    assert len(logged) == (1 if current == plan.new_bytes else 0), logged
    assert not list(data.rglob("*.tmp")) and not list(data.rglob(f"*{updates.JOURNAL_SUFFIX}"))


@pytest.mark.parametrize("step", KILL_POINTS)
def test_a_write_killed_at_any_step_leaves_the_table_and_its_log_line_together(shipped_data_copy, monkeypatch,
                                                                             step):
    data = shipped_data_copy
    before = (data / "events.csv").read_bytes()
    plan = _edited_plan(data, "Killed")
    module, name, at_call = KILL_POINTS[step]
    real = getattr(module, name)
    calls = []

    def killed(*args, **kwargs):
        calls.append(name)
        if len(calls) == at_call:
            raise SimulatedKill(step)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, killed)
    with pytest.raises(SimulatedKill):
        apply_update(plan, data, now=NOW)
    monkeypatch.setattr(module, name, real)
    updates.reconcile(data)  # what the next read of the change log does
    _assert_log_matches_table(data, before, plan)
    # and the next write settles it too, then logs its own change
    if (data / "events.csv").read_bytes() == before:
        apply_update(plan, data, now=NOW)
        _assert_log_matches_table(data, before, plan)
    second = _edited_plan(data, "After the kill")
    apply_update(second, data, now=NOW)
    assert len(changelog(data)) == 3 and (data / "events.csv").read_bytes() == second.new_bytes


def test_a_kill_after_the_log_line_and_before_the_journal_is_removed_logs_once(shipped_data_copy, monkeypatch):
    data = shipped_data_copy
    before = (data / "events.csv").read_bytes()
    plan = _edited_plan(data, "Logged, journal kept")
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: None)  # the journal survives
    apply_update(plan, data, now=NOW)
    monkeypatch.undo()
    assert list(data.rglob(f"*{updates.JOURNAL_SUFFIX}"))
    updates.reconcile(data)
    _assert_log_matches_table(data, before, plan)


def test_temporary_files_of_killed_writes_go_with_the_next_write_and_git_ignores_them(shipped_data_copy):
    data = shipped_data_copy
    leftovers = [data / ".events.csv.k1ll3d.tmp", data / "history" / ".events-20240102T030405000000.csv.x.tmp",
                 data / "history" / ".events-20240102T030405000000.changelog.y.tmp"]
    (data / "history").mkdir()
    for path in leftovers:
        path.write_bytes(b"half a tab")
    other = data / ".quotes.csv.k1ll3d.tmp"  # another table's: its own next write removes it
    other.write_bytes(b"x")
    apply_update(_edited_plan(data, "Next write"), data, now=NOW)
    assert not any(p.exists() for p in leftovers) and other.exists()
    updates.reconcile(data)
    assert not other.exists()
    names = [str(p.relative_to(data.parent)) for p in leftovers] + ["data/history/events-20240102T030405.changelog"]
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=REPO, capture_output=True, text=True)
    assert len(ignored.stdout.splitlines()) == 4, ignored.stdout + ignored.stderr
