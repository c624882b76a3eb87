"""Presentation mode: the current period as full-screen slides, one per URL (?slide=N), for a meeting room."""


from desertion import __version__, deck, ui

ui.leave_legacy_page_discovery()
ctx = ui.context()
slides = deck.build_deck(ctx.selection, period_label=ctx.period_name, version=__version__)
number = ui.slide_number(len(slides.slides))
ui.present_styles()
ui.render_slide(ctx, slides, number)
ui.render_slide_controls(ctx, slides, number)
