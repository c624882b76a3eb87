"""Audit of every place the code renders text or configures the server (a static check of the source).

Data text may reach the page only through st.text, dataframe cells, or Markdown built with
markup.escape_markdown / markup.markdown_link; HTML is only ever our own constant CSS.
"""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO

SOURCES = sorted([REPO / "dashboard.py", *(REPO / "pages").glob("*.py"), *(REPO / "desertion").rglob("*.py")])


def test_no_unsafe_html_anywhere():
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in text, path
        for call in re.findall(r"st\.html\(([^)]*)\)", text):
            # Our own constants, no data in them: the CSS, and the fixed script per language that sets <html lang>
            # (Streamlit has no setting for it), the only st.html call allowed to run JavaScript.
            assert call.strip() in ("PRESENT_CSS", "APP_CSS", "WINDOW_CSS",
                                    "PAGE_LANGUAGE_SCRIPTS[language], unsafe_allow_javascript=True"), (path, call)


def test_a_component_runs_only_our_own_constant_script():
    """Streamlit runs a component's JavaScript in the page: it must be a module constant with no data in it
    (ui.window's height report is the only one), never text built at run time."""
    calls = [(path, call) for path in SOURCES
             for call in re.findall(r"components\.v[12]\.(?:component|html)\(([^)]*)\)", path.read_text(encoding="utf-8"))]
    assert calls == [(REPO / "desertion" / "ui" / "window.py", '"desertion_window", js=WINDOW_JS')]
    window = (REPO / "desertion" / "ui" / "window.py").read_text(encoding="utf-8")
    assert 'WINDOW_JS = """' in window  # a plain string literal, not an f-string or a value built at run time
    script = window.split('WINDOW_JS = """', 1)[1].split('"""', 1)[0]
    assert not re.search(r"fetch|XMLHttpRequest|import\(|https?:", script)  # nothing fetched from anywhere


def test_markdown_calls_never_take_raw_data_fields():
    """Every st.markdown / st.caption argument that interpolates a row field goes through an escaper."""
    field = re.compile(r"[{(]\s*(quote|event|claim|source|row|card)\[")
    for path in SOURCES:
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"st\.(markdown|caption|info|warning|error|success)\(", line) and field.search(line):
                assert "escape_markdown" in line or "markdown_link" in line, f"{path.name}:{line_no}: {line.strip()}"


def test_server_config_is_safe_by_default():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == 5
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"
