"""Published data versions: immutable version folders and one atomically swapped `current` pointer.

    python -m desertion.publish SOURCE_DIR --root ROOT [--keep N]   validate SOURCE_DIR, publish it as a new version
    python -m desertion.publish --root ROOT --show                  print the version replicas serve now

Several replicas read one published root (a shared read-only mount, or a folder baked into the image):

    ROOT/versions/20260101T120000Z-1a2b3c4d/*.csv   one folder per version, never changed once published
    ROOT/current -> versions/20260101T120000Z-1a2b3c4d

A maintainer publishes by copying the tables into a new version folder, then replacing `current` with
`os.replace` (an atomic rename on POSIX): a reader sees the old version or the new one, never a mix. The
dashboard resolves `current` once per rerun and loads every table from that one folder, so a new version
reaches every replica on its next rerun without a restart, and no page mixes two versions. A plain data
folder (no `current` inside, like the shipped `data/`) resolves to itself.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime, UTC
from pathlib import Path

CURRENT = "current"
VERSIONS = "versions"
TABLE_GLOB = "*.csv"


class PublishError(Exception):
    """The data cannot be published (missing folder, no tables, invalid tables, bad root): nothing changed."""


def resolve_current(folder: Path) -> Path:
    """The folder to read tables from: the version `folder/current` points to, or `folder` itself when it is a
    plain data folder. Resolve once per rerun and read every table from the result: the pointer may be swapped
    at any moment, a version folder never changes."""
    pointer = folder / CURRENT
    if pointer.is_symlink():
        return Path(os.path.realpath(pointer))
    return folder


def version_id(source: Path, now: datetime | None = None) -> str:
    """`<UTC time>-<first 8 hex of the tables' SHA-256>`: sorts by publication time, and says which content."""
    digest = hashlib.sha256()
    for path in sorted(source.glob(TABLE_GLOB)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{stamp}-{digest.hexdigest()[:8]}"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(source: Path, root: Path, keep: int | None = None) -> Path:
    """Copy the tables (`*.csv`) of `source` into a new version folder under `root` and point `root/current`
    at it. Returns the new version folder. Raises PublishError when `source` holds no tables or `root/current`
    exists and is not a pointer; readers keep the previous version until the final rename.
    `keep`: afterwards remove all but the newest `keep` versions (never the current one)."""
    tables = sorted(source.glob(TABLE_GLOB)) if source.is_dir() else []
    if not tables:
        raise PublishError(f"{source}: no CSV tables to publish")
    pointer = root / CURRENT
    if pointer.exists() and not pointer.is_symlink():
        raise PublishError(f"{pointer} exists and is not a symbolic link: {root} is not a published data root")
    versions = root / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    name = version_id(source)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=versions))
    for table in tables:
        with table.open("rb") as src, (staging / table.name).open("wb") as dst:
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
    staging.chmod(0o755)
    _fsync_dir(staging)
    final = versions / name
    os.rename(staging, final)  # a complete folder appears under its final name, or nothing does
    _fsync_dir(versions)
    link = root / f".{CURRENT}-{name}"
    os.symlink(Path(VERSIONS) / name, link)  # relative, so the root can be mounted anywhere
    os.replace(link, pointer)
    _fsync_dir(root)
    if keep is not None:
        prune(root, keep)
    return final


def list_versions(root: Path) -> list[Path]:
    """Published version folders, oldest first."""
    folder = root / VERSIONS
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")) if folder.is_dir() else []


def prune(root: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` versions, never the current one. A replica still reading a removed
    version finishes with the files it has open; keep at least 2 so a rerun that resolved the previous version
    a moment before the swap can still open its tables."""
    if keep < 1:
        raise PublishError("keep at least one version")
    current = resolve_current(root)
    removed = []
    for version in list_versions(root)[:-keep]:
        if version != current:
            shutil.rmtree(version)
            removed.append(version)
    return removed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desertion.publish", description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, help="folder of CSV tables to publish (validated first)")
    parser.add_argument("--root", type=Path, required=True, help="published data root the replicas read")
    parser.add_argument("--keep", type=int, help="afterwards keep only the newest N versions")
    parser.add_argument("--show", action="store_true", help="print the version `current` points to")
    args = parser.parse_args(argv)
    if args.show or args.source is None:
        print(resolve_current(args.root))
        return 0
    from desertion.loading import load_dataset  # pandas only when publishing

    problems = load_dataset(args.source).issues
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"not published: {len(problems)} error(s) in {args.source}", file=sys.stderr)
        return 1
    try:
        version = publish(args.source, args.root, args.keep)
    except PublishError as error:
        print(f"not published: {error}", file=sys.stderr)
        return 1
    print(f"published {version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
