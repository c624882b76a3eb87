"""Sources & method: every source and what uses it, how periods, scopes and measures work, the data dictionary,
citations and downloads."""

from functools import partial

import pandas as pd
import streamlit as st

from desertion import __version__, datapackage, docs, export, provenance, ui
from desertion.i18n import formats
from desertion.schema import TABLES

ui.leave_legacy_page_discovery()
ctx = ui.context()
t = ctx.t
today = pd.Timestamp.today()
period_text = formats.describe_period(ctx.period, language=ctx.language)


def in_english_only(render) -> None:
    """The method and the data dictionary are written in English only (docs/): on another language's page they
    sit in an expander that says so, so the page's own text stays in the reader's language."""
    if ctx.language == "en":
        render()
        return
    with st.expander(t.gettext("In English only"), key=f"english_only_{render.__name__}"):
        render()


st.title(t.gettext("Sources & method"))

st.subheader(t.gettext("How to cite"))
st.caption(t.gettext("This dashboard"))
st.code(provenance.dashboard_citation(__version__, today), language=None, wrap_lines=True)
st.caption(t.gettext("The current view ({period})").format(period=ctx.period_name))
st.code(provenance.view_citation(ctx.period_name, ctx.period_sources(), __version__, today), language=None, wrap_lines=True)
st.caption(t.gettext("Cite the original outlet of each figure too: it is named under every number and chart."))


def method() -> None:
    st.markdown(docs.read_method())  # docs/method.md: the one copy of the method text


st.subheader(t.gettext("Method"))
in_english_only(method)

st.subheader(t.gettext("Sources"))
ui.render_sources_table(ctx.sources, key="sources_all", used_by=ui.source_usage(ctx))

broken = {name: result for name, result in ctx.dataset.results.items() if not result.ok}
if broken:
    st.subheader(t.gettext("Validation errors"))
    for name, result in broken.items():
        count = len(result.issues)
        if result.usable:
            problem = t.ngettext("{table}: {count} problem(s); this table is shown without its sources.",
                                 "{table}: {count} problem(s); this table is shown without its sources.", count)
        else:
            problem = t.ngettext("{table}: {count} problem(s); this table is not shown.",
                                 "{table}: {count} problem(s); this table is not shown.", count)
        st.error(problem.format(table=ui.escape_markdown(name), count=count), icon=":material/error:")
        st.code("\n".join(str(i) for i in result.issues), language=None)

st.subheader(t.gettext("Download the data"))
st.caption(t.gettext("UTF-8 CSV or Excel. Cells that a spreadsheet would run as formulas are prefixed with an "
                     "apostrophe."))
name = f"desertion-monitor_{ctx.period.from_month}_{ctx.period.to_month}"
bundle_csv, bundle_xlsx = st.columns(2)
bundle_csv.download_button(
    t.gettext("All tables for {period}, CSV + metadata (ZIP)").format(period=period_text),
    lambda: export.data_zip(ctx.selection, period_label=ctx.period_name, version=__version__,
                            language=ctx.language), file_name=f"{name}.zip",
    mime="application/zip", key="sources_download_zip", icon=":material/folder_zip:", on_click="ignore")
bundle_xlsx.download_button(
    t.gettext("All tables for {period}, Excel with an About sheet").format(period=period_text),
    lambda: export.data_xlsx(ctx.selection, period_label=ctx.period_name, version=__version__,
                             language=ctx.language), file_name=f"{name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="sources_download_xlsx",
    icon=":material/table:", on_click="ignore")
st.caption(t.gettext("Single tables:"))
for name, schema in TABLES.items():
    frame = ctx.frame(name)
    if frame is None:
        continue
    whole, period_part = st.columns(2)
    # Callables: the CSV is made only when its button is clicked, so a large table costs nothing per rerun.
    whole.download_button(t.ngettext("{file} (all {count} row)", "{file} (all {count} rows)", len(frame)).format(
                              file=ui.escape_markdown(schema.file_name),
                              count=formats.format_count(len(frame), language=ctx.language)),
                          partial(export.to_safe_csv, frame),
                          file_name=schema.file_name, mime="text/csv", key=f"sources_download_{name}",
                          icon=":material/download:", on_click="ignore")
    if schema.timing is not None:
        period_part.download_button(t.gettext("{file}, {period}").format(file=ui.escape_markdown(schema.file_name),
                                                                         period=period_text),
                                    lambda name=name: export.to_safe_csv(ctx.filter(name)),
                                    file_name=f"{name}_{ctx.period.from_month}_{ctx.period.to_month}.csv",
                                    mime="text/csv", key=f"sources_download_{name}_period",
                                    icon=":material/download:", on_click="ignore")

st.subheader(t.gettext("Data by address, for scripts"))
st.caption(t.gettext("The published tables as raw CSV files (byte for byte as validated, not neutralised for "
                     "spreadsheets), and a Frictionless Data Package descriptor with their fields, allowed values, "
                     "meanings and sources. A table that failed validation is not published."))
origin = ui.server_origin()
st.dataframe(datapackage.build_address_list(ctx.dataset.results, origin), hide_index=True, width="stretch",
             key="sources_addresses")
st.code(f'import pandas as pd\ncourt_counts = pd.read_csv("{origin or "http://127.0.0.1:8501"}/data/court_counts.csv")',
        language="python")



def dictionary() -> None:
    st.markdown(docs.render_markdown())


st.subheader(t.gettext("Data dictionary"))
in_english_only(dictionary)
