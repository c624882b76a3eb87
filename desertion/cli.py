"""Command line: `python -m desertion check [DATA_DIR]` and `python -m desertion docs`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from desertion import docs
from desertion.loading import load_dataset

DEFAULT_DATA_DIR = Path("data")


def check(data_dir: Path) -> int:
    """Validate every table; print a summary line per table, or every error. Exit 0 when all are valid."""
    if not data_dir.is_dir():
        print(f"{data_dir}: not a folder of CSV tables")
        return 1
    dataset = load_dataset(data_dir)
    issues = dataset.issues
    for name, result in dataset.results.items():
        if result.ok:
            print(f"{result.path.name}: {result.rows_read} rows, valid")
    for issue in issues:
        print(issue)
    if issues:
        broken = sum(1 for r in dataset.results.values() if not r.ok)
        print(f"{len(issues)} error(s) in {broken} of {len(dataset.results)} tables")
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desertion", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="validate the data tables")
    check_cmd.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    docs_cmd = commands.add_parser("docs", help="rewrite the data dictionary in README.md from the schema")
    docs_cmd.add_argument("--readme", type=Path, default=Path("README.md"))
    docs_cmd.add_argument("--check", action="store_true", help="exit 1 if README.md is out of date instead of writing")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.data_dir)
    return docs.update_readme(args.readme, check_only=args.check)
