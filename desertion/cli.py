"""Command line.

    python -m desertion check [DATA_DIR]
    python -m desertion docs [--check]
    python -m desertion export deck   --from 2023-06 --to 2023-11 --format pptx|pdf --out PATH
    python -m desertion export charts --from ... --to ... --format png|svg|pdf --out DIR
    python -m desertion export data   --from ... --to ... --format csv|xlsx --out PATH
    python -m desertion import FILE --table NAME [--append] [--data-dir DIR] [--note TEXT]

Exports use the same code as the dashboard's buttons. Bad arguments get a one-line error and exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desertion import __version__, docs
from desertion.loading import load_dataset
from desertion.files import write_atomic
from desertion.selection import Selection
from desertion.periods import MONTH_PATTERN, Period, build_presets, preset_for, table_bounds
from desertion.schema import TABLES

DEFAULT_DATA_DIR = Path("data")
EXPORT_FORMATS = {"deck": ("pptx", "pdf"), "charts": ("png", "svg", "pdf"), "data": ("csv", "xlsx")}


class UsageError(Exception):
    """A bad argument: reported on one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse prints the usage block on errors; here a bad argument is one line, as scripts expect."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def check(data_dir: Path) -> int:
    """Validate every table; print a summary line per table, or every error. Exit 0 when all are valid."""
    if not data_dir.is_dir():
        print(f"{data_dir}: not a folder of CSV tables")
        return 1
    dataset = load_dataset(data_dir)
    issues = dataset.issues
    for result in dataset.results.values():
        if result.ok:
            print(f"{result.path.name}: {result.rows_read} rows, valid")
    for issue in issues:
        print(issue)
    if issues:
        broken = sum(1 for r in dataset.results.values() if not r.ok)
        print(f"{len(issues)} error(s) in {broken} of {len(dataset.results)} tables")
        return 1
    return 0


def _month(value: str) -> str:
    if not MONTH_PATTERN.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a month like 2023-09")
    return value


def _writable_target(path: Path, is_dir: bool) -> None:
    """Refuse before any work if the result could not be written."""
    folder = path if is_dir else path.parent
    if is_dir and path.exists() and not path.is_dir():
        raise UsageError(f"--out {path}: exists and is not a folder")
    if not is_dir and path.is_dir():
        raise UsageError(f"--out {path}: is a folder; give a file name")
    probe = folder if folder.exists() else folder.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        raise UsageError(f"--out {path}: cannot write to {folder}")


def export(args: argparse.Namespace) -> int:
    """Render the deck, the charts or the data for a period and write them where --out says."""
    from desertion import deck, deck_export, export as data_export, images, views

    if args.format not in EXPORT_FORMATS[args.what]:
        raise UsageError(f"--format {args.format}: {args.what} exports as {' or '.join(EXPORT_FORMATS[args.what])}")
    if not args.data_dir.is_dir():
        raise UsageError(f"--data-dir {args.data_dir}: not a folder")
    dataset = load_dataset(args.data_dir)
    frames = dataset.frames
    if not frames:
        print(f"error: no table in {args.data_dir} is valid, nothing to export "
              f"(run `python -m desertion check {args.data_dir}`)", file=sys.stderr)
        return 1
    if dataset.issues:
        print(f"warning: {len(dataset.issues)} data problem(s); broken tables are left out "
              f"(run `python -m desertion check {args.data_dir}`)", file=sys.stderr)
    bounds = table_bounds(frames)
    period = Period.of_months(args.from_month or bounds.from_month, args.to_month or bounds.to_month)
    if period.start > period.end:
        raise UsageError(f"--from {args.from_month} is after --to {args.to_month}")
    preset = preset_for(period, build_presets(bounds))
    label = preset.label if preset else period.describe()
    out = Path(args.out)
    _writable_target(out, is_dir=args.what == "charts")
    selection = Selection(frames, period)
    try:
        if args.what == "deck":
            slides = deck.build_deck(selection, period_label=label, version=__version__)
            data = deck_export.to_pptx(slides) if args.format == "pptx" else deck_export.to_pdf(slides)
            write_atomic(out, data)
            print(f"{out}: {len(slides.slides)} slides, {label}")
        elif args.what == "charts":
            out.mkdir(parents=True, exist_ok=True)
            chart_views = views.all_chart_views(selection)
            for view in chart_views:
                write_atomic(out / f"{view.key}.{args.format}", images.render(view.figure, args.format))
            print(f"{out}: {len(chart_views)} charts as {args.format}, {label}")
        else:
            maker = data_export.data_zip if args.format == "csv" else data_export.data_xlsx
            write_atomic(out, maker(selection, period_label=label, version=__version__))
            print(f"{out}: data for {label} as {args.format}")
    except images.ExportUnavailable as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # the disk filled up, the folder went away meanwhile: one line, not a traceback
        print(f"error: could not write {out}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0


def import_file(args: argparse.Namespace) -> int:
    """Replace a table with FILE (or add FILE's rows with --append), keeping the previous version.

    The same code as the dashboard's Data page (`desertion.updates`): validate, then write under a lock
    with the old file kept in DATA_DIR/history/ and a line in DATA_DIR/changelog.csv. It does not need
    DESERTION_EDITING, which only guards the web page: this command runs on the maintainer's own machine,
    where the files are theirs to edit anyway. Exit 0 when written (one summary line), 1 when rejected
    (every problem printed, no file touched) or when the table changed meanwhile, 2 for bad arguments
    (a missing FILE, an unknown --table, a --data-dir that is not a folder).
    """
    from desertion import updates

    if not args.data_dir.is_dir():
        raise UsageError(f"--data-dir {args.data_dir}: not a folder")
    try:
        with open(args.file, "rb") as upload:
            size = os.fstat(upload.fileno()).st_size
            too_big = updates.upload_size_issues(size, args.file.name)
            raw = b"" if too_big else upload.read(updates.MAX_UPLOAD_BYTES + 1)  # bounded, even for a device
    except FileNotFoundError:
        raise UsageError(f"{args.file}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{args.file}: is a folder, not a CSV file") from None
    except OSError as err:
        raise UsageError(f"{args.file}: cannot be read ({err.strerror or err})") from None
    target = updates.shown_path(args.data_dir / TABLES[args.table].file_name)
    plan = updates.plan_update(args.data_dir, args.table, raw, args.file.name, append=args.append)
    issues = too_big or list(plan.issues)
    if issues:
        for issue in issues:
            print(issue)
        print(f"{len(issues)} problem(s); {target} was not changed")
        return 1
    if plan.unchanged:
        print(f"{target}: identical to {args.file}; nothing written")
        return 0
    try:
        kept = updates.apply_update(plan, args.data_dir, note=args.note)
    except updates.ConcurrentChange as err:
        print(err)
        return 1
    previous = f"previous version kept in {updates.shown_path(kept)}" if kept else "new table, no previous version"
    print(f"{target}: {plan.diff.describe()}; {previous}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="python -m desertion", description="Desertion Monitor data tools.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    check_cmd = commands.add_parser("check", help="validate the data tables")
    check_cmd.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    docs_cmd = commands.add_parser("docs", help="rewrite docs/data-dictionary.md from the schema")
    docs_cmd.add_argument("--out", type=Path, default=docs.DICTIONARY)
    docs_cmd.add_argument("--check", action="store_true", help="exit 1 if the file is out of date instead of writing")
    export_cmd = commands.add_parser("export", help="export the deck, the charts or the data for a period")
    export_cmd.add_argument("what", choices=list(EXPORT_FORMATS))
    export_cmd.add_argument("--from", dest="from_month", type=_month, help="first month, YYYY-MM (default: all)")
    export_cmd.add_argument("--to", dest="to_month", type=_month, help="last month, YYYY-MM (default: all)")
    export_cmd.add_argument("--format", required=True)
    export_cmd.add_argument("--out", required=True)
    export_cmd.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    import_cmd = commands.add_parser("import", help="replace a table with a CSV file (or append its rows), "
                                                    "keeping the previous version")
    import_cmd.add_argument("file", type=Path)
    import_cmd.add_argument("--table", required=True, choices=list(TABLES))
    import_cmd.add_argument("--append", action="store_true", help="add the file's rows instead of replacing")
    import_cmd.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    import_cmd.add_argument("--note", default="", help="why, for data/changelog.csv")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "check":
            return check(args.data_dir)
        if args.command == "docs":
            return docs.update_dictionary(args.out, check_only=args.check)
        if args.command == "import":
            return import_file(args)
        return export(args)
    except UsageError as err:
        print(f"python -m desertion: error: {err}", file=sys.stderr)
        return 2
