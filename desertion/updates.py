"""Replace or extend a data table from an uploaded CSV: validate, preview the change, then write it safely.

One code path for the command line (`python -m desertion import`) and the dashboard's Data page:

1. `plan_update` validates the upload with the same schema and loader as the dashboard, against the data
   folder as it is now, and works out what would change (rows added, removed and changed, by id). It reads
   but never writes, and never raises for bad content: every problem comes back as a `DataIssue`.
2. `apply_update` writes a plan that has no issues. Under a file lock, and only if the table (and every
   table the plan was checked against) is still byte-for-byte what was previewed, it keeps the previous
   version in `history/`, replaces the file atomically and adds a line to `changelog.csv`.

The change-log line and the table replace are atomic together through a journal: before the table is
replaced, its log line is written to `history/<table>-<time>.changelog` with the hash of the new table. A
write killed at any point leaves a journal that the next write (or `reconcile`) settles: the line goes into
`changelog.csv` if the table holds the new bytes, and is dropped if it does not. Temporary files left by a
killed write are removed by the next write of the same table.

The upload's file name is only ever shown (sanitised), never used as a path. The size and line limits
keep a hostile upload from costing more than a fraction of a second to reject.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import os
import re
import stat

import pandas as pd
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desertion.files import neutralise_cell, shown_path, write_atomic
from desertion.diffs import _rows_by_id
from desertion.diffs import (  # noqa: F401  (the diff's types and frames are re-exported)
    CHANGES_COLUMNS, CellChange, RowChange, UpdateDiff, CsvRecords, read_records, added_frame, changes_frame, diff_tables,
    removed_frame,
)
from desertion.loading import DataIssue, decode, parse_table, show, visible
from desertion.provenance import split_refs
from desertion.schema import TABLES, TableSchema

# The dashboard server refuses larger uploads too (server.maxUploadSize in .streamlit/config.toml).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The tables hold hundreds of rows; a file of 2.5 million one-cell lines fits in 5 MB and would otherwise
# cost seconds and a gigabyte to report line by line.
MAX_UPLOAD_LINES = 20_000
EDITING_ENV = "DESERTION_EDITING"
EDITING_ON = ("1", "true", "yes")
HISTORY_DIR = "history"
LOCKS_DIR = ".locks"
CHANGELOG = "changelog.csv"
# One line per update of a table (row_id empty), or one line per row when an update is logged row by row.
# A log started before row_id and source_id existed keeps its six columns (see `_log_change`).
CHANGELOG_COLUMNS = ("time", "table", "rows_added", "rows_changed", "rows_removed", "note", "row_id", "source_id")
CHANGE_KINDS = ("added", "changed", "removed")
CHANGELOG_LOCK = "changelog"
DEFAULT_UPLOAD_NAME = "upload.csv"
UPLOAD_NAME_MAX = 80
NEW_FILE_MODE = 0o644
JOURNAL_SUFFIX = ".changelog"


class ConcurrentChange(RuntimeError):
    """The table, or a table the plan was checked against, changed between the preview and the write."""


@dataclass(frozen=True)
class UpdatePlan:
    """A previewed update: the bytes that would be written, the problems that stop it, and the diff.

    `base_sha256` is the hash of the table file the plan was computed from (None when there was no file);
    `checked_against` holds (table, sha256 or None) for the other tables the validation read (sources.csv
    for a data table; every other table for a new sources.csv). `apply_update` refuses if any of them
    changed since. For a plan with issues, `new_bytes` is empty and the diff is empty.
    """

    table: str
    upload_name: str
    append: bool
    issues: tuple[DataIssue, ...]
    new_bytes: bytes
    base_sha256: str | None
    diff: UpdateDiff
    checked_against: tuple[tuple[str, str | None], ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def unchanged(self) -> bool:
        """True when writing the plan would leave the table file exactly as it is."""
        return self.ok and self.base_sha256 == sha256(self.new_bytes)


def editing_enabled(env: Mapping[str, str] = os.environ) -> bool:
    """Whether the dashboard may change data files: only when DESERTION_EDITING is 1, true or yes.

    Off by default, so a public deployment is read-only unless its operator turns editing on.
    """
    return env.get(EDITING_ENV, "").strip().lower() in EDITING_ON


def sanitise_upload_name(name: str) -> str:
    """The upload's name made safe to show: the base name only (no folders, either slash), letters, digits,
    '.', '_', '-' and spaces, at most 80 characters. Anything else (NUL, line breaks, direction overrides,
    ':') becomes '_'. The result is for messages only; it is never used to open or create a file."""
    base = re.split(r"[/\\]", str(name))[-1]
    cleaned = "".join(c if c.isprintable() and (c.isalnum() or c in "._- ") else "_" for c in base)
    cleaned = cleaned.strip(" .")[:UPLOAD_NAME_MAX]
    return cleaned or DEFAULT_UPLOAD_NAME


def sha256(data: bytes | None) -> str | None:
    """The hex SHA-256 of a file's bytes, or None for a file that does not exist."""
    return None if data is None else hashlib.sha256(data).hexdigest()


def upload_size_issues(size: int, upload_name: str) -> list[DataIssue]:
    """The upload-limit check on its own, so a caller can refuse a huge file before reading it."""
    if size <= MAX_UPLOAD_BYTES:
        return []
    found = f"a file of {size / 2**20:.1f} MB ({size:,} bytes)"
    expected = f"at most {MAX_UPLOAD_BYTES // 2**20} MB ({MAX_UPLOAD_BYTES:,} bytes), the upload limit"
    return [DataIssue(sanitise_upload_name(upload_name), 1, None, found, expected)]


def plan_update(data_dir: Path, table: str, raw: bytes, upload_name: str, append: bool = False) -> UpdatePlan:
    """Validate an upload as the new content of `table` (or, with append, as rows to add) and preview it.

    Never raises for bad content and never writes. The upload is checked with the table's schema against
    the current sources.csv; a new sources.csv must still list every source the other tables cite (each
    dangling citation is reported at the other table's file and line). With `append`, the upload's header
    must be the table's header and its ids must be new. Issues name the upload (sanitised) and its lines,
    except those that are about another file.
    """
    data_dir = Path(data_dir)
    name = sanitise_upload_name(upload_name)
    schema = TABLES.get(table)
    if schema is None:
        issue = DataIssue(name, 1, None, f"the table name {show(str(table))}", "one of " + ", ".join(TABLES))
        return _rejected(str(table), name, append, None, [issue])
    target = data_dir / schema.file_name
    current = _read(target)
    base = sha256(current)
    issues = upload_size_issues(len(raw), name) or _line_count_issues(raw, name)
    if issues:
        return _rejected(table, name, append, base, issues)
    source_ids, checked, issues = _current_source_ids(data_dir, schema, name)
    if issues:
        return _rejected(table, name, append, base, issues, checked)
    issues = list(parse_table(raw, schema, name, source_ids=source_ids).issues)
    text, _ = decode(raw, name)
    if text is None:  # parse_table has said why
        return _rejected(table, name, append, base, issues, checked)
    if append:
        new_bytes, append_issues = _appended(current, text, schema, target, name)
        issues += append_issues
        if not issues:  # the file as it would be written must load, current rows included
            shown = shown_path(target)
            issues += parse_table(new_bytes, schema, shown, source_ids=source_ids).issues
    else:
        new_bytes = (text if text.endswith("\n") else text + "\n").encode("utf-8")
        if table == "sources":
            dangling, checked = _dangling_citations(data_dir, text, name)
            issues += dangling
    if issues:
        return _rejected(table, name, append, base, issues, checked)
    old_text = decode(current, "")[0] if current is not None else None
    diff = diff_tables(schema, old_text, decode(new_bytes, "")[0] or "")
    return UpdatePlan(table, name, append, (), new_bytes, base, diff, checked)


def _rejected(table: str, name: str, append: bool, base: str | None, issues: Sequence[DataIssue],
              checked: tuple[tuple[str, str | None], ...] = ()) -> UpdatePlan:
    id_column = TABLES[table].id_column if table in TABLES else "id"
    return UpdatePlan(table, name, append, tuple(issues), b"", base, UpdateDiff(id_column), checked)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _line_count_issues(raw: bytes, name: str) -> list[DataIssue]:
    lines = max(raw.count(b"\n"), raw.count(b"\r")) + 1
    if lines <= MAX_UPLOAD_LINES:
        return []
    return [DataIssue(name, 1, None, f"a file of {lines:,} lines",
                      f"at most {MAX_UPLOAD_LINES:,} lines (the tables have hundreds of rows)")]


def _current_source_ids(data_dir: Path, schema: TableSchema, name: str
                        ) -> tuple[set[str] | None, tuple[tuple[str, str | None], ...], list[DataIssue]]:
    """The source ids a data table may cite (None for sources.csv itself), read from the data folder now."""
    if schema.name == "sources":
        return None, (), []
    path = data_dir / TABLES["sources"].file_name
    raw = _read(path)
    checked = (("sources", sha256(raw)),)
    result = parse_table(raw, TABLES["sources"], shown_path(path)) if raw is not None else None
    if result is None or not result.ok or result.frame is None:
        problems = "no such file" if result is None else f"{len(result.issues)} problem(s)"
        found = f"{shown_path(path)} does not load ({problems}; run `python -m desertion check`)"
        return None, checked, [DataIssue(name, 1, "source_id", found, "a valid sources.csv to check sources against")]
    return set(result.frame["source_id"]), checked, []


def _appended(current: bytes | None, upload: str, schema: TableSchema, target: Path,
              name: str) -> tuple[bytes, list[DataIssue]]:
    """The current file's bytes unchanged, then the upload's data lines; or why they cannot be joined."""
    shown = shown_path(target)
    if current is None:
        return b"", [DataIssue(name, 1, None, f"no {shown} to append to",
                               "an existing table (import without --append to create it)")]
    current_text, issues = decode(current, shown)
    if current_text is None:
        return b"", issues
    old, new = read_records(current_text), read_records(upload)
    if old is None or new is None:  # the loader reports an upload without a header; a current one is broken
        return b"", [] if new is None else [DataIssue(shown, 1, None, "no header row", "a header row")]
    if new.header != old.header:
        found = f"the header '{visible(','.join(new.header))}'"
        return b"", [DataIssue(name, 1, None, found, f"the header of {shown}: {','.join(old.header)}")]
    if not new.lines:  # the loader reports an upload without data rows
        return b"", []
    issues = _id_collisions(old, new, schema.id_column, shown, name)
    body = "\n".join(upload.split("\n")[new.lines[0] - 1:]).rstrip("\n") + "\n"
    line_end = b"\r\n" if b"\r\n" in current else b"\n"
    separator = b"" if current.endswith((b"\n", b"\r")) else line_end
    return current + separator + body.encode("utf-8").replace(b"\n", line_end), issues


def _id_collisions(old: CsvRecords, new: CsvRecords, id_column: str, shown: str, name: str) -> list[DataIssue]:
    """Appended rows must bring new ids: one issue per upload row whose id the table already has."""
    position = old.index(id_column)
    if position is None:
        return []
    existing: dict[str, int] = {}
    for line, row in zip(old.lines, old.rows):
        existing.setdefault(row[position].strip(), line)
    issues = []
    for line, row in zip(new.lines, new.rows):
        value = row[position].strip()
        if value and value in existing:
            issues.append(DataIssue(name, line, id_column, f"{show(value)}, which {shown} already has on line "
                                    f"{existing[value]}", "a new id (import without --append to change a row)"))
    return issues


def _dangling_citations(data_dir: Path, sources_text: str, name: str
                        ) -> tuple[list[DataIssue], tuple[tuple[str, str | None], ...]]:
    """Citations in the other current tables of source ids the new sources.csv no longer lists."""
    new = read_records(sources_text)
    position = new.index("source_id") if new else None
    if new is None or position is None:
        return [], ()  # the loader has reported the header
    ids = {row[position].strip() for row in new.rows}
    issues, checked = [], []
    for schema in TABLES.values():
        if schema.name == "sources":
            continue
        path = data_dir / schema.file_name
        raw = _read(path)
        checked.append((schema.name, sha256(raw)))
        text = decode(raw, "")[0] if raw is not None else None
        records = read_records(text) if text is not None else None
        if records is None:
            continue
        for col in schema.columns:
            position = records.index(col.name) if col.kind in ("source_ref", "source_refs") else None
            if position is None:
                continue
            for line, row in zip(records.lines, records.rows):
                for ref in split_refs(row[position]):
                    if ref not in ids:
                        issues.append(DataIssue(shown_path(path), line, col.name,
                                                f"{show(ref)}, which the new sources ({name}) no longer list",
                                                "a source_id listed in sources.csv (keep that source, or change "
                                                "this row first)"))
    return issues, tuple(checked)


def apply_update(plan: UpdatePlan, data_dir: Path, note: str = "", now: datetime | None = None) -> Path | None:
    """Write a previewed plan: keep the previous version, replace the table atomically, log the change.

    Returns the path of the kept previous version under data_dir/history/, or None when the table file did
    not exist before (nothing to keep). Raises ValueError for a plan with issues (nothing is written) and
    ConcurrentChange, without writing, when the table or a table the plan was checked against is no longer
    byte-for-byte what `plan_update` read. Everything happens under exclusive locks on
    data_dir/.locks/<table>.lock (taken in name order), so of two writers planned from the same version
    exactly one succeeds. A crash leaves the old file or the new one, never a mix (see `write_atomic`).
    """
    if not plan.ok or plan.table not in TABLES:
        raise ValueError(f"{plan.upload_name}: the update has {len(plan.issues)} problem(s) and was not applied")
    data_dir = Path(data_dir)
    now = now or datetime.now().astimezone()
    target = data_dir / TABLES[plan.table].file_name
    with _locked(data_dir, sorted({plan.table, *(name for name, _ in plan.checked_against)})):
        _settle(data_dir, plan.table)
        current = _read(target)
        if sha256(current) != plan.base_sha256:
            raise ConcurrentChange(f"{shown_path(target)}: the table changed since you previewed it; "
                                   "reload and try again")
        for name, digest in plan.checked_against:
            other = data_dir / TABLES[name].file_name
            if sha256(_read(other)) != digest:
                raise ConcurrentChange(f"{shown_path(other)}, which the update was checked against, changed since "
                                       "you previewed it; reload and try again")
        mode = stat.S_IMODE(os.stat(target).st_mode) if current is not None else NEW_FILE_MODE
        kept = _keep_version(data_dir, plan.table, current, now, mode) if current is not None else None
        journal = _write_journal(data_dir, plan, note, now)
        write_atomic(target, plan.new_bytes)  # keeps the old file's permissions
        _settle_journal(data_dir, journal, target, fresh=True)
    return kept


def reconcile(data_dir: Path) -> None:
    """Settle what killed writes left behind, for every table: journals into changelog.csv (or dropped when
    the table was never replaced) and temporary files removed. Call before reading the change log; every
    write also does it for its own table first. Takes each table's lock in turn."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return
    for table in sorted(TABLES):
        if _journals(data_dir, table) or _temporary_files(data_dir, table):
            with _locked(data_dir, [table]):
                _settle(data_dir, table)


def _settle(data_dir: Path, table: str) -> None:
    """Under the table's lock: finish or drop its journals, then remove its leftover temporary files."""
    target = data_dir / TABLES[table].file_name
    for journal in _journals(data_dir, table):
        _settle_journal(data_dir, journal, target)
    for tmp in _temporary_files(data_dir, table):
        tmp.unlink(missing_ok=True)


def _journals(data_dir: Path, table: str) -> list[Path]:
    return sorted((data_dir / HISTORY_DIR).glob(f"{table}-*{JOURNAL_SUFFIX}"))


def _temporary_files(data_dir: Path, table: str) -> list[Path]:
    """What `write_atomic` leaves when killed before its rename: `.<name>.<random>.tmp` beside the table, its
    history copies and its journals. Only ever called under the table's lock, when no write of it is running."""
    history = data_dir / HISTORY_DIR
    return [*data_dir.glob(f".{TABLES[table].file_name}.*.tmp"), *history.glob(f".{table}-*.tmp")]


def _write_journal(data_dir: Path, plan: UpdatePlan, note: str, now: datetime) -> Path:
    """Record the change-log line, and the hash of the table it describes, before the table is replaced."""
    folder = data_dir / HISTORY_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{plan.table}-{now:%Y%m%dT%H%M%S%f}{JOURNAL_SUFFIX}"
    write_atomic(path, f"{sha256(plan.new_bytes)}\n{_log_line(plan, note, now)}".encode())
    return path


def _settle_journal(data_dir: Path, journal: Path, target: Path, fresh: bool = False) -> None:
    """Append a journal's line to changelog.csv if the table holds the bytes it describes, then remove the
    journal. A journal left by a killed write (`fresh` false) is skipped if its line is already logged: the
    write was killed after appending. (Two identical lines, same second, table, counts and note, where the
    first write was killed just then, would be logged once.)"""
    try:
        digest, line = journal.read_text(encoding="utf-8").split("\n", 1)
    except (OSError, UnicodeDecodeError, ValueError):  # a journal cut short: its write never reached the table
        journal.unlink(missing_ok=True)
        return
    if digest == sha256(_read(target)) and (fresh or line not in _read_text(data_dir / CHANGELOG)):
        _append_log(data_dir, line)
    journal.unlink(missing_ok=True)


def _read_text(path: Path) -> str:
    raw = _read(path)
    return raw.decode("utf-8", errors="replace") if raw is not None else ""


@contextmanager
def _locked(data_dir: Path, names: Sequence[str]) -> Iterator[None]:
    """Hold exclusive flock()s on data_dir/.locks/<name>.lock for each name, in the order given."""
    folder = data_dir / LOCKS_DIR
    folder.mkdir(exist_ok=True)
    with ExitStack() as stack:
        for name in names:
            handle = stack.enter_context(open(folder / f"{name}.lock", "a+b"))
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            stack.callback(fcntl.flock, handle.fileno(), fcntl.LOCK_UN)
        yield


def _keep_version(data_dir: Path, table: str, content: bytes, now: datetime, mode: int) -> Path:
    """Copy the current file to history/<table>-<timestamp>.csv; never overwrite an earlier version."""
    folder = data_dir / HISTORY_DIR
    folder.mkdir(exist_ok=True)
    stem = f"{table}-{now:%Y%m%dT%H%M%S%f}"
    path, n = folder / f"{stem}.csv", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.csv"
    write_atomic(path, content)
    os.chmod(path, mode)
    return path


def _log_line(plan: UpdatePlan, note: str, now: datetime) -> str:
    """The changelog.csv line for a change; the note is neutralised for spreadsheets.

    Line breaks in the note become '\\n' (the csv module quotes a cell with '\\n' but not one with a lone '\\r').
    """
    counts = plan.diff.counts
    return _csv_line([now.isoformat(timespec="seconds"), plan.table, counts["added"], counts["changed"],
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
    with _locked(data_dir, [CHANGELOG_LOCK]), open(data_dir / CHANGELOG, "a+b") as out:
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
