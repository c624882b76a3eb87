"""Read the CSV tables, validate them against `schema.py`, and return typed frames plus every error found.

Why not just `pd.read_csv`: the people who maintain these figures need to be told exactly where a file is
wrong (`FILE:LINE: column 'NAME': found X, expected Y`), all at once, and never get a traceback. So the file
is decoded and split into records with the `csv` module (which knows each record's physical line, even
when a quoted cell spans lines), and every column is then checked and converted with vectorised pandas
operations against its declared kind. A table with any error is not handed to the dashboard; the other
tables still load.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from desertion.files import shown_path
from desertion.provenance import split_refs  # noqa: F401  (re-exported for older callers)
from desertion.schema import TABLES, TableSchema
from desertion.validation import (  # noqa: F401  (DataIssue, show, visible and the patterns are re-exported)
    CONTROL_PATTERN, FOUND_MAX, ID_PATTERN, DataIssue, check_rules, check_sources, check_unique, convert_column,
    show, visible,
)

UTF8_BOM = b"\xef\xbb\xbf"
# No table has more than a few dozen columns; a header far wider is not one of ours (and a million names
# would take seconds to split and check, and give a million messages).
MAX_COLUMNS = 1000
CSV_FIELD_LIMIT = 1_000_000
# A line of only commas and spaces: a spreadsheet's empty row, which the careful reader skips.
SEPARATOR_ONLY_LINE = re.compile(r"^[ \t,]+$", re.MULTILINE)


@dataclass(frozen=True)
class TableResult:
    """What loading one file gave: a typed frame when it is valid, and every issue found."""

    schema: TableSchema
    path: Path
    frame: pd.DataFrame | None
    issues: tuple[DataIssue, ...]
    rows_read: int

    @property
    def ok(self) -> bool:
        return self.frame is not None and not self.issues

    @property
    def usable(self) -> bool:
        """The rows are valid, though something around them may not be (sources.csv did not load, so the
        source ids could not be resolved): the issues say what."""
        return self.frame is not None


@dataclass(frozen=True)
class Dataset:
    """All tables of a data folder. `frames` holds only the valid tables; `results` holds every outcome."""

    data_dir: Path
    results: dict[str, TableResult] = field(default_factory=dict)
    # Tables computed from the valid ones once per load (e.g. monthly counts of court records).
    derived: dict[str, pd.DataFrame] = field(default_factory=dict)
    # Identifies this version of the files, for caches built on top of the data.
    key: str = ""

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        valid = {name: r.frame for name, r in self.results.items() if r.ok and r.frame is not None}
        return {**valid, **self.derived}

    @property
    def issues(self) -> list[DataIssue]:
        return [issue for r in self.results.values() for issue in r.issues]

    @property
    def usable(self) -> list[str]:
        """The tables whose rows are valid, including those whose source ids could not be checked."""
        return [name for name, r in self.results.items() if r.usable]

    @property
    def usable_frames(self) -> dict[str, pd.DataFrame]:
        """Every usable table (see `usable`): what a page can still show, with the issues beside it; and the
        derived tables, as in `frames` (the pages select from these: without them the row-level records' monthly
        chart was never drawn, and said sources.csv had failed)."""
        return {**{name: r.frame for name, r in self.results.items() if r.frame is not None}, **self.derived}


def decode(raw: bytes, path: str) -> tuple[str | None, list[DataIssue]]:
    """Turn the file's bytes into text with '\\n' line ends, or say why it is not a UTF-8 CSV."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [DataIssue(path, 1, None, "UTF-16 text", "a UTF-8 CSV file (save as 'CSV UTF-8')")]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [DataIssue(path, line, None, "binary data (a NUL byte)", "a UTF-8 CSV text file")]
    raw = raw.removeprefix(UTF8_BOM)
    if not raw.strip():
        return None, [DataIssue(path, 1, None, "an empty file", "a header row and data rows")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        line = raw[: err.start].count(b"\n") + 1
        prefix = raw[line_start : err.start].decode("utf-8", errors="replace")
        header = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip().split(",")
        col_index = prefix.count(",")
        column = visible(header[col_index]) if line > 1 and col_index < len(header) else None
        found = f"the byte 0x{raw[err.start]:02X}, which is not UTF-8 (a cp1251 or Latin-1 file?)"
        return None, [DataIssue(path, line, column, found, "UTF-8 text (save as 'CSV UTF-8')")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def read_simple(text: str) -> tuple[list[str], list[pa.Array]] | None:
    """Header and string columns of a file with no quoting and no blank lines, read by pyarrow's C parser.

    In such a file data row i is on line i+2, so lines need no tracking, and a million rows read in well
    under a second. Anything else (quotes, blank lines, a row of the wrong width) returns None and goes
    through `split_records`, which tracks lines and reports each problem in place.
    """
    first_end = text.find("\n")
    if '"' in text or first_end < 0 or "\n\n" in text or SEPARATOR_ONLY_LINE.search(text):
        return None
    header = text[:first_end].split(",")
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text[first_end + 1:].encode("utf-8")),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(quote_char=False, newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(column_types={n: pa.large_string() for n in names},
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    return header, [table.column(n).combine_chunks() for n in names]


def split_records(text: str, path: str) -> tuple[list[int], list[list[str]], list[DataIssue]]:
    """Split CSV text into records and the physical line each starts on; a quoting error stops the split."""
    lines: list[int] = []
    rows: list[list[str]] = []
    # The limit is process-wide and other libraries raise it on import (frictionless sets its own): set ours
    # at each use, so a runaway cell is refused the same way whatever else has been imported.
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next_line = 1
    try:
        for cells in reader:
            if _has_content(cells):
                lines.append(next_line)
                rows.append(cells)
            next_line = reader.line_num + 1
    except csv.Error as err:
        message = str(err)
        if "field larger than field limit" in message:
            found = f"a cell longer than {CSV_FIELD_LIMIT:,} characters (an unclosed quote?)"
        else:
            found = f"broken quoting ({message})"
        return lines, rows, [DataIssue(path, next_line, None, found, 'cells quoted as "…" with inner quotes doubled')]
    return lines, rows, []


def _has_content(cells: list[str]) -> bool:
    """False for blank lines and rows of empty cells (",,,," left by spreadsheets); cheap when cell 1 is set."""
    return bool(cells) and bool(cells[0].strip() or "".join(cells).strip())


def check_width(text: str, schema: TableSchema, path: str) -> list[DataIssue]:
    """Refuse a header line far wider than any table before the file is split into cells."""
    body = text.lstrip("\n")
    end = body.find("\n")
    commas = body.count(",", 0, end if end >= 0 else len(body))
    return [_too_wide(path, len(text) - len(body) + 1, commas + 1, schema)] if commas >= MAX_COLUMNS else []


def _too_wide(path: str, line: int, width: int, schema: TableSchema) -> DataIssue:
    expected = f"the {len(schema.columns)} columns " + ", ".join(schema.column_names)
    return DataIssue(path, line, None, f"a header of {width:,} comma-separated names", expected)


def check_header(header: list[str], schema: TableSchema, path: str) -> list[DataIssue]:
    """The header must name every declared column once, and nothing else."""
    names = [h.strip() for h in header]
    if len(names) > MAX_COLUMNS:
        return [_too_wide(path, 1, len(names), schema)]
    if len(names) == 1:
        for delimiter in (";", "\t", "|"):
            if delimiter in names[0]:
                shown = "tab" if delimiter == "\t" else f"'{delimiter}'"
                return [DataIssue(path, 1, None, f"columns separated by {shown}", "columns separated by ','")]
    issues = []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            issues.append(DataIssue(path, 1, visible(name), "this column twice", "each column once"))
        elif name not in schema.column_names:
            expected = "only the columns " + ", ".join(schema.column_names)
            issues.append(DataIssue(path, 1, visible(name), "an unknown column", expected))
        seen.add(name)
    for name in schema.column_names:
        if name not in seen:
            issues.append(DataIssue(path, 1, name, "no such column in the header", "it in the header"))
    return issues


def load_table(path: Path, schema: TableSchema, source_ids: set[str] | None = None,
               display_path: str | None = None) -> TableResult:
    """Read and validate one table. Never raises for bad content: problems come back as issues.

    `source_ids` are the ids of sources.csv; when given, every cited source must be among them.
    """
    shown = display_path or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return TableResult(schema, path, None, (DataIssue(shown, 1, None, "no such file", "the table's CSV file"),), 0)
    except OSError as err:
        issue = DataIssue(shown, 1, None, f"a file that cannot be read ({err.strerror or err})", "a readable CSV file")
        return TableResult(schema, path, None, (issue,), 0)
    return parse_table(raw, schema, shown, path, source_ids)


def parse_table(raw: bytes, schema: TableSchema, shown: str, path: Path | None = None,
                source_ids: set[str] | None = None) -> TableResult:
    """Validate a table given as bytes (a file on disk or an upload) and return the typed frame."""
    path = path or Path(shown)
    text, issues = decode(raw, shown)
    if text is None:
        return TableResult(schema, path, None, tuple(issues), 0)
    wide = check_width(text, schema, shown)
    if wide:
        return TableResult(schema, path, None, tuple(wide), 0)
    simple = read_simple(text)
    if simple is not None:
        header, arrays = simple
        header_issues = check_header(header, schema, shown)
        if header_issues:
            return TableResult(schema, path, None, tuple(header_issues), 0)
        rows = len(arrays[0]) if arrays else 0
        lines = np.arange(2, rows + 2, dtype=np.int64)
        issues = [] if rows else [DataIssue(shown, 2, None, "no data rows (only the header)", "at least one data row")]
    else:
        record_lines, records, issues = split_records(text, shown)
        if not records:
            return TableResult(schema, path, None,
                               tuple(issues) or (DataIssue(shown, 1, None, "no header row", "a header row"),), 0)
        header_line, header = record_lines[0], records[0]
        header_issues = check_header(header, schema, shown)
        if header_issues:
            return TableResult(schema, path, None, tuple(header_issues + issues), 0)
        width = len(header)
        issues += [DataIssue(shown, line, None, f"{len(cells)} cells", f"{width} cells, one per column of the header")
                   for line, cells in zip(record_lines[1:], records[1:]) if len(cells) != width]
        good = [i for i in range(1, len(records)) if len(records[i]) == width]
        if not good and not issues:
            issues.append(DataIssue(shown, header_line + 1, None, "no data rows (only the header)",
                                    "at least one data row"))
        lines = np.array([record_lines[i] for i in good], dtype=np.int64)
        arrays = [pa.array(col, type=pa.large_string()) for col in zip(*(records[i] for i in good))] \
            or [pa.array([], type=pa.large_string())] * width
    names = [h.strip() for h in header]
    raw_frame = pd.DataFrame({name: pd.arrays.ArrowStringArray(arr) for name, arr in zip(names, arrays)})
    typed = {}
    for col in schema.columns:
        typed[col.name], col_issues = convert_column(raw_frame[col.name], col, lines, shown)
        issues += col_issues
    frame = pd.DataFrame(typed, index=pd.RangeIndex(len(lines)))
    issues += check_unique(frame, schema.id_column, lines, shown)
    issues += _new_places(check_rules(frame, schema, lines, shown), issues)
    if source_ids is not None:
        issues += check_sources(frame, schema, source_ids, lines, shown)
    issues.sort(key=lambda i: i.line)
    return TableResult(schema, path, None if issues else frame, tuple(issues), len(lines))


def _new_places(candidates: list[DataIssue], known: list[DataIssue]) -> list[DataIssue]:
    """Drop rule issues about a cell that already has an issue: a cell that did not parse reads as empty to the
    rules, and a second message about it would only confuse."""
    seen = {(i.line, i.column) for i in known}
    return [i for i in candidates if (i.line, i.column) not in seen]


def load_dataset(data_dir: Path | str, tables: Iterable[str] | None = None) -> Dataset:
    """Load every table of a data folder. Sources load first so the others can resolve their source ids.

    Never raises: a missing folder, a missing, unreadable, binary or broken file each come back as issues
    (file, line, column, found, expected) and the rest loads. If sources.csv itself is broken, the other
    tables are still read and validated, and each valid one is kept with an issue saying its source ids could
    not be checked: `Dataset.usable` lists it, `Dataset.frames` (fully valid tables only) does not.
    """
    data_dir = Path(data_dir)
    wanted = list(tables) if tables is not None else list(TABLES)
    results: dict[str, TableResult] = {}
    if not data_dir.is_dir():
        found = "no such folder" if not data_dir.exists() else "a file, not a folder"
        results["sources"] = TableResult(TABLES["sources"], data_dir / TABLES["sources"].file_name, None,
                                         (DataIssue(str(data_dir), 1, None, found, "a folder of CSV tables"),), 0)
        return Dataset(data_dir, results)
    sources = _load(data_dir, TABLES["sources"])
    results["sources"] = sources
    source_ids = set(sources.frame["source_id"]) if sources.ok and sources.frame is not None else None
    for name in wanted:
        if name == "sources":
            continue
        schema = TABLES[name]
        if schema.optional and not (data_dir / schema.file_name).exists():
            continue
        result = _load(data_dir, schema, source_ids)
        results[name] = result if source_ids is not None else _unresolved(result, shown_path(data_dir / schema.file_name))
    return Dataset(data_dir, results)


def _unresolved(result: TableResult, shown: str) -> TableResult:
    """A table read while sources.csv is broken: its rows are kept, with an issue saying their sources are
    unknown (a table with problems of its own keeps those and gains this one)."""
    if result.frame is None and not result.rows_read:  # missing or unreadable: one message is enough
        return result
    refs = [c.name for c in result.schema.columns if c.kind in ("source_ref", "source_refs")]
    issue = DataIssue(shown, 1, refs[0] if refs else None, "sources.csv did not load, so the source ids of "
                      "this table cannot be resolved", "a valid sources.csv (see its own errors)")
    return TableResult(result.schema, result.path, result.frame, (*result.issues, issue), result.rows_read)



def _load(data_dir: Path, schema: TableSchema, source_ids: set[str] | None = None) -> TableResult:
    return load_table(data_dir / schema.file_name, schema, source_ids, shown_path(data_dir / schema.file_name))
