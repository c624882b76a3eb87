"""The Data page only: validate an upload once, show its problems or its preview, write it on confirmation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from desertion import updates
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


def render_update_plan(plan: updates.UpdatePlan, folder: Path) -> None:
    """Every problem with where to fix it, or the preview of the change and the button that writes it."""
    # The upload's file name is the visitor's text: literal, like every cell it holds.
    target, upload_name = escape_markdown(TABLES[plan.table].file_name), escape_markdown(plan.upload_name)
    if not plan.ok:
        st.error(f"{len(plan.issues)} problem(s) in {upload_name}; {target} was not changed. Fix these and "
                 "upload again:", icon=":material/error:")
        st.code("\n".join(str(issue) for issue in plan.issues), language=None, wrap_lines=True)
        return
    if plan.unchanged:
        st.info(f"{upload_name} is identical to {target}; there is nothing to write.", icon=":material/check:")
        return
    counts = plan.diff.counts
    st.success(f"{upload_name} is valid: {plan.diff.describe()}.", icon=":material/check_circle:")
    added, changed, removed = st.tabs([f"Added ({int(counts['added'])})", f"Changed ({int(counts['changed'])})",
                                       f"Removed ({int(counts['removed'])})"])
    added.dataframe(updates.added_frame(plan.diff), hide_index=True, width="stretch")
    changed.dataframe(updates.changes_frame(plan.diff), hide_index=True, width="stretch")
    removed.dataframe(updates.removed_frame(plan.diff), hide_index=True, width="stretch")
    note = st.text_input("Note for the change log (what changed and why)", key="data_note")
    if st.button(f"Write these changes to {target}", type="primary", key="data_confirm"):
        try:
            kept = updates.apply_update(plan, folder, note)
        except updates.ConcurrentChange as err:
            st.error(escape_markdown(err), icon=":material/sync_problem:")
            return
        st.session_state.pop("data_plan", None)
        kept_text = f" The previous version is kept as {escape_markdown(updates.shown_path(kept))}." if kept else ""
        st.success(f"{target} updated: {plan.diff.describe()}.{kept_text}", icon=":material/save:")


def render_changelog(folder: Path, rows: int = 20) -> None:
    """The latest lines of data/changelog.csv, if there is one, after settling what killed writes left behind
    (`updates.reconcile`: a journalled line whose table was replaced joins the log, temporary files go)."""
    log = folder / updates.CHANGELOG
    st.subheader("Change log")
    try:
        updates.reconcile(folder)
    except OSError as err:  # a read-only deployment: show the log as it is, and say why it may lag
        st.caption(f"Unfinished writes could not be settled ({escape_markdown(err)}); the log may miss the last "
                   "change until a maintainer runs an import.")
    if not log.exists():
        st.caption("No change has been made through the Data page or `python -m desertion import` yet.")
        return
    try:
        frame = pd.read_csv(log, dtype=str, keep_default_na=False)
    except (ValueError, OSError) as err:  # a hand-edited log should not take the page down
        st.error(f"{escape_markdown(updates.shown_path(log))} could not be read: {escape_markdown(err)}",
                 icon=":material/error:")
        return
    st.dataframe(frame.tail(rows).iloc[::-1], hide_index=True, width="stretch")
