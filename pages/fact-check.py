"""Fact check: the December 2023 article's claims beside what the sources say."""

import streamlit as st

from desertion import ui
from desertion.i18n import formats
from desertion.labels import STATUS_BADGES, status_badge

ui.leave_legacy_page_discovery()
ctx = ui.context()
t = ctx.t

st.title(t.gettext("Fact check: {title} (December 2023)").format(
    title=t.gettext("\u201c{text}\u201d").format(text="Russia is facing a growing desertion problem")))
st.caption(t.gettext("A syndicated article of December 2023, citing The Moscow Times of 5 December 2023, started this "
                     "dashboard. Each of its claims is checked against the sources; the dashboard states the corrected "
                     "form."))

claims = ui.require_table(ctx, "claims")
if claims is not None:
    counts = claims["status"].value_counts()
    # Known statuses first, in their order, then any the labels do not know yet (shown as themselves).
    shown = [*STATUS_BADGES, *(s for s in counts.index if s not in STATUS_BADGES)]
    st.caption(" · ".join([ui.escape_markdown(t.gettext("{status}: {count}").format(
        status=t.gettext(status_badge(s)[0]), count=formats.format_count(int(counts.get(s, 0)), language=ctx.language)))
        for s in shown]))
    for _, claim in claims.iterrows():
        with st.container(border=True):
            label, colour = status_badge(claim["status"])
            # The status in words and colour: the label carries the meaning, the colour repeats it.
            st.badge(ui.escape_markdown(t.gettext(label)), color=colour)
            # The claim, the finding and the correction are data text (the data's Russian columns go here).
            st.markdown(t.gettext("**The article says**"))
            st.text(claim["claim"])
            st.markdown(t.gettext("**What the sources say**"))
            st.text(claim["finding"])
            if isinstance(claim["correction"], str):
                st.markdown(t.gettext("**How the dashboard states it**"))
                st.text(claim["correction"])
            ui.render_source_link(ctx, claim["source_ids"])
