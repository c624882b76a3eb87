"""Data: upload a new version of a table (or rows to append), see every problem or a preview, then confirm."""

import streamlit as st

from desertion import ui, updates
from desertion.schema import TABLES

ui.leave_legacy_page_discovery()
ctx = ui.context()

st.title("Update the data")
folder = ui.data_dir()
# No st.stop() here: the entrypoint draws the sidebar after the page.
if not updates.editing_enabled():
    st.info(f"Editing is off: this dashboard is read-only. A maintainer enables it on their own machine by "
            f"starting the server with the environment variable {updates.EDITING_ENV}=1 (see the README). "
            "The same checks run from the command line: python -m desertion import FILE --table NAME.",
            icon=":material/lock:")
else:
    st.caption("The upload is checked with the same rules as the shipped data. Nothing is written until you "
               "confirm; the previous version is kept in data/history/ and the change is logged.")
    left, right = st.columns(2)
    table = left.selectbox("Table", list(TABLES), key="data_table", format_func=lambda t: TABLES[t].file_name)
    append = right.radio("The file holds", ["the whole table (replace)", "new rows only (append)"],
                         key="data_mode", horizontal=True) == "new rows only (append)"
    upload = st.file_uploader(f"CSV file, UTF-8, at most {updates.MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
                              type=["csv"], key="data_upload")
    if upload is not None:
        plan = ui.plan_for_upload(folder, table, upload, append)
        ui.render_update_plan(plan, folder)
ui.render_changelog(folder)
