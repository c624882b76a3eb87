"""Fact check: the December 2023 article's claims beside what the sources say."""

import streamlit as st

from desertion import ui
from desertion.labels import STATUS_BADGES, status_badge

ui.leave_legacy_page_discovery()
ctx = ui.context()

st.title("Fact check: \u201cRussia is facing a growing desertion problem\u201d (December 2023)")
st.caption("A syndicated article of December 2023, citing The Moscow Times of 5 December 2023, started this "
           "dashboard. Each of its claims is checked against the sources; the dashboard states the corrected form.")

claims = ui.require_table(ctx, "claims")
if claims is not None:
    counts = claims["status"].value_counts()
    # Known statuses first, in their order, then any the labels do not know yet (shown as themselves).
    shown = [*STATUS_BADGES, *(s for s in counts.index if s not in STATUS_BADGES)]
    st.caption(" · ".join([ui.escape_markdown(f"{status_badge(s)[0]}: {int(counts.get(s, 0))}") for s in shown]))
    for _, claim in claims.iterrows():
        with st.container(border=True):
            label, colour = status_badge(claim["status"])
            # The status in words and colour: the label carries the meaning, the colour repeats it.
            st.badge(ui.escape_markdown(label), color=colour)
            st.markdown("**The article says**")
            st.text(claim["claim"])
            st.markdown("**What the sources say**")
            st.text(claim["finding"])
            if isinstance(claim["correction"], str):
                st.markdown("**How the dashboard states it**")
                st.text(claim["correction"])
            ui.render_source_link(ctx, claim["source_ids"])
