"""Sources & method: every source and what uses it, how periods, scopes and measures work, the data dictionary,
citations and downloads."""

from functools import partial

import pandas as pd
import streamlit as st

from desertion import __version__, datapackage, docs, export, provenance, tables, ui
from desertion.schema import TABLES

ui.leave_legacy_page_discovery()
ctx = ui.context()
today = pd.Timestamp.today()

st.title("Sources & method")

st.subheader("How to cite")
st.caption("This dashboard")
st.code(provenance.dashboard_citation(__version__, today), language=None, wrap_lines=True)
st.caption(f"The current view ({ctx.period_label})")
st.code(provenance.view_citation(ctx.period_label, ctx.period_sources(), __version__, today), language=None, wrap_lines=True)
st.caption("Cite the original outlet of each figure too: it is named under every number and chart.")

st.subheader("Method")
st.markdown(docs.read_method())  # docs/method.md: the one copy of the method text

st.subheader("Sources")
ui.render_sources_table(ctx.sources, key="sources_all", used_by=tables.source_usage(ctx.dataset.frames))

broken = {name: result for name, result in ctx.dataset.results.items() if not result.ok}
if broken:
    st.subheader("Validation errors")
    for name, result in broken.items():
        shown = "shown without its sources" if result.usable else "not shown"
        st.error(f"{ui.escape_markdown(name)}: {len(result.issues)} problem(s); this table is {shown}.",
                 icon=":material/error:")
        st.code("\n".join(str(i) for i in result.issues), language=None)

st.subheader("Download the data")
st.caption("UTF-8 CSV or Excel. Cells that a spreadsheet would run as formulas are prefixed with an apostrophe.")
name = f"desertion-monitor_{ctx.period.from_month}_{ctx.period.to_month}"
bundle_csv, bundle_xlsx = st.columns(2)
bundle_csv.download_button(
    f"All tables for {ctx.period.describe()}, CSV + metadata (ZIP)",
    lambda: export.data_zip(ctx.selection, period_label=ctx.period_label, version=__version__), file_name=f"{name}.zip",
    mime="application/zip", key="sources_download_zip", icon=":material/folder_zip:", on_click="ignore")
bundle_xlsx.download_button(
    f"All tables for {ctx.period.describe()}, Excel with an About sheet",
    lambda: export.data_xlsx(ctx.selection, period_label=ctx.period_label, version=__version__), file_name=f"{name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="sources_download_xlsx",
    icon=":material/table:", on_click="ignore")
st.caption("Single tables:")
for name, schema in TABLES.items():
    frame = ctx.frame(name)
    if frame is None:
        continue
    whole, period_part = st.columns(2)
    # Callables: the CSV is made only when its button is clicked, so a large table costs nothing per rerun.
    whole.download_button(f"{ui.escape_markdown(schema.file_name)} (all {len(frame):,} rows)", partial(export.to_safe_csv, frame),
                          file_name=schema.file_name, mime="text/csv", key=f"sources_download_{name}",
                          icon=":material/download:", on_click="ignore")
    if schema.timing is not None:
        period_part.download_button(f"{ui.escape_markdown(schema.file_name)}, {ctx.period.describe()}",
                                    lambda name=name: export.to_safe_csv(ctx.filter(name)),
                                    file_name=f"{name}_{ctx.period.from_month}_{ctx.period.to_month}.csv",
                                    mime="text/csv", key=f"sources_download_{name}_period",
                                    icon=":material/download:", on_click="ignore")

st.subheader("Data by address, for scripts")
st.caption("The published tables as raw CSV files (byte for byte as validated, not neutralised for spreadsheets), "
           "and a Frictionless Data Package descriptor with their fields, allowed values, meanings and sources. "
           "A table that failed validation is not published.")
origin = ui.server_origin()
st.dataframe(datapackage.build_address_list(ctx.dataset.results, origin), hide_index=True, width="stretch",
             key="sources_addresses")
st.code(f'import pandas as pd\ncourt_counts = pd.read_csv("{origin or "http://127.0.0.1:8501"}/data/court_counts.csv")',
        language="python")

st.subheader("Data dictionary")
st.markdown(docs.render_markdown())
