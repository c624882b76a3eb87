"""Desertion Monitor: the entrypoint. Page config, navigation, and the shared sidebar drawn once per run; and the
server's fixed data addresses (`/data/datapackage.json`, `/data/<table>.csv`, see desertion/routes.py)."""

import streamlit as st

from desertion import routes, ui

# Our CSS, no data in it. Focus: Streamlit draws no ring on some focusable elements (links, tabs, the sidebar's page
# links), so every element focused from the keyboard gets a visible 2 px outline in the text colour (WCAG 2.4.7,
# 2.4.13). Long words: a 190-letter word in a cell must wrap inside its card, not widen the page.
APP_CSS = """
<style>
/* Streamlit leaves 6rem above the page for its toolbar; 3.5rem keeps it clear and lifts the lead chart. */
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
:focus-visible { outline: 2px solid #111111 !important; outline-offset: 2px !important; }
[data-testid="stMarkdownContainer"], [data-testid="stText"], [data-testid="stCaptionContainer"],
[data-testid="stAlertContentError"], [data-testid="stAlertContentWarning"] { overflow-wrap: anywhere; }
/* A headline's change ('+89,2% к периоду июнь–август 2023') wraps rather than ending in '…': Russian is longer. */
[data-testid="stMetricDelta"] .stMarkdownEllipsis, [data-testid="stMetricDelta"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
</style>
"""


def main() -> None:
    """One run of the app: run by Streamlit for every rerun of every session."""
    ui.leave_legacy_page_discovery()
    # The run's period and language first (read from the address, then the one sync step): the page titles and
    # everything below are in that language.
    context = ui.period_context(ui.load_data())
    t = context.t
    st.set_page_config(page_title=t.gettext("Desertion Monitor"), page_icon="🪖", layout="wide")
    st.html(APP_CSS)

    # Page titles, icons and URL paths are declared here only. URL paths equal the file names (see
    # ui.leave_legacy_page_discovery for why) and are the same in every language; only the titles are translated.
    pages = [
        st.Page("pages/overview.py", title=t.gettext("Overview"), icon=":material/dashboard:", default=True),
        st.Page("pages/requests.py", title=t.gettext("Requests"), icon=":material/front_hand:", url_path="requests"),
        st.Page("pages/court-cases.py", title=t.gettext("Court cases"), icon=":material/gavel:",
                url_path="court-cases"),
        st.Page("pages/quotes.py", title=t.gettext("Quotes"), icon=":material/format_quote:", url_path="quotes"),
        st.Page("pages/timeline.py", title=t.gettext("Timeline"), icon=":material/timeline:", url_path="timeline"),
        st.Page("pages/fact-check.py", title=t.gettext("Fact check"), icon=":material/fact_check:",
                url_path="fact-check"),
        st.Page("pages/sources.py", title=t.gettext("Sources & method"), icon=":material/menu_book:",
                url_path="sources"),
        st.Page("pages/present.py", title=t.gettext("Present"), icon=":material/co_present:", url_path="present"),
        st.Page("pages/data.py", title=t.gettext("Data"), icon=":material/upload_file:", url_path="data"),
    ]

    navigation = st.navigation(pages)
    ui.unchecked_sources_banner(context)
    # The sidebar is drawn after the page, so that on a period change the page's charts reach the browser first.
    # Pages must not call st.stop(): nothing can be drawn after it, the sidebar included.
    try:
        navigation.run()
    except Exception:
        ui.period_sidebar(context)  # a page that fails still gets its sidebar
        raise
    ui.period_sidebar(context)


if __name__ == "__main__":  # Streamlit runs this file as __main__ for each rerun
    main()
else:
    # `streamlit run dashboard.py` finds this assignment by reading the file, imports the module once (under its
    # own name, so main() does not run) and serves `app`: the pages above plus the data routes, on one server.
    app = st.App("dashboard.py", routes=routes.data_routes(ui.load_data))
