"""The benchmark's reference apps answer the Period menu as bench/run.py expects (desertion.testing's
PERIOD_CHANGES): one chart, redrawn for the chosen preset with the period in its text (the end point
bench/run.py waits for). A reference app that broke would otherwise only show up as a benchmark that hangs."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from desertion.testing import PERIOD_CHANGES
from tests.conftest import REPO


@pytest.mark.parametrize("script", ["bench/menu_baseline_app.py", "bench/chart_only_app.py"])
def test_a_reference_app_redraws_its_one_chart_for_each_preset_of_the_plan(script):
    at = AppTest.from_file(str(REPO / script), default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    for label, described in PERIOD_CHANGES:
        at.selectbox(key="period").select(label).run()
        assert not at.exception, [e.message for e in at.exception]
        (chart,) = at.get("plotly_chart")
        title = json.loads(chart.proto.spec)["layout"]["title"]
        # Issue 11: a chart subtitle ends with the period, after what is counted (was: equal to the period).
        assert title["text"] == described or title.get("subtitle", {}).get("text", "").endswith(described), title
