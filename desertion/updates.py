"""Replace or extend a data table from an uploaded CSV: validate, preview the change, then write it safely.

One code path for the command line (`python -m desertion import`) and the dashboard's Data page:

1. `plan_update` validates the upload with the same schema and loader as the dashboard, against the data
   folder as it is now, and works out what would change (rows added, removed and changed, by id). It reads
   but never writes, and never raises for bad content: every problem comes back as a `DataIssue`.
2. `apply_update` writes a plan that has no issues. Under a file lock, and only if the table (and every
   table the plan was checked against) is still byte-for-byte what was previewed, it keeps the previous
   version in `history/`, replaces the file atomically and adds a line to `changelog.csv`.

The change-log line and the table replace are atomic together through a journal (`desertion.changelog`). A
write killed at any point leaves a journal that the next write of the table (or `reconcile`) settles, and
temporary files that the next write of the same table removes.

The upload's file name is only ever shown (sanitised), never used as a path. The size and line limits
keep a hostile upload from costing more than a fraction of a second to reject.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desertion import changelog
from desertion.changelog import (  # noqa: F401  (the change log's names are re-exported)
    CHANGE_KINDS, CHANGELOG, CHANGELOG_COLUMNS, HISTORY_DIR, JOURNAL_SUFFIX, changelog_rows, latest_update,
    read_changelog, write_changelog_lines,
)
from desertion.files import (  # noqa: F401  (LOCKS_DIR is re-exported)
    LOCKS_DIR, locked, read_if_exists, sha256, shown_path, write_atomic,
)
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
DEFAULT_UPLOAD_NAME = "upload.csv"
UPLOAD_NAME_MAX = 80
NEW_FILE_MODE = 0o644


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
    current = read_if_exists(target)
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
    raw = read_if_exists(path)
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
        raw = read_if_exists(path)
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
    with locked(data_dir, sorted({plan.table, *(name for name, _ in plan.checked_against)})):
        _settle(data_dir, plan.table)
        current = read_if_exists(target)
        if sha256(current) != plan.base_sha256:
            raise ConcurrentChange(f"{shown_path(target)}: the table changed since you previewed it; "
                                   "reload and try again")
        for name, digest in plan.checked_against:
            other = data_dir / TABLES[name].file_name
            if sha256(read_if_exists(other)) != digest:
                raise ConcurrentChange(f"{shown_path(other)}, which the update was checked against, changed since "
                                       "you previewed it; reload and try again")
        mode = stat.S_IMODE(os.stat(target).st_mode) if current is not None else NEW_FILE_MODE
        kept = _keep_version(data_dir, plan.table, current, now, mode) if current is not None else None
        journal = changelog.write_journal(data_dir, plan.table, plan.new_bytes, plan.diff.counts, note, now,
                                          old_bytes=current)
        write_atomic(target, plan.new_bytes)  # keeps the old file's permissions
        changelog.settle_journal(data_dir, journal, target, fresh=True)
    return kept


def reconcile(data_dir: Path) -> None:
    """Settle what killed writes left behind, for every table: journals into changelog.csv (or dropped when
    the table was never replaced) and temporary files removed. Call before reading the change log; every
    write also does it for its own table first. Takes each table's lock in turn."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return
    for table in sorted(TABLES):
        if changelog.journals(data_dir, table) or _temporary_files(data_dir, table):
            with locked(data_dir, [table]):
                _settle(data_dir, table)


def _settle(data_dir: Path, table: str) -> None:
    """Under the table's lock: finish or drop its journals, then remove its leftover temporary files."""
    target = data_dir / TABLES[table].file_name
    for journal in changelog.journals(data_dir, table):
        changelog.settle_journal(data_dir, journal, target)
    for tmp in _temporary_files(data_dir, table):
        tmp.unlink(missing_ok=True)


def _temporary_files(data_dir: Path, table: str) -> list[Path]:
    """What `write_atomic` leaves when killed before its rename: `.<name>.<random>.tmp` beside the table, its
    history copies and its journals. Only ever called under the table's lock, when no write of it is running."""
    history = data_dir / HISTORY_DIR
    return [*data_dir.glob(f".{TABLES[table].file_name}.*.tmp"), *history.glob(f".{table}-*.tmp")]


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
