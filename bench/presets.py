"""The dashboard's period presets by label, for the reference apps' sidebar menus (bench/*_app.py), so
they offer exactly the choices bench/run.py picks on the dashboard."""

import streamlit as st

from desertion import ui
from desertion.periods import Period, build_presets, table_bounds


@st.cache_resource
def presets() -> dict[str, Period]:
    return {p.label: p.period for p in build_presets(table_bounds(ui.load_data().frames))}
