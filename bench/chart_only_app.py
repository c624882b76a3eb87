"""A second reference for the period-change target: the dashboard's court chart alone, in the same shell.

The same Streamlit, st.navigation and sidebar Period selectbox (the dashboard's presets), and the court
chart desertion.views builds for the chosen period, with nothing else on the page. bench/run.py changes its
period exactly as on the dashboard. The gap between this app and the baseline's slider is what redrawing
this chart after a menu choice costs in Streamlit; the gap between the dashboard and this app is what the
rest of the dashboard's page costs.
"""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run bench/...` puts bench/ first

from bench.presets import presets  # noqa: E402
from desertion import ui, views  # noqa: E402
from desertion.selection import Selection  # noqa: E402


@st.cache_resource
def figure(label: str):
    return views.court_cumulative_view(Selection(ui.load_data().frames, presets()[label])).figure


def page() -> None:
    st.title("The court chart alone")
    st.plotly_chart(figure(st.session_state.period), theme=None, width="stretch", key="chart",
                    config=ui.PLOTLY_CONFIG)


navigation = st.navigation([st.Page(page, title="Chart", default=True)])
with st.sidebar:
    st.selectbox("Period", list(presets()), key="period")
navigation.run()
