"""How numbers, dates and flagged figures read."""

from __future__ import annotations

import pandas as pd

from desertion.formatting import format_change, format_date, format_figure


def test_formats():
    assert format_figure(1000, lower_bound=True) == ">1,000"
    assert format_figure(1500, approximate=True) == "≈1,500"
    assert format_figure(4.3, unit="percent") == "4.3%"
    assert format_date(pd.Timestamp("2023-10-01"), "quarter") == "Q4 2023"
    assert format_date(pd.NaT) == "date unknown"
    assert format_change(305, 577) == ("+272", "+89.2%")
    assert format_change(10, 5) == ("−5", "−50.0%")
