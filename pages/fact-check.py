"""Fact check: the December 2023 article's claims beside what the sources say."""

import streamlit as st

from desertion import ui
from desertion.i18n import formats
from desertion.labels import STATUS_BADGES, status_badge
from desertion.data_text import data_text, shown_text, translation_label

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
            # The claim, the finding and the correction are data text, in the reader's language where the data
            # has it (the article's claim in Russian is this project's translation: the data says so).
            st.markdown(t.gettext("**The article says**"))
            said = data_text(claim, "claim", ctx.language)
            st.text(said.text)
            if said.is_translation:  # the article's words in another language are ours, not the article's
                st.caption(ui.escape_markdown(translation_label(said)))
            st.markdown(t.gettext("**What the sources say**"))
            st.text(shown_text(claim, "finding", ctx.language))
            correction = shown_text(claim, "correction", ctx.language)
            if correction:
                st.markdown(t.gettext("**How the dashboard states it**"))
                st.text(correction)
            ui.render_source_link(ctx, claim["source_ids"])
