"""Writing files safely: atomic replacement, locks between writers, and text cells a spreadsheet will not run
as formulas.

Used by `updates` (data tables, history), `changelog` (the change log and its journals) and `export`
(downloads, `python -m desertion export`).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

# A spreadsheet treats a cell starting with these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Lock files of the writers of a data folder, one per table (and one for the change log), inside it.
LOCKS_DIR = ".locks"


def neutralise_cell(value: object) -> object:
    """Prefix a formula-like text cell with an apostrophe, which spreadsheets show but do not evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it."""
    path = Path(path)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private; give it the old file's mode, or what a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def shown_path(path: Path) -> str:
    """A data path as messages show it: relative to the working folder when inside it (data/events.csv)."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_if_exists(path: Path) -> bytes | None:
    """A file's bytes, or None when there is no such file (other errors, such as permissions, raise)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def sha256(data: bytes | None) -> str | None:
    """The hex SHA-256 of a file's bytes, or None for a file that does not exist."""
    return None if data is None else hashlib.sha256(data).hexdigest()


@contextmanager
def locked(data_dir: Path, names: Sequence[str]) -> Iterator[None]:
    """Hold exclusive flock()s on data_dir/.locks/<name>.lock for each name, in the order given (callers take
    several in name order, so two writers never wait on each other in a circle)."""
    folder = data_dir / LOCKS_DIR
    folder.mkdir(exist_ok=True)
    with ExitStack() as stack:
        for name in names:
            handle = stack.enter_context(open(folder / f"{name}.lock", "a+b"))
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            stack.callback(fcntl.flock, handle.fileno(), fcntl.LOCK_UN)
        yield
