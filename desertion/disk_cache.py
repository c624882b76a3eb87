"""A validated-table cache that survives server starts, so a million court records do not delay the first page.

Validating and parsing `court_records.csv` with a million rows takes seconds on every start; reading the
already validated frame back from an Arrow IPC file takes about a tenth of a second. This module wraps
`loading.load_dataset` and never changes what it reports:

- Only tables that validated without a single issue are cached. A table with problems is validated again on
  every load, so its errors are exactly the loader's, with or without a cache.
- An entry's key is the SHA-256 of the table's file, of sources.csv (other tables are checked against it),
  and of the schema version (`schema_version()`: the schema, the rules and the loader's code). Change any of
  these and the entry is not found; the new result is computed and stored.
- Hashing a 100 MB file costs ~0.3 s, so each file's digest is remembered with its size, modification and
  status-change times and inode (as git's index does); a file whose stat is unchanged is not read again.
  Editing a file, copying over it or `touch` changes its ctime, which no user command can set back.
- Entries are written to a temporary file and renamed into place, so a reader never sees half an entry; an
  entry that cannot be read (truncated, corrupt, from another version of pyarrow) is ignored, removed and
  rebuilt. The folder is `$DESERTION_CACHE_DIR`, else `$XDG_CACHE_HOME/desertion`, else `~/.cache/desertion`,
  outside data/; `DESERTION_NO_CACHE=1` turns the cache off. A cache that cannot be written is skipped.
- The tables derived from the loaded ones (`records.derive_tables`: the monthly aggregate of court records)
  are cached the same way, keyed by the entries they were derived from.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from desertion import column_types, loading, records, schema, validation
from desertion.loading import Dataset, TableResult
from desertion.schema import RULES, TABLES

CACHE_DIR_ENV = "DESERTION_CACHE_DIR"
NO_CACHE_ENV = "DESERTION_NO_CACHE"
# Bump when the layout of an entry changes; the schema version covers everything else.
FORMAT_VERSION = 1
STAMPS_FILE = "stamps.json"
ENTRY_SUFFIX = ".arrow"
# Entries kept per table (the current one and the one before, e.g. while a new version is published).
KEEP_PER_TABLE = 2
HASH_BLOCK = 1 << 22
LOG = logging.getLogger(__name__)


def cache_dir(env: Mapping[str, str] = os.environ) -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    if env.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    if env.get(CACHE_DIR_ENV):
        return Path(env[CACHE_DIR_ENV])
    base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "desertion"


def schema_version() -> str:
    """A digest of everything that decides whether a file is valid and what frame it gives: the declared
    tables and rules, and the code of the loader and of the derived tables. A change to any invalidates."""
    digest = hashlib.sha256(f"format {FORMAT_VERSION}\n{TABLES!r}\n{RULES!r}\n{pd.__version__}".encode())
    for module in (column_types, schema, loading, validation, records):
        digest.update(Path(inspect.getfile(module)).read_bytes())
    return digest.hexdigest()


def _stat_key(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


class Digests:
    """SHA-256 of files, remembered with their stat in `stamps.json` so an unchanged file is not read again."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / STAMPS_FILE if folder is not None else None
        self.known: dict[str, dict] = {}
        self.changed = False
        if self.path is not None:
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                self.known = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self.known = {}

    def of(self, file: Path) -> str | None:
        """The file's digest, or None when it cannot be read (the loader then reports why)."""
        name = str(file.resolve())
        try:
            before = file.stat()
            known = self.known.get(name)
            if isinstance(known, dict) and known.get("stat") == _stat_key(before):
                return str(known.get("sha256"))
            with file.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            if _stat_key(file.stat()) != _stat_key(before):
                return None  # written to while it was read: no key, so nothing is cached for it
        except OSError:
            return None
        self.known[name] = {"stat": _stat_key(before), "sha256": digest}
        self.changed = True
        return digest

    def save(self) -> None:
        """Write the digests learnt, forgetting files that no longer exist (old data folders)."""
        if self.path is not None and self.changed:
            kept = {name: known for name, known in self.known.items() if Path(name).exists()}
            _write_atomic(self.path, json.dumps(kept, sort_keys=True).encode())


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _entry_path(folder: Path, name: str, key: str) -> Path:
    return folder / "tables" / f"{name}-{key}{ENTRY_SUFFIX}"


def read_entry(path: Path, columns: tuple[str, ...] | None = None) -> pd.DataFrame | None:
    """A cached frame, or None when the entry is missing or unusable (an unusable one is removed)."""
    if not path.exists():
        return None
    try:
        with pa.memory_map(str(path)) as source:
            frame = ipc.open_file(source).read_all().to_pandas()
        if columns is not None and tuple(frame.columns) != columns:
            raise ValueError(f"columns {list(frame.columns)}")
        return frame
    except (OSError, ValueError, pa.ArrowException) as err:
        LOG.warning("ignoring a broken cache entry %s (%s); it is rebuilt", path, err)
        path.unlink(missing_ok=True)
        return None


def write_entry(path: Path, frame: pd.DataFrame) -> None:
    """Store a frame atomically, then drop this table's older entries beyond KEEP_PER_TABLE."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = pa.BufferOutputStream()
    with ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    _write_atomic(path, sink.getvalue().to_pybytes())
    table_name = path.name.rsplit("-", 1)[0]
    older = sorted((p for p in path.parent.glob(f"{table_name}-*{ENTRY_SUFFIX}") if p != path),
                   key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in older[KEEP_PER_TABLE - 1:]:
        stale.unlink(missing_ok=True)


def table_keys(data_dir: Path, digests: Digests, version: str) -> dict[str, str]:
    """The cache key of every table file present and readable; other tables' keys include sources.csv's."""
    found = {name: digests.of(data_dir / t.file_name) for name, t in TABLES.items()
             if (data_dir / t.file_name).is_file()}
    sources = found.get("sources")
    if sources is None:
        return {}
    keys = {}
    for name, digest in found.items():
        if digest is not None:
            parts = [version, name, digest] + ([] if name == "sources" else [sources])
            keys[name] = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return keys


def load_dataset_cached(data_dir: Path | str, folder: Path | None | str = "default") -> Dataset:
    """`load_dataset(data_dir)` plus its derived tables, reusing validated tables from earlier starts.

    Returns the same results and issues as `loading.load_dataset` followed by `records.derive_tables`.
    `folder` is the cache folder (default: `cache_dir()`; None: no cache). Never raises for a cache
    problem: an unreadable entry is rebuilt, an unwritable folder is skipped with a log line.
    """
    data_dir = Path(data_dir)
    folder = cache_dir() if folder == "default" else (Path(folder) if folder is not None else None)
    if folder is None:
        dataset = loading.load_dataset(data_dir)
        return Dataset(dataset.data_dir, dataset.results, records.derive_tables(dataset.frames))
    digests = Digests(folder)
    keys = table_keys(data_dir, digests, schema_version())
    cached: dict[str, TableResult] = {}
    for name, key in keys.items():
        t = TABLES[name]
        frame = read_entry(_entry_path(folder, name, key), t.column_names)
        if frame is not None:
            cached[name] = TableResult(t, data_dir / t.file_name, frame, (), len(frame))
    missing = [name for name, t in TABLES.items()
               if name not in cached and not (t.optional and not (data_dir / t.file_name).exists())]
    fresh = loading.load_dataset(data_dir, [n for n in missing if n != "sources"]).results if missing else {}
    results = {name: cached[name] if name in cached else fresh[name] for name in TABLES if name in cached or name in fresh}
    try:
        for name, result in fresh.items():
            if name in keys and name not in cached and result.ok and result.frame is not None:
                write_entry(_entry_path(folder, name, keys[name]), result.frame)
        derived = _derived(folder, results, keys)
        digests.save()
    except OSError as err:
        LOG.warning("the data cache in %s cannot be written (%s); loading without it", folder, err)
        derived = records.derive_tables({n: r.frame for n, r in results.items() if r.ok and r.frame is not None})
    return Dataset(data_dir, results, derived)


def _derived(folder: Path, results: dict[str, TableResult], keys: dict[str, str]) -> dict[str, pd.DataFrame]:
    """`records.derive_tables` of the valid frames, each derived table cached under its inputs' keys."""
    frames = {n: r.frame for n, r in results.items() if r.ok and r.frame is not None}
    inputs = [n for n in sorted(frames) if n in keys]
    key = hashlib.sha256("\n".join(["derived", *(keys[n] for n in inputs)]).encode()).hexdigest()[:32]
    if len(inputs) != len(frames):  # a valid table without a key (changed while read): do not cache
        return records.derive_tables(frames)
    names = records.derived_names(frames)
    found = {name: read_entry(_entry_path(folder, name, key)) for name in names}
    if all(frame is not None for frame in found.values()):
        return {name: frame for name, frame in found.items() if frame is not None}
    derived = records.derive_tables(frames)
    for name, frame in derived.items():
        write_entry(_entry_path(folder, name, key), frame)
    return derived
