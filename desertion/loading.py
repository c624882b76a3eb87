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

from desertion.schema import MAX_URL_LENGTH, RULES, TABLES, Column, TableSchema

UTF8_BOM = b"\xef\xbb\xbf"
ID_PATTERN = r"[a-z0-9][a-z0-9-]*"
URL_PATTERN = r"https?://[^\s<>\"'`]+"
# C0 controls except tab and newline, DEL, C1 controls, and bidi overrides that can disguise text. Written as
# literal characters so pyarrow's regex engine (RE2) runs it, instead of a slow per-cell Python fallback.
CONTROL_PATTERN = "[" + "".join(
    chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
                     *range(0x2066, 0x206A))
) + "]"  # none of these characters is special inside a regex character class
FOUND_MAX = 60
# No table has more than a few dozen columns; a header far wider is not one of ours (and a million names
# would take seconds to split and check, and give a million messages).
MAX_COLUMNS = 1000
CSV_FIELD_LIMIT = 1_000_000
# A line of only commas and spaces: a spreadsheet's empty row, which the careful reader skips.
SEPARATOR_ONLY_LINE = re.compile(r"^[ \t,]+$", re.MULTILINE)

csv.field_size_limit(CSV_FIELD_LIMIT)


@dataclass(frozen=True)
class DataIssue:
    """One problem in one place of one file, phrased so a maintainer can fix it without reading code."""

    path: str
    line: int
    column: str | None
    found: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        if self.column is not None:
            where += f" column '{self.column}':"
        return f"{where} found {self.found}, expected {self.expected}"


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
        """Every usable table (see `usable`): what a page can still show, with the issues beside it."""
        return {name: r.frame for name, r in self.results.items() if r.frame is not None}


def show(value: str) -> str:
    """Quote a cell for an error message, making invisible characters (thin spaces, zero-width) visible."""
    return f"'{visible(value)}'"


def visible(value: str) -> str:
    """A value as it can be printed on one line of a message: invisible characters and line breaks escaped."""
    shown = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in value[: FOUND_MAX + 1])
    if len(shown) > FOUND_MAX:
        shown = shown[:FOUND_MAX] + f"… ({len(value)} characters)"
    return shown


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


def _issues_where(mask: pd.Series, raw: pd.Series, lines: np.ndarray, path: str, column: str, expected: str,
                  found: str | None = None) -> list[DataIssue]:
    """One issue per row where mask is true, quoting the raw cell unless `found` says otherwise."""
    positions = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False))
    return [
        DataIssue(path, int(lines[p]), column, found if found is not None else show(raw.iloc[p]), expected)
        for p in positions
    ]


def convert_column(raw: pd.Series, col: Column, lines: np.ndarray, path: str) -> tuple[pd.Series, list[DataIssue]]:
    """Check every cell of one column against its declared kind and return the typed column."""
    text = raw.str.strip()
    empty = text == ""
    issues = []
    if col.required:
        issues += _issues_where(empty, text, lines, path, col.name, col.expected(), found="an empty cell")
    value, ok = _parse_kind(text, col)
    issues += _issues_where(~empty & ~ok, text, lines, path, col.name, col.expected())
    return value.where(~empty & ok), issues


def _parse_kind(text: pd.Series, col: Column) -> tuple[pd.Series, pd.Series]:
    """Typed values and a mask of valid cells for one column; empty cells come back as invalid nulls."""
    kind = col.kind
    if kind == "int":
        ok = text.str.fullmatch(r"\d{1,15}")
        return pd.to_numeric(text.where(ok), errors="coerce").astype("Int64"), ok
    if kind == "number":
        ok = text.str.fullmatch(r"\d{1,15}(\.\d+)?")
        return pd.to_numeric(text.where(ok), errors="coerce").astype("Float64"), ok
    if kind == "bool":
        lowered = text.str.lower()
        return lowered.map({"true": True, "false": False}).astype("boolean"), lowered.isin(["true", "false"])
    if kind == "date":
        dates = pd.to_datetime(text.where(text.str.fullmatch(r"\d{4}-\d{2}-\d{2}")), format="%Y-%m-%d", errors="coerce")
        return dates, dates.notna()
    if kind == "enum":
        return text, text.isin(col.allowed)
    if kind in ("id", "source_ref"):
        return text, text.str.fullmatch(ID_PATTERN)
    if kind == "source_refs":
        return text, text.str.fullmatch(rf"{ID_PATTERN}(\s*;\s*{ID_PATTERN})*")
    if kind == "tags":
        allowed = set(col.allowed)
        return text, text.map(lambda v: all(t.strip() in allowed for t in v.split(";"))).astype(bool)
    if kind == "url":
        return text, text.str.fullmatch(URL_PATTERN) & (text.str.len() <= MAX_URL_LENGTH)
    # Free text: bounded length, no control or direction-override characters.
    return text, (text.str.len() <= col.max_length) & ~text.str.contains(CONTROL_PATTERN)


def split_refs(cell: str) -> list[str]:
    """The source ids of a ';'-separated cell."""
    return [part.strip() for part in cell.split(";") if part.strip()]


def check_unique(frame: pd.DataFrame, column: str, lines: np.ndarray, path: str) -> list[DataIssue]:
    """An id used twice is reported at its second use, naming the line of the first."""
    values = frame[column]
    repeated = values.duplicated(keep="first") & values.notna()
    if not repeated.any():
        return []
    first_line = {v: int(lines[p]) for p, v in zip(np.flatnonzero((~repeated & values.notna()).to_numpy()),
                                                    values[~repeated & values.notna()]) if v in set(values[repeated])}
    return [DataIssue(path, int(lines[p]), column, f"{show(values.iloc[p])} again (first on line "
                      f"{first_line[values.iloc[p]]})", "a unique id")
            for p in np.flatnonzero(repeated.to_numpy())]


def check_sources(frame: pd.DataFrame, schema: TableSchema, source_ids: set[str], lines: np.ndarray,
                  path: str) -> list[DataIssue]:
    """Every source id a row cites must be a row of sources.csv."""
    issues = []
    expected = "a source_id listed in sources.csv"
    for col in schema.columns:
        cells = frame[col.name] if col.kind in ("source_ref", "source_refs") else None
        if cells is None:
            continue
        if col.kind == "source_ref":  # one id per cell: vectorised, for tables of a million rows
            unknown = cells.notna() & ~cells.isin(source_ids)
            issues += [DataIssue(path, int(lines[p]), col.name, f"{show(cells.iloc[p])} (not in sources.csv)", expected)
                       for p in np.flatnonzero(unknown.to_numpy())]
            continue
        for pos, cell in enumerate(cells):
            missing = [ref for ref in split_refs(cell) if ref not in source_ids] if pd.notna(cell) else []
            if missing:
                found = ", ".join(show(m) for m in missing) + " (not in sources.csv)"
                issues.append(DataIssue(path, int(lines[pos]), col.name, found, expected))
    return issues


def check_rules(frame: pd.DataFrame, schema: TableSchema, lines: np.ndarray, path: str) -> list[DataIssue]:
    """Apply the table's cross-column rules (declared by name in the schema) to the typed frame."""
    issues: list[DataIssue] = []
    for rule in schema.rules:
        issues += RULE_CHECKS[rule](frame, schema, lines, path)
    return issues


def _rule(frame: pd.DataFrame, lines: np.ndarray, path: str, mask: pd.Series, column: str, found: pd.Series | str,
          rule: str) -> list[DataIssue]:
    positions = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False))
    return [
        DataIssue(path, int(lines[p]), column, found if isinstance(found, str) else found.iloc[p], RULES[rule])
        for p in positions
    ]


def _fmt_dates(values: pd.Series) -> pd.Series:
    return values.dt.strftime("%Y-%m-%d").fillna("")


def _interval_or_as_of(frame: pd.DataFrame, schema: TableSchema, lines: np.ndarray, path: str) -> list[DataIssue]:
    start, end, as_of = frame["period_start"], frame["period_end"], frame["as_of"]
    has_interval = start.notna() | end.notna()
    both = has_interval & as_of.notna()
    neither = ~has_interval & as_of.isna()
    half = has_interval & ~both & (start.isna() | end.isna())
    rule = "interval_or_as_of"
    return (
        _rule(frame, lines, path, both, "as_of", "both an interval and as_of", rule)
        + _rule(frame, lines, path, neither, "as_of", "neither an interval nor as_of", rule)
        + _rule(frame, lines, path, half, "period_end", "only one end of the interval", rule)
    )


def _end_after_start(frame: pd.DataFrame, schema: TableSchema, lines: np.ndarray, path: str) -> list[DataIssue]:
    issues = []
    for start, end in (("period_start", "period_end"), ("date_start", "date_end")):
        if start in frame and end in frame:
            bad = frame[end] < frame[start]
            found = "'" + _fmt_dates(frame[end]) + f"', which is before {start} '" + _fmt_dates(frame[start]) + "'"
            issues += _rule(frame, lines, path, bad, end, found, "end_after_start")
    return issues


def _with_precision(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """The found part of a message for each row, e.g. '2024-02-15' with precision 'month'."""
    return "'" + _fmt_dates(dates) + "' with precision '" + precision.fillna("") + "'"


def _precision_matches_date(frame: pd.DataFrame, schema: TableSchema, lines: np.ndarray,
                            path: str) -> list[DataIssue]:
    issues = []
    for date_col, precision_col in schema.date_precision.items():
        dates, precision = frame[date_col], frame[precision_col]
        not_first = {
            "month": dates.dt.day != 1,
            "quarter": (dates.dt.day != 1) | ~dates.dt.month.isin([1, 4, 7, 10]),
            "year": (dates.dt.day != 1) | (dates.dt.month != 1),
        }
        bad = pd.Series(False, index=frame.index)
        for level, mask in not_first.items():
            bad |= (precision == level) & dates.notna() & mask.fillna(False)
        issues += _rule(frame, lines, path, bad, date_col, _with_precision(dates, precision), "precision_matches_date")
    return issues


def _unknown_precision_has_no_date(frame: pd.DataFrame, schema: TableSchema, lines: np.ndarray,
                                   path: str) -> list[DataIssue]:
    issues = []
    for date_col, precision_col in schema.date_precision.items():
        unknown = frame[precision_col] == "unknown"
        bad = (unknown & frame[date_col].notna()) | (~unknown & frame[precision_col].notna() & frame[date_col].isna())
        issues += _rule(frame, lines, path, bad, date_col, _with_precision(frame[date_col], frame[precision_col]),
                        "unknown_precision_has_no_date")
    return issues


def _url_unless_unverified(frame: pd.DataFrame, schema: TableSchema, lines: np.ndarray, path: str) -> list[DataIssue]:
    bad = frame["url"].isna() & frame["grade"].notna() & (frame["grade"] != "U")
    return _rule(frame, lines, path, bad, "url", "an empty cell for a source graded " + frame["grade"].fillna(""),
                 "url_unless_unverified")


def _original_pair(frame: pd.DataFrame, schema: TableSchema, lines: np.ndarray, path: str) -> list[DataIssue]:
    bad = frame["original_text"].isna() != frame["original_language"].isna()
    return _rule(frame, lines, path, bad, "original_language", "only one of the pair", "original_pair")


def _percent_at_most_100(frame: pd.DataFrame, schema: TableSchema, lines: np.ndarray, path: str) -> list[DataIssue]:
    bad = (frame["unit"] == "percent") & (frame["value"] > 100)
    found = frame["value"].map(lambda v: f"'{v:g}' percent" if pd.notna(v) else "")
    return _rule(frame, lines, path, bad, "value", found,
                 "percent_at_most_100")


RULE_CHECKS = {
    "interval_or_as_of": _interval_or_as_of,
    "end_after_start": _end_after_start,
    "precision_matches_date": _precision_matches_date,
    "unknown_precision_has_no_date": _unknown_precision_has_no_date,
    "url_unless_unverified": _url_unless_unverified,
    "original_pair": _original_pair,
    "percent_at_most_100": _percent_at_most_100,
}
assert set(RULE_CHECKS) == set(RULES), "every declared rule needs a check"


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
        results[name] = result if source_ids is not None else _unresolved(result, _display(data_dir, schema))
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


def _display(data_dir: Path, schema: TableSchema) -> str:
    path = data_dir / schema.file_name
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _load(data_dir: Path, schema: TableSchema, source_ids: set[str] | None = None) -> TableResult:
    return load_table(data_dir / schema.file_name, schema, source_ids, _display(data_dir, schema))
