"""Quotes: search what the people involved said, by speaker, organisation, topic and verification."""

import streamlit as st

from desertion import quotes, ui
from desertion.labels import VERIFICATION_LABELS
from desertion.periods import parse_quote_id

ui.leave_legacy_page_discovery()
ctx = ui.context()

st.title("Quotes")
st.caption("What soldiers, lawyers, officials and Idite Lesom said, as printed by the outlet named under each "
           "quote. Translations and paraphrases are marked, and so is every quote no source confirms.")

table = ui.require_table(ctx, "quotes")
if table is not None:
    linked_id = parse_quote_id(st.query_params.get_all("quote"))
    linked = table[table["quote_id"] == linked_id] if linked_id is not None else table.iloc[0:0]
    if not linked.empty:
        ui.render_quote(ctx, linked.iloc[0], highlight=True)
    elif "quote" in st.query_params:
        # The address then names what is shown (the search), so a copied link does not repeat the notice.
        del st.query_params["quote"]
        if linked_id is not None:
            st.warning("The link names a quote that is not in the data; showing the search instead.",
                       icon=":material/link_off:")

    options = quotes.facet_options(table)
    query = st.text_input("Search the quotes (English or Russian)", key="quotes_search",
                          placeholder="e.g. rotation, mobilized, полка")
    c1, c2, c3, c4 = st.columns(4)
    wanted = quotes.QuoteFilter(
        query=query,
        speakers=tuple(c1.multiselect("Speaker", options["speaker"], key="quotes_speaker")),
        organisations=tuple(c2.multiselect("Organisation", options["organisation"], key="quotes_organisation")),
        topics=tuple(c3.multiselect("Topic", options["topic"], key="quotes_topic")),
        verification=tuple(c4.multiselect("Verification", options["verification"], key="quotes_verification",
                                          format_func=VERIFICATION_LABELS.get)),
    )
    found = quotes.filter_quotes(ctx.filter("quotes"), wanted).sort_values("date", ascending=False)
    st.caption(f"{len(found)} of {len(table)} quotes match, in {ctx.period.describe()}.")
    if found.empty:
        st.info("No quote matches this search in this period.", icon=":material/search_off:")
    for _, quote in found.iterrows():
        ui.render_quote(ctx, quote)
