"""Chart titles that state the finding of the rows shown, and fall back to a neutral title when they support none.

A title such as "Requests for help to desert nearly doubled: 305 → 577 (+89%)" is a claim, so it is computed
from the very rows a chart draws, by the rules below, each with its own unit test. When the rows do not
support a comparison the title is the neutral description and `Heading.rule` says why, so a reader (and a
test) can tell a refusal from a finding.

Interval figures (Idite Lesom requests, court counts by year or month), `state_interval_finding`:
  - compared: the latest reporting window with the one before it, both of the same length, not overlapping,
    both wholly inside the period, of one series (one metric, or one article and measure);
  - refused: fewer than two windows; mixed series; two figures for one window (a revision: pick one first); windows of different lengths; overlapping windows; a
    window partly outside the period; an earlier figure of zero; lower bounds that make the direction unsafe
    (a rise from a lower bound, a fall to a lower bound, or two lower bounds).
Two windows compared by name (the comparison slide), `state_window_change`: the same rules, except that a
window partly outside the period does not refuse it.
Running totals (court cases since mobilisation or since the invasion), `state_snapshot_finding`:
  - compared: the newest snapshot with the earliest one shown, both of one scope, article and measure, the
    newest dated wholly inside the period;
  - refused: fewer than two snapshots; mixed scope, article or measure; the newest date partly outside the
    period; a newest total below the earlier one (two counters that do not form one series); a lower bound
    in the earlier snapshot; two snapshots on the same date.
Wording of a change from `before` to `after` (ratio r = after / before), `describe_change`:
  r ≥ 3 "more than tripled" (exactly 3: "tripled"); 2 < r < 3 "more than doubled"; r = 2 "doubled";
  1.8 ≤ r < 2 "nearly doubled"; 1.05 ≤ r < 1.8 "rose"; 1 < r < 1.05 "rose slightly"; r = 1 "were unchanged";
  0.95 < r < 1 "fell slightly"; 0.55 < r ≤ 0.95 "fell"; 0.5 < r ≤ 0.55 "nearly halved"; r = 0.5 "halved";
  r < 0.5 "fell by more than half". A lower bound on the later figure (a safe rise) or on the earlier one (a
  safe fall) turns the wording into "rose by at least N%" / "fell by at least N%": multiples are never
  claimed from a bound.
Every word is said in the language of the code running now (`i18n.active`); a `subject` handed in is a plural
noun phrase in that language ("Запросы о помощи в дезертирстве"), as the verbs agree with it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from desertion.formatting import describe_window, format_count, format_date
from desertion.i18n.active import _, current
from desertion.i18n.catalogue import DEFAULT_LANGUAGE, N_
from desertion.periods import INSIDE, PARTLY, precision_end, window_months

# Ratio thresholds of the wording, named so tests and docs can cite them.
NEARLY_DOUBLED = 1.8
ROSE = 1.05
FELL = 0.95
NEARLY_HALVED = 0.55
# Windows whose lengths differ by less than this many months count as like-length (Feb has 28 days).
LENGTH_TOLERANCE_MONTHS = 0.1

# Refusal and finding rule names, carried in Heading.rule.
RULE_CHANGE = "change between like-length windows"
RULE_RUNNING_TOTAL = "running total grew"
REFUSE_ONE_WINDOW = "fewer than two windows"
REFUSE_MIXED = "mixed series"
REFUSE_DUPLICATE = "two figures for one window"
REFUSE_LENGTHS = "windows of different lengths"
REFUSE_OVERLAP = "overlapping windows"
REFUSE_PARTLY = "partly outside the period"
REFUSE_ZERO = "earlier figure is zero"
REFUSE_BOUND = "lower bound makes the comparison unsafe"
REFUSE_FALLING_TOTAL = "running total fell"
REFUSE_SAME_DATE = "snapshots on the same date"

# Marks a chart can use, for the notes line.
MARK_HATCHED = "hatched"
MARK_HOLLOW = "hollow"
MARK_LOWER_BOUND = "lower bound"
MARK_APPROXIMATE = "approximate"
MARK_PER_MONTH = "per month"
MARK_REVISED = "revised"
MARK_NOTES = {
    MARK_HATCHED: N_("Hatched: a reporting window partly outside the period."),
    MARK_HOLLOW: N_("Hollow point: a date known only to the month, quarter or year, partly outside the period."),
    MARK_LOWER_BOUND: N_("“At least” (>): a lower bound, the true figure may be higher."),
    MARK_APPROXIMATE: N_("≈: an approximate figure, as the source gave it."),
    MARK_PER_MONTH: N_("Per month: each window's figure divided by its length in months (a rate, not a reported "
                       "figure)."),
    MARK_REVISED: N_("*: a count revised by a later publication."),
}
REVISED_SUFFIX = "*"


def is_revised(frame: pd.DataFrame) -> pd.Series:
    """True for rows whose value replaced an earlier published one (`revised_from`, set by
    headlines.latest_revisions); all False for rows that carry no revision history."""
    if "revised_from" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["revised_from"].astype("string").fillna("").str.len().gt(0)


@dataclass(frozen=True)
class Heading:
    """A chart's title and subtitle. With a finding, the title states it and the subtitle says what is
    counted; without one, the title is the neutral description, `subtitle` is None (the chart's period line
    stays) and `rule` names the refusal."""

    title: str
    subtitle: str | None
    rule: str

    @property
    def is_finding(self) -> bool:
        return self.subtitle is not None


def _percent(before: float, after: float) -> str:
    """'+89%', '−37%': whole percent, signed; grouped in the language's way beyond 999 ('+1 200%' in Russian)."""
    change = round((after / before - 1) * 100)
    if current() == DEFAULT_LANGUAGE:
        return f"{change:+d}%".replace("-", "−")
    return ("+" if change >= 0 else "−") + format_count(abs(change)) + "%"


def describe_change(before: float, after: float, *, before_bound: bool = False,
                    after_bound: bool = False) -> str | None:
    """The verb phrase for a change ("nearly doubled", "fell by at least 20%"), or None when the figures do
    not allow a safe statement: a zero or negative earlier figure, two lower bounds, or a bound on the side
    that could reverse the direction."""
    if before <= 0 or after < 0 or (before_bound and after_bound):
        return None
    ratio = after / before
    if after_bound or before_bound:
        safe = (after_bound and ratio > 1) or (before_bound and ratio < 1)
        if not safe:
            return None
        # Rounded down: "at least 89%" must not round 88.6% up.
        percent = format_count(math.floor(abs(ratio - 1) * 100))
        return (_("rose by at least {percent}%") if ratio > 1 else _("fell by at least {percent}%")).format(
            percent=percent)
    return _(_change_verb(ratio))


def _change_verb(ratio: float) -> str:
    """The message id of the verb phrase for a ratio without bounds (see the module docstring's thresholds)."""
    if ratio > 3:
        return N_("more than tripled")
    if ratio == 3:
        return N_("tripled")
    if ratio > 2:
        return N_("more than doubled")
    if ratio == 2:
        return N_("doubled")
    if ratio >= NEARLY_DOUBLED:
        return N_("nearly doubled")
    if ratio >= ROSE:
        return N_("rose")
    if ratio > 1:
        return N_("rose slightly")
    if ratio == 1:
        return N_("were unchanged")
    if ratio > FELL:
        return N_("fell slightly")
    if ratio > NEARLY_HALVED:
        return N_("fell")
    if ratio > 0.5:
        return N_("nearly halved")
    if ratio == 0.5:
        return N_("halved")
    return N_("fell by more than half")


def _figure(value: float, approximate: bool, lower_bound: bool) -> str:
    text = format_count(value)
    return _("at least {figure}").format(figure=text) if lower_bound else (f"≈{text}" if approximate else text)


def _neutral(neutral: str, rule: str) -> Heading:
    return Heading(neutral, None, rule)


def _mixed(frame: pd.DataFrame, keys: Sequence[str]) -> bool:
    return any(frame[k].nunique(dropna=False) > 1 for k in keys if k in frame)


def state_interval_finding(frame: pd.DataFrame, *, subject: str, neutral: str,
                           keys: Sequence[str] = ("metric", "article", "measure")) -> Heading:
    """The finding of interval figures shown in one chart, or the neutral title.

    `frame` holds the rows drawn: period_start, period_end, value, approximate, lower_bound and in_period
    (from the period filter), plus the `keys` columns that name the series. `subject` is the plural noun
    phrase the finding starts with ("Requests for help to desert"), `neutral` the description of what is
    counted. See the module docstring for the rules."""
    if _mixed(frame, keys):
        return _neutral(neutral, REFUSE_MIXED)
    windows = frame.drop_duplicates(["period_start", "period_end"])
    if len(windows) != len(frame):
        return _neutral(neutral, REFUSE_DUPLICATE)
    if len(windows) < 2:
        return _neutral(neutral, REFUSE_ONE_WINDOW)
    if (frame["in_period"] == PARTLY).any():
        return _neutral(neutral, REFUSE_PARTLY)
    rows = frame.sort_values(["period_start", "period_end"], kind="stable")
    months = window_months(rows["period_start"], rows["period_end"])
    if months.max() - months.min() > LENGTH_TOLERANCE_MONTHS:
        return _neutral(neutral, REFUSE_LENGTHS)
    if (rows["period_start"].iloc[1:].to_numpy() <= rows["period_end"].iloc[:-1].to_numpy()).any():
        return _neutral(neutral, REFUSE_OVERLAP)
    earlier, later = rows.iloc[-2], rows.iloc[-1]
    before, after = float(earlier["value"]), float(later["value"])
    if before <= 0:
        return _neutral(neutral, REFUSE_ZERO)
    before_bound, after_bound = bool(earlier["lower_bound"]), bool(later["lower_bound"])
    verb = describe_change(before, after, before_bound=before_bound, after_bound=after_bound)
    if verb is None:
        return _neutral(neutral, REFUSE_BOUND)
    first = _figure(before, bool(earlier["approximate"]), before_bound)
    second = _figure(after, bool(later["approximate"]), after_bound)
    if len(rows) > 2:
        # Which two windows are compared is not obvious when more are drawn: name them.
        first += f" ({describe_window(earlier['period_start'], earlier['period_end'])})"
        second += f" ({describe_window(later['period_start'], later['period_end'])})"
    percent = "" if (before_bound or after_bound) else f" ({_percent(before, after)})"
    title = _("{subject} {verb}: {first} → {second}{percent}").format(
        subject=subject, verb=verb, first=first, second=second, percent=percent)
    return Heading(title, neutral, RULE_CHANGE)


def state_window_change(first: pd.Series, second: pd.Series, *, subject: str, neutral: str) -> Heading:
    """The change between two windows of one series that a reader compares by name (a period's window and
    the one before it), by the rules of `state_interval_finding`; a window reaching outside the period does
    not refuse it, since both windows are named beside the finding."""
    frame = pd.DataFrame([first, second]).reset_index(drop=True)
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    return state_interval_finding(frame.assign(in_period=INSIDE), subject=subject, neutral=neutral, keys=())


def split_by_window_length(frame: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """The rows grouped by their window length in whole months (rounded), longest first: one panel each,
    so a chart compares like with like and each panel can state its own finding."""
    months = window_months(frame["period_start"], frame["period_end"]).round().astype(int)
    return {int(m): frame[months == m] for m in sorted(months.unique(), reverse=True)}


def state_snapshot_finding(frame: pd.DataFrame, *, subject: str, neutral: str,
                           keys: Sequence[str] = ("scope", "article", "measure")) -> Heading:
    """The finding of running totals shown in one chart ("AWOL cases since mobilisation reached 7,400 by
    18 Jun 2024, up from 471 on 21 Mar 2023"), or the neutral title.

    `frame` holds as_of, as_of_precision, value, approximate, lower_bound, in_period and the `keys` columns.
    A running total only grows, so a newer total below an older one means two counters that do not form one
    series, and the title stays neutral."""
    if _mixed(frame, keys):
        return _neutral(neutral, REFUSE_MIXED)
    if len(frame) < 2:
        return _neutral(neutral, REFUSE_ONE_WINDOW)
    precision = frame["as_of_precision"]
    rows = frame.assign(_end=precision_end(frame["as_of"], precision).to_numpy()).sort_values("_end", kind="stable")
    earliest, newest = rows.iloc[0], rows.iloc[-1]
    if earliest["_end"] == newest["_end"]:
        return _neutral(neutral, REFUSE_SAME_DATE)
    if newest["in_period"] == PARTLY:
        return _neutral(neutral, REFUSE_PARTLY)
    before, after = float(earliest["value"]), float(newest["value"])
    if after < before:
        return _neutral(neutral, REFUSE_FALLING_TOTAL)
    if bool(earliest["lower_bound"]):
        return _neutral(neutral, REFUSE_BOUND)
    latest = _figure(after, bool(newest["approximate"]), bool(newest["lower_bound"]))
    first = _figure(before, bool(earliest["approximate"]), False)
    # English says "on" a day and "in" a month, quarter or year: two messages, so another language words each.
    template = (_("{subject} reached {latest} by {date}, up from {first} on {earlier}")
                if earliest["as_of_precision"] == "day" else
                _("{subject} reached {latest} by {date}, up from {first} in {earlier}"))
    title = template.format(subject=subject, latest=latest, first=first,
                            date=format_date(newest["as_of"], newest["as_of_precision"]),
                            earlier=format_date(earliest["as_of"], earliest["as_of_precision"]))
    return Heading(title, neutral, RULE_RUNNING_TOTAL)


def marks_for(frame: pd.DataFrame, *, snapshots: bool = False, per_month: bool = False) -> set[str]:
    """The marks a chart of these rows uses: hatching (windows) or hollow points (snapshots) for rows partly
    outside the period, lower bounds, approximate figures, and per-month rates."""
    marks: set[str] = set()
    if "in_period" in frame and (frame["in_period"] == PARTLY).any():
        marks.add(MARK_HOLLOW if snapshots else MARK_HATCHED)
    if "lower_bound" in frame and frame["lower_bound"].fillna(False).astype(bool).any():
        marks.add(MARK_LOWER_BOUND)
    if "approximate" in frame and frame["approximate"].fillna(False).astype(bool).any():
        marks.add(MARK_APPROXIMATE)
    if per_month:
        marks.add(MARK_PER_MONTH)
    if is_revised(frame).any():
        marks.add(MARK_REVISED)
    return marks


def notes_line(marks: Iterable[str]) -> str:
    """One line explaining the marks a chart uses, in a fixed order; empty when it uses none. An unknown mark
    is a programming error (KeyError), not something to show a reader."""
    wanted = set(marks)
    unknown = wanted - set(MARK_NOTES)
    if unknown:
        raise KeyError(f"no note for marks {sorted(unknown)}; known: {sorted(MARK_NOTES)}")
    return " ".join(_(note) for mark, note in MARK_NOTES.items() if mark in wanted)
