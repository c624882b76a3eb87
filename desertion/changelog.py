"""The change log, data/changelog.csv: one line per update of a table (or per row), kept atomic with the table.

A write (`updates.apply_update`) records its line first in a journal, `history/<table>-<time>.changelog`, with
the hash of the table it is about to write (`write_journal`); then it replaces the table, then settles the
journal (`settle_journal`): the line goes into changelog.csv if the table holds those bytes, and is dropped if
it does not. A write killed at any point leaves a journal that the next write of the table (or
`updates.reconcile`) settles the same way, so the log never names a change the table does not hold.

The rest reads the log back (`read_changelog`, `latest_update`) and writes the row-by-row lines a data revision
is logged with (`changelog_rows`, `write_changelog_lines`).
"""

from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import pandas as pd

from desertion.diffs import _rows_by_id, diff_tables
from desertion.files import locked, neutralise_cell, read_if_exists, sha256, write_atomic
from desertion.provenance import split_refs
from desertion.schema import TABLES, TableSchema

HISTORY_DIR = "history"
CHANGELOG = "changelog.csv"
# One line per update of a table (row_id empty), or one line per row when an update is logged row by row.
# A log started before row_id and source_id existed keeps its six columns (see `write_changelog_lines`).
CHANGELOG_COLUMNS = ("time", "table", "rows_added", "rows_changed", "rows_removed", "note", "row_id", "source_id")
CHANGE_KINDS = ("added", "changed", "removed")
CHANGELOG_LOCK = "changelog"
JOURNAL_SUFFIX = ".changelog"


def journals(data_dir: Path, table: str) -> list[Path]:
    """The journals of a table that no write has settled yet, oldest first."""
    return sorted((data_dir / HISTORY_DIR).glob(f"{table}-*{JOURNAL_SUFFIX}"))


def write_journal(data_dir: Path, table: str, new_bytes: bytes, counts: Mapping[str, int], note: str,
                  now: datetime, old_bytes: bytes | None = None) -> Path:
    """Record the change-log lines, and the hash of the table they describe, before the table is replaced.

    One line per row added, changed or removed (its id and source, the note as the reason), so the Overview can
    say what changed row by row; a whole-table line when no row differs or a table cannot be read as text."""
    folder = data_dir / HISTORY_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{table}-{now:%Y%m%dT%H%M%S%f}{JOURNAL_SUFFIX}"
    try:
        rows = changelog_rows(TABLES[table], old_bytes.decode("utf-8-sig") if old_bytes is not None else None,
                              new_bytes.decode("utf-8-sig"), defaultdict(lambda: note),
                              now.isoformat(timespec="seconds"))
    except (KeyError, UnicodeDecodeError, ValueError):
        rows = []
    lines = "".join(_csv_line(r) for r in rows) if rows else _log_line(table, counts, note, now)
    write_atomic(path, f"{sha256(new_bytes)}\n{lines}".encode())
    return path


def settle_journal(data_dir: Path, journal: Path, target: Path, fresh: bool = False) -> None:
    """Append a journal's line to changelog.csv if the table holds the bytes it describes, then remove the
    journal. A journal left by a killed write (`fresh` false) is skipped if its line is already logged: the
    write was killed after appending. (Two identical lines, same second, table, counts and note, where the
    first write was killed just then, would be logged once.) Call it under the table's lock."""
    try:
        digest, line = journal.read_text(encoding="utf-8").split("\n", 1)
    except (OSError, UnicodeDecodeError, ValueError):  # a journal cut short: its write never reached the table
        journal.unlink(missing_ok=True)
        return
    if digest == sha256(read_if_exists(target)) and (fresh or line not in _read_text(data_dir / CHANGELOG)):
        _append_log(data_dir, line)
    journal.unlink(missing_ok=True)


def _read_text(path: Path) -> str:
    raw = read_if_exists(path)
    return raw.decode("utf-8", errors="replace") if raw is not None else ""


def _log_line(table: str, counts: Mapping[str, int], note: str, now: datetime) -> str:
    """The changelog.csv line for a change; the note is neutralised for spreadsheets.

    Line breaks in the note become '\\n' (the csv module quotes a cell with '\\n' but not one with a lone '\\r').
    """
    return _csv_line([now.isoformat(timespec="seconds"), table, counts["added"], counts["changed"],
                      counts["removed"], _log_note(note), "", ""])


def _log_note(note: str) -> str:
    return str(neutralise_cell(note)).replace("\r\n", "\n").replace("\r", "\n")


def _append_log(data_dir: Path, line: str) -> None:
    """Add one journalled line (a whole CSV line, cells in CHANGELOG_COLUMNS order) to changelog.csv."""
    write_changelog_lines(data_dir, list(csv.reader(io.StringIO(line))))


def write_changelog_lines(data_dir: Path, rows: Sequence[Sequence[object]]) -> None:
    """Append lines (cells in CHANGELOG_COLUMNS order) to changelog.csv under its lock, creating it with a header.

    A log whose header is the older six columns gets six cells per line, so it stays one valid CSV.
    """
    with locked(data_dir, [CHANGELOG_LOCK]), open(data_dir / CHANGELOG, "a+b") as out:
        size = os.fstat(out.fileno()).st_size
        width = len(CHANGELOG_COLUMNS)
        prefix = ""
        if size == 0:
            prefix = _csv_line(CHANGELOG_COLUMNS)
        else:
            header = os.pread(out.fileno(), 4096, 0).decode("utf-8", "replace").splitlines()[0]
            width = len(next(csv.reader([header])))
            if os.pread(out.fileno(), 1, size - 1) not in (b"\n", b"\r"):  # hand-edited, no final line break
                prefix = "\n"
        line = prefix + "".join(_csv_line(list(cells)[:width]) for cells in rows)
        out.write(line.encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())


def changelog_rows(schema: TableSchema, old_text: str | None, new_text: str, notes: Mapping[str, str],
                   time: str) -> list[list[str]]:
    """One change-log line per row an update adds, changes or removes, with the row's source and its note.

    `notes` gives, for each row id, why it changed; a row without a note raises KeyError, so no change goes
    unexplained. The source is the new row's (the old row's for a removal); several are joined with ';'.
    """
    diff = diff_tables(schema, old_text, new_text)
    new_rows, old_rows = _rows_by_id(new_text, schema), _rows_by_id(old_text, schema)
    ref_columns = [c.name for c in schema.columns if c.kind in ("source_ref", "source_refs")] or [schema.id_column]

    def line(kind: str, row_id: str, row: dict[str, str]) -> list[str]:
        refs = ";".join(ref for column in ref_columns for ref in split_refs(row.get(column, "")))
        counts = ["1" if kind == k else "0" for k in CHANGE_KINDS]
        return [time, schema.name, *counts, _log_note(notes[row_id]), row_id, refs]

    id_index = diff.columns.index(schema.id_column)
    return ([line("added", cells[id_index], new_rows[cells[id_index]]) for cells in diff.added]
            + [line("changed", change.id, new_rows[change.id]) for change in diff.changed]
            + [line("removed", cells[id_index], old_rows[cells[id_index]]) for cells in diff.removed])


def read_changelog(path: Path) -> pd.DataFrame:
    """changelog.csv as text columns, in CHANGELOG_COLUMNS (row_id and source_id empty in an older log).

    Raises OSError or ValueError for a file that cannot be read as a CSV; a missing file gives an empty frame.
    """
    if not Path(path).exists():
        return pd.DataFrame(columns=list(CHANGELOG_COLUMNS), dtype="string")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in CHANGELOG_COLUMNS:
        if column not in frame:
            frame[column] = ""
    return frame[list(CHANGELOG_COLUMNS)].astype("string")


def latest_update(log: pd.DataFrame) -> pd.DataFrame:
    """The lines of the latest update (the latest time in the log), each with what it did to its table.

    Columns: time, table, change ('added', 'changed', 'removed' for a row; '2 added, 1 changed, 0 removed'
    for a whole-table line), row_id, source_id, note. Empty when the log is.
    """
    columns = ["time", "table", "change", "row_id", "source_id", "note"]
    if log.empty:
        return pd.DataFrame(columns=columns, dtype="string")
    times = pd.to_datetime(log["time"], errors="coerce", utc=True)
    latest = log[times == times.max()]

    def change(row: pd.Series) -> str:
        counts = {k: row[f"rows_{k}"] for k in CHANGE_KINDS}
        if row["row_id"]:
            return next((k for k, n in counts.items() if n not in ("", "0")), "changed")
        return ", ".join(f"{n} {k}" for k, n in counts.items())

    return latest.assign(change=latest.apply(change, axis=1).astype("string"))[columns].reset_index(drop=True)


def _csv_line(cells: Sequence[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()
