"""Command line.

    python -m desertion check [DATA_DIR]
    python -m desertion docs [--check]
    python -m desertion export deck   --from 2023-06 --to 2023-11 --format pptx|pdf --out PATH
    python -m desertion export charts --from ... --to ... --format png|svg|pdf --out DIR
    python -m desertion export data   --from ... --to ... --format csv|xlsx --out PATH
    python -m desertion import FILE --table NAME [--append] [--data-dir DIR] [--note TEXT]

Every command takes `--lang ru|en` (default en): its messages, the help of its options and what an export
writes (the deck's slides, the charts, the About sheet) are in that language. The language is read from the
arguments before they are parsed, so an error in them is reported in it too (argparse's own common phrases
are said again in the language: `argparse_message`); everything then runs inside `i18n.active(lang)`.

Exports use the same code as the dashboard's buttons. Bad arguments get a one-line error and exit 2.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from desertion import __version__, docs
from desertion.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_
from desertion.i18n.active import _, active, current, ngettext
from desertion.i18n.formats import describe_period, preset_label
from desertion.loading import load_dataset
from desertion.files import write_atomic
from desertion.selection import Selection
from desertion.periods import MONTH_PATTERN, Period, build_presets, preset_for, table_bounds
from desertion.schema import TABLES

DEFAULT_DATA_DIR = Path("data")
EXPORT_FORMATS = {"deck": ("pptx", "pdf"), "charts": ("png", "svg", "pdf"), "data": ("csv", "xlsx")}


class UsageError(Exception):
    """A bad argument: reported on one line, exit status 2."""


# argparse's own error phrases (it says them in English only), each said again in the active language.
ARGPARSE_PHRASES = (
    (re.compile(r"argument (?P<argument>[^:]+): (?P<reason>.*)", re.S), N_("argument {argument}: {reason}")),
    (re.compile(r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)"),
     N_("invalid choice: {value} (choose from {choices})")),
    (re.compile(r"expected one argument"), N_("expected one argument")),
    (re.compile(r"the following arguments are required: (?P<names>.+)"),
     N_("the following arguments are required: {names}")),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), N_("unrecognized arguments: {names}")),
)


def argparse_message(message: str) -> str:
    """An argparse error in the active language: its known phrases translated (the reason inside 'argument
    --x: reason' too), anything else as argparse said it."""
    for pattern, template in ARGPARSE_PHRASES:
        match = pattern.fullmatch(message)
        if match:
            fields = match.groupdict()
            if "reason" in fields:
                fields["reason"] = argparse_message(fields["reason"])
            return _(template).format(**fields)
    return message


class OneLineParser(argparse.ArgumentParser):
    """argparse prints the usage block on errors; here a bad argument is one line, as scripts expect."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(argparse_message(message))


def check(data_dir: Path) -> int:
    """Validate every table; print a summary line per table, or every error. Exit 0 when all are valid."""
    if not data_dir.is_dir():
        print(_("{folder}: not a folder of CSV tables").format(folder=data_dir))
        return 1
    dataset = load_dataset(data_dir)
    issues = dataset.issues
    for result in dataset.results.values():
        if result.ok:  # plain digits: scripts read these lines
            print(ngettext("{file}: {count} rows, valid", "{file}: {count} rows, valid", result.rows_read).format(
                file=result.path.name, count=result.rows_read))
    for issue in issues:
        print(issue)
    if issues:
        broken = sum(1 for r in dataset.results.values() if not r.ok)
        print(ngettext("{count} error(s) in {broken} of {total} tables",
                       "{count} error(s) in {broken} of {total} tables", len(issues)).format(
            count=len(issues), broken=broken, total=len(dataset.results)))
        return 1
    return 0


def _month(value: str) -> str:
    if not MONTH_PATTERN.fullmatch(value):
        raise argparse.ArgumentTypeError(_("{value} is not a month like 2023-09").format(value=repr(value)))
    return value


def _writable_target(path: Path, is_dir: bool) -> None:
    """Refuse before any work if the result could not be written."""
    folder = path if is_dir else path.parent
    if is_dir and path.exists() and not path.is_dir():
        raise UsageError(_("--out {path}: exists and is not a folder").format(path=path))
    if not is_dir and path.is_dir():
        raise UsageError(_("--out {path}: is a folder; give a file name").format(path=path))
    probe = folder if folder.exists() else folder.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        raise UsageError(_("--out {path}: cannot write to {folder}").format(path=path, folder=folder))


def _not_a_folder(data_dir: Path) -> UsageError:
    return UsageError(_("--data-dir {folder}: not a folder").format(folder=data_dir))


def period_name(period: Period, bounds: Period, language: str) -> str:
    """The period's name as the dashboard gives it in the language: a preset's ('All time' / 'За всё время'),
    else its months."""
    preset = preset_for(period, build_presets(bounds))
    return preset_label(preset, language=language) if preset else describe_period(period, language=language)


def export(args: argparse.Namespace) -> int:
    """Render the deck, the charts or the data for a period and write them where --out says."""
    from desertion import deck, deck_export, export as data_export, images, views

    if args.format not in EXPORT_FORMATS[args.what]:
        formats = (" " + _("or") + " ").join(EXPORT_FORMATS[args.what])
        raise UsageError(_("--format {format}: {what} exports as {formats}").format(
            format=args.format, what=args.what, formats=formats))
    if not args.data_dir.is_dir():
        raise _not_a_folder(args.data_dir)
    dataset = load_dataset(args.data_dir)
    frames = dataset.frames
    if not frames:
        print(_("error: no table in {folder} is valid, nothing to export (run `python -m desertion check {folder}`)")
              .format(folder=args.data_dir), file=sys.stderr)
        return 1
    if dataset.issues:
        print(ngettext("warning: {count} data problem(s); broken tables are left out "
                       "(run `python -m desertion check {folder}`)",
                       "warning: {count} data problem(s); broken tables are left out "
                       "(run `python -m desertion check {folder}`)", len(dataset.issues)).format(
            count=len(dataset.issues), folder=args.data_dir), file=sys.stderr)
    bounds = table_bounds(frames)
    period = Period.of_months(args.from_month or bounds.from_month, args.to_month or bounds.to_month)
    if period.start > period.end:
        raise UsageError(_("--from {first} is after --to {last}").format(first=args.from_month, last=args.to_month))
    label = period_name(period, bounds, current())
    out = Path(args.out)
    _writable_target(out, is_dir=args.what == "charts")
    selection = Selection(frames, period)
    try:
        if args.what == "deck":
            slides = deck.build_deck(selection, period_label=label, version=__version__)
            data = deck_export.to_pptx(slides) if args.format == "pptx" else deck_export.to_pdf(slides)
            write_atomic(out, data)
            print(ngettext("{out}: {count} slide, {period}", "{out}: {count} slides, {period}",
                           len(slides.slides)).format(out=out, count=len(slides.slides), period=label))
        elif args.what == "charts":
            out.mkdir(parents=True, exist_ok=True)
            chart_views = views.all_chart_views(selection)
            for view in chart_views:
                write_atomic(out / f"{view.key}.{args.format}", images.render(view.figure, args.format))
            print(ngettext("{out}: {count} chart as {format}, {period}", "{out}: {count} charts as {format}, {period}",
                           len(chart_views)).format(out=out, count=len(chart_views), format=args.format,
                                                    period=label))
        else:
            maker = data_export.data_zip if args.format == "csv" else data_export.data_xlsx
            write_atomic(out, maker(selection, period_label=label, version=__version__))
            print(_("{out}: data for {period} as {format}").format(out=out, period=label, format=args.format))
    except images.ExportUnavailable as err:
        print(_("error: {message}").format(message=err), file=sys.stderr)
        return 1
    except OSError as err:  # the disk filled up, the folder went away meanwhile: one line, not a traceback
        print(_("error: could not write {path}: {reason}").format(path=out, reason=err.strerror or err),
              file=sys.stderr)
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
        raise _not_a_folder(args.data_dir)
    try:
        with open(args.file, "rb") as upload:
            size = os.fstat(upload.fileno()).st_size
            too_big = updates.upload_size_issues(size, args.file.name)
            raw = b"" if too_big else upload.read(updates.MAX_UPLOAD_BYTES + 1)  # bounded, even for a device
    except FileNotFoundError:
        raise UsageError(_("{file}: no such file").format(file=args.file)) from None
    except IsADirectoryError:
        raise UsageError(_("{file}: is a folder, not a CSV file").format(file=args.file)) from None
    except OSError as err:
        raise UsageError(_("{file}: cannot be read ({reason})").format(file=args.file,
                                                                      reason=err.strerror or err)) from None
    target = updates.shown_path(args.data_dir / TABLES[args.table].file_name)
    plan = updates.plan_update(args.data_dir, args.table, raw, args.file.name, append=args.append)
    issues = too_big or list(plan.issues)
    if issues:
        for issue in issues:
            print(issue)
        print(ngettext("{count} problem(s); {target} was not changed", "{count} problem(s); {target} was not changed",
                       len(issues)).format(count=len(issues), target=target))
        return 1
    if plan.unchanged:
        print(_("{target}: identical to {file}; nothing written").format(target=target, file=args.file))
        return 0
    try:
        kept = updates.apply_update(plan, args.data_dir, note=args.note)
    except updates.ConcurrentChange as err:
        print(err)
        return 1
    previous = (_("previous version kept in {path}").format(path=updates.shown_path(kept)) if kept
                else _("new table, no previous version"))
    print(_("{target}: {changes}; {previous}").format(target=target, changes=plan.diff.describe(), previous=previous))
    return 0


def language_of(argv: Sequence[str]) -> str:
    """The language `--lang ru` (or `--lang=ru`) asks for, read before parsing so that even a parse error is
    reported in it; English when it is absent or names no language the catalogue has (argparse then says so)."""
    for index, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else \
            argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None
        if value in LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


def _lang_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                         help=_("language of the messages and of what is exported (default: en)"))


def build_parser() -> argparse.ArgumentParser:
    """The commands and their options, with help in the active language."""
    parser = OneLineParser(prog="python -m desertion", description=_("Desertion Monitor data tools."))
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    check_cmd = commands.add_parser("check", help=_("validate the data tables"))
    check_cmd.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    docs_cmd = commands.add_parser("docs", help=_("rewrite docs/data-dictionary.md from the schema"))
    docs_cmd.add_argument("--out", type=Path, default=docs.DICTIONARY)
    docs_cmd.add_argument("--check", action="store_true",
                          help=_("exit 1 if the file is out of date instead of writing"))
    export_cmd = commands.add_parser("export", help=_("export the deck, the charts or the data for a period"))
    export_cmd.add_argument("what", choices=list(EXPORT_FORMATS))
    export_cmd.add_argument("--from", dest="from_month", type=_month,
                            help=_("first month, YYYY-MM (default: all)"))
    export_cmd.add_argument("--to", dest="to_month", type=_month, help=_("last month, YYYY-MM (default: all)"))
    export_cmd.add_argument("--format", required=True,
                            help=_("deck: pptx or pdf; charts: png, svg or pdf; data: csv or xlsx"))
    export_cmd.add_argument("--out", required=True, help=_("the file (a folder for charts) to write"))
    export_cmd.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    import_cmd = commands.add_parser("import", help=_("replace a table with a CSV file (or append its rows), "
                                                      "keeping the previous version"))
    import_cmd.add_argument("file", type=Path)
    import_cmd.add_argument("--table", required=True, choices=list(TABLES))
    import_cmd.add_argument("--append", action="store_true", help=_("add the file's rows instead of replacing"))
    import_cmd.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    import_cmd.add_argument("--note", default="", help=_("why, for data/changelog.csv"))
    for command in (check_cmd, docs_cmd, export_cmd, import_cmd):
        _lang_option(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command in the language its `--lang` names; the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    with active(language_of(argv)):
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
            print(_("python -m desertion: error: {message}").format(message=err), file=sys.stderr)
            return 2
