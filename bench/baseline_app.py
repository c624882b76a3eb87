"""The floor the framework sets: the same Streamlit, one page, one small Plotly bar chart and a slider.

bench/run.py measures the dashboard against this app in the same run, so machine noise cancels out of
the ratios.
"""

import plotly.graph_objects as go
import streamlit as st

bars = st.slider("Bars", min_value=1, max_value=12, value=6, key="bars")
figure = go.Figure(go.Bar(x=list(range(bars)), y=list(range(1, bars + 1))))
figure.update_layout(title=f"Baseline with {bars} bars", height=400)
st.plotly_chart(figure, theme=None)
