"""The Data page only: validate an upload once, show its problems or its preview, write it on confirmation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from desertion import updates
from desertion.i18n import Translator
from desertion.i18n.formats import format_count
from desertion.markup import escape_markdown
from desertion.schema import TABLES


def plan_for_upload(folder: Path, table: str, upload, append: bool) -> updates.UpdatePlan:
    """Validate an upload once per file, table and mode in this session (reruns reuse the plan)."""
    key = ("data_plan", upload.file_id, table, append)
    cached = st.session_state.get("data_plan")
    if cached is None or cached[0] != key:
        if upload.size > updates.MAX_UPLOAD_BYTES:
            plan = updates.plan_update(folder, table, b"", upload.name, append)
            plan = replace(plan, issues=tuple(updates.upload_size_issues(upload.size, upload.name)))
        else:
            plan = updates.plan_update(folder, table, upload.getvalue(), upload.name, append)
        st.session_state["data_plan"] = (key, plan)
    return st.session_state["data_plan"][1]


# Each kind of change counted on its own ('0 added, 1 changed, 0 removed', as diffs.Diff.describe says it in English).
CHANGE_COUNTS = {
    "added": lambda t, n: t.ngettext("{count} added", "{count} added", n),
    "changed": lambda t, n: t.ngettext("{count} changed", "{count} changed", n),
    "removed": lambda t, n: t.ngettext("{count} removed", "{count} removed", n),
}


# The change log's columns as the Data page heads them: the file's own names in English (as before), words in
# another language.
CHANGELOG_COLUMNS = {
    "time": lambda t: t.pgettext("change log column", "time"),
    "table": lambda t: t.pgettext("change log column", "table"),
    "rows_added": lambda t: t.pgettext("change log column", "rows_added"),
    "rows_changed": lambda t: t.pgettext("change log column", "rows_changed"),
    "rows_removed": lambda t: t.pgettext("change log column", "rows_removed"),
    "note": lambda t: t.pgettext("change log column", "note"),
    "row_id": lambda t: t.pgettext("change log column", "row_id"),
    "source_id": lambda t: t.pgettext("change log column", "source_id"),
}


def describe_counts(counts: dict[str, int], t: Translator) -> str:
    """The diff's counts in the reader's language: '2 added, 1 changed, 0 removed' / 'добавлено: 2, …'."""
    return t.gettext(", ").join(CHANGE_COUNTS[kind](t, int(counts[kind])).format(
        count=format_count(int(counts[kind]), language=t.language)) for kind in CHANGE_COUNTS)


def render_update_plan(plan: updates.UpdatePlan, folder: Path, t: Translator) -> None:
    """Every problem with where to fix it, or the preview of the change and the button that writes it. The
    problems themselves are the validator's `FILE:LINE: column …` lines, the same as `python -m desertion check`."""
    # The upload's file name is the visitor's text: literal, like every cell it holds.
    target, upload_name = escape_markdown(TABLES[plan.table].file_name), escape_markdown(plan.upload_name)
    if not plan.ok:
        st.error(t.ngettext("{count} problem(s) in {file}; {table} was not changed. Fix these and upload again:",
                            "{count} problem(s) in {file}; {table} was not changed. Fix these and upload again:",
                            len(plan.issues)).format(count=len(plan.issues), file=upload_name, table=target),
                 icon=":material/error:")
        st.code("\n".join(str(issue) for issue in plan.issues), language=None, wrap_lines=True)
        return
    if plan.unchanged:
        st.info(t.gettext("{file} is identical to {table}; there is nothing to write.").format(
            file=upload_name, table=target), icon=":material/check:")
        return
    counts = plan.diff.counts
    described = escape_markdown(describe_counts(counts, t))  # our words and numbers; escaped all the same
    st.success(t.gettext("{file} is valid: {changes}.").format(file=upload_name, changes=described),
               icon=":material/check_circle:")
    added, changed, removed = st.tabs([t.gettext("Added ({count})").format(count=int(counts["added"])),
                                       t.gettext("Changed ({count})").format(count=int(counts["changed"])),
                                       t.gettext("Removed ({count})").format(count=int(counts["removed"]))])
    added.dataframe(updates.added_frame(plan.diff), hide_index=True, width="stretch")
    changed.dataframe(updates.changes_frame(plan.diff), hide_index=True, width="stretch")
    removed.dataframe(updates.removed_frame(plan.diff), hide_index=True, width="stretch")
    note = st.text_input(t.gettext("Note for the change log (what changed and why)"), key="data_note")
    if st.button(t.gettext("Write these changes to {table}").format(table=target), type="primary", key="data_confirm"):
        try:
            kept = updates.apply_update(plan, folder, note)
        except updates.ConcurrentChange as err:
            st.error(escape_markdown(err), icon=":material/sync_problem:")
            return
        st.session_state.pop("data_plan", None)
        kept_text = t.gettext(" The previous version is kept as {path}.").format(
            path=escape_markdown(updates.shown_path(kept))) if kept else ""
        st.success(t.gettext("{table} updated: {changes}.").format(table=target, changes=described) + kept_text,
                   icon=":material/save:")


def render_changelog(folder: Path, t: Translator, rows: int = 20) -> None:
    """The latest lines of data/changelog.csv, if there is one, after settling what killed writes left behind
    (`updates.reconcile`: a journalled line whose table was replaced joins the log, temporary files go)."""
    log = folder / updates.CHANGELOG
    st.subheader(t.gettext("Change log"))
    try:
        updates.reconcile(folder)
    except OSError as err:  # a read-only deployment: show the log as it is, and say why it may lag
        st.caption(t.gettext("Unfinished writes could not be settled ({error}); the log may miss the last change "
                             "until a maintainer runs an import.").format(error=escape_markdown(err)))
    if not log.exists():
        st.caption(t.gettext("No change has been made through the Data page or `python -m desertion import` yet."))
        return
    try:
        frame = pd.read_csv(log, dtype=str, keep_default_na=False)
    except (ValueError, OSError) as err:  # a hand-edited log should not take the page down
        st.error(t.gettext("{file} could not be read: {error}").format(file=escape_markdown(updates.shown_path(log)),
                                                                      error=escape_markdown(err)),
                 icon=":material/error:")
        return
    shown = frame.tail(rows).iloc[::-1]
    st.dataframe(shown.rename(columns={c: CHANGELOG_COLUMNS[c](t) for c in shown.columns if c in CHANGELOG_COLUMNS}),
                 hide_index=True, width="stretch")
