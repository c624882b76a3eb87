"""The Streamlit layer: the only code in the package that imports Streamlit. Pages use it as `ui.<name>`.

- `state`: the period read from the URL, session keys, the Context of a run (read, then an explicit sync)
- `cache`: loading, 'All time', Selections, chart views and source usage, cached once for every session
- `sidebar`: the shared sidebar (language switch, period); `language`: the session's language and `?lang=`
- `components`: charts with sources and downloads, headline cards, quotes, events, errors in place
- `present`: the slide page only; `upload`: the Data page only
"""

from desertion import theme  # noqa: F401  (importing theme registers the Plotly template)
from desertion.markup import delta_text, escape_markdown, markdown_link, sources_markdown  # noqa: F401
from desertion.ui.cache import (  # noqa: F401
    DATA_DIR_ENV,
    DEFAULT_DATA_DIR,
    chart_view,
    data_dir,
    load_data,
    server_origin,
    source_usage,
)
from desertion.ui.components import (  # noqa: F401
    PLOTLY_CONFIG,
    lazy_expander,
    render_event_list,
    render_figure,
    render_headline,
    render_image_downloads,
    render_chart_quotes,
    render_quote,
    render_quote_list,
    render_source_link,
    render_source_list,
    render_sources,
    render_sources_table,
    require_table,
    source_links,
)
from desertion.ui.language import LANGUAGE_KEY, SWITCH_KEY, read_language, render_language_switch  # noqa: F401
from desertion.ui.present import (  # noqa: F401
    present_styles,
    render_deck_downloads,
    render_slide,
    render_slide_controls,
    slide_number,
)
from desertion.ui.sidebar import period_sidebar, unchecked_sources_banner  # noqa: F401
from desertion.ui.staleness import (  # noqa: F401
    TODAY_ENV,
    reference_date,
    render_data_as_of,
    render_staleness,
    sync_published_param,
)
from desertion.ui.state import (  # noqa: F401
    CONTEXT_KEY,
    CURRENT_KEY,
    CUSTOM_LABEL,
    CUSTOM_MODE_KEY,
    FROM_KEY,
    PRESET_KEY,
    TO_KEY,
    Context,
    context,
    leave_legacy_page_discovery,
    period_context,
    read_context,
    sync_period,
)
from desertion.ui.upload import plan_for_upload, render_changelog, render_update_plan  # noqa: F401
