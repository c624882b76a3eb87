"""Data: upload a new version of a table (or rows to append), see every problem or a preview, then confirm."""

import streamlit as st

from desertion import ui, updates
from desertion.schema import TABLES

ui.leave_legacy_page_discovery()
ctx = ui.context()
t = ctx.t

st.title(t.gettext("Update the data"))
folder = ui.data_dir()
# No st.stop() here: the entrypoint draws the sidebar after the page.
if not updates.editing_enabled():
    st.info(t.gettext("Editing is off: this dashboard is read-only. A maintainer enables it on their own machine by "
                      "starting the server with the environment variable {variable}=1 (see the README). The same "
                      "checks run from the command line: python -m desertion import FILE --table NAME.").format(
                          variable=updates.EDITING_ENV), icon=":material/lock:")
else:
    st.caption(t.gettext("The upload is checked with the same rules as the shipped data. Nothing is written until "
                         "you confirm; the previous version is kept in data/history/ and the change is logged."))
    left, right = st.columns(2)
    table = left.selectbox(t.gettext("Table"), list(TABLES), key="data_table",
                           format_func=lambda name: TABLES[name].file_name)
    # The options are the modes' codes; the reader sees them in the language.
    modes = {"replace": t.gettext("the whole table (replace)"), "append": t.gettext("new rows only (append)")}
    append = right.radio(t.gettext("The file holds"), list(modes), key="data_mode", horizontal=True,
                         format_func=modes.__getitem__) == "append"
    upload = st.file_uploader(t.gettext("CSV file, UTF-8, at most {size} MB").format(
        size=updates.MAX_UPLOAD_BYTES // (1024 * 1024)), type=["csv"], key="data_upload")
    if upload is not None:
        plan = ui.plan_for_upload(folder, table, upload, append)
        ui.render_update_plan(plan, folder, t)
ui.render_changelog(folder, t)
