"""A reference between the two ends: the baseline's one small bar chart, redrawn from the Period menu.

The same page as bench/baseline_app.py, but the change comes from a sidebar selectbox labelled "Period"
with the dashboard's presets, which bench/run.py drives exactly as it drives the dashboard's. Issue 3 asks
for that selectbox; the baseline's slider answers faster. This app's ratio to the slider is what the menu
alone costs; a page's own elements and charts come on top of it.
"""

import sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run bench/...` puts bench/ first

from bench.presets import presets  # noqa: E402


with st.sidebar:
    period = presets()[st.selectbox("Period", list(presets()), key="period")]
# One bar per month of the period, up to 12, under the period's name: a new figure for every choice, as
# the slider's bars and title are.
months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
bars = min(months, 12)
figure = go.Figure(go.Bar(x=list(range(bars)), y=list(range(1, bars + 1))))
figure.update_layout(title=period.describe(), height=400)
st.plotly_chart(figure, theme=None)
