"""Quotes: search what the people involved said, by speaker, organisation, topic and verification."""

import streamlit as st

from desertion import quotes, ui
from desertion.i18n import formats
from desertion.labels import VERIFICATION_LABELS
from desertion.periods import parse_quote_id

# The schema's topic codes as the facet shows them: the code itself in English (as the data writes it), a word in
# another language. A message context keeps them apart from the same English words elsewhere.
TOPIC_NAMES = {
    "mobilisation": lambda t: t.pgettext("quote topic", "mobilisation"),
    "rotation": lambda t: t.pgettext("quote topic", "rotation"),
    "wounded": lambda t: t.pgettext("quote topic", "wounded"),
    "requests": lambda t: t.pgettext("quote topic", "requests"),
    "ngo": lambda t: t.pgettext("quote topic", "ngo"),
    "courts": lambda t: t.pgettext("quote topic", "courts"),
    "sentencing": lambda t: t.pgettext("quote topic", "sentencing"),
    "foreign_agent": lambda t: t.pgettext("quote topic", "foreign_agent"),
    "abroad": lambda t: t.pgettext("quote topic", "abroad"),
    "kidnapping": lambda t: t.pgettext("quote topic", "kidnapping"),
    "morale": lambda t: t.pgettext("quote topic", "morale"),
    "recruitment": lambda t: t.pgettext("quote topic", "recruitment"),
    "secrecy": lambda t: t.pgettext("quote topic", "secrecy"),
    "law": lambda t: t.pgettext("quote topic", "law"),
    "estimates": lambda t: t.pgettext("quote topic", "estimates"),
}

ui.leave_legacy_page_discovery()
ctx = ui.context()
t = ctx.t
choose = t.gettext("Choose options")  # Streamlit's own placeholder is English

st.title(t.gettext("Quotes"))
st.caption(t.gettext("What soldiers, lawyers, officials and Idite Lesom said, as printed by the outlet named under "
                     "each quote. Translations and paraphrases are marked, and so is every quote no source confirms."))

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
            st.warning(t.gettext("The link names a quote that is not in the data; showing the search instead."),
                       icon=":material/link_off:")

    options = quotes.facet_options(table)
    query = st.text_input(t.gettext("Search the quotes (English or Russian)"), key="quotes_search",
                          placeholder=t.gettext("e.g. rotation, mobilized, полка"))
    # Speakers, organisations and topics are the data's own words (the data's Russian columns will feed them).
    c1, c2, c3, c4 = st.columns(4)
    wanted = quotes.QuoteFilter(
        query=query,
        speakers=tuple(c1.multiselect(t.gettext("Speaker"), options["speaker"], key="quotes_speaker",
                                      placeholder=choose)),
        organisations=tuple(c2.multiselect(t.gettext("Organisation"), options["organisation"],
                                           key="quotes_organisation", placeholder=choose)),
        topics=tuple(c3.multiselect(t.gettext("Topic"), options["topic"], key="quotes_topic", placeholder=choose,
                                    format_func=lambda c: TOPIC_NAMES[c](t) if c in TOPIC_NAMES else c)),
        verification=tuple(c4.multiselect(t.gettext("Verification"), options["verification"],
                                          key="quotes_verification", placeholder=choose,
                                          format_func=lambda v: t.gettext(VERIFICATION_LABELS.get(v, v)))),
    )
    found = quotes.filter_quotes(ctx.filter("quotes"), wanted).sort_values("date", ascending=False)
    st.caption(t.ngettext("{found} of {count} quote matches, in {period}.", "{found} of {count} quotes match, in {period}.",
                          len(table)).format(found=formats.format_count(len(found), language=ctx.language),
                                             count=formats.format_count(len(table), language=ctx.language),
                                             period=formats.describe_period(ctx.period, language=ctx.language)))
    if found.empty:
        st.info(t.gettext("No quote matches this search in this period."), icon=":material/search_off:")
    for _, quote in found.iterrows():
        ui.render_quote(ctx, quote)
