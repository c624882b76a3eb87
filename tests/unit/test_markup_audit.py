"""Static audit (by the syntax tree, not a pattern over lines): every call that renders Markdown, and every Plotly
text argument, takes only text that is our own or has been through an escaper.

An argument is trusted when it is a string constant, a call to an escaper, a number-formatting call, an
f-string / concatenation / conditional / constant-separator join built only from trusted parts, a message of the
catalogue asked for by constant (`t.gettext("Period")`, `t.ngettext("{count} row", "{count} rows", n)`: the
translations are ours, reviewed in locales/), a trusted template's `.format(...)` with trusted values only, or a
local name every assignment of which (anywhere in the file) is trusted. Anything else (a parameter, a loop variable, a row
field, a call returning text) may carry data text, and is reported with its place, so that whoever adds a
Markdown call routes its text through the escaper (or adds a reviewed exception below, with the reason).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

UI_SOURCES = sorted([REPO / "dashboard.py", *(REPO / "pages").glob("*.py"), *(REPO / "desertion").glob("ui*.py"),
                     *(REPO / "desertion").glob("ui/*.py"), *(REPO / "desertion").glob("markup.py")])
PLOTLY_SOURCES = sorted([REPO / "desertion" / "charts.py", REPO / "desertion" / "point_charts.py", REPO / "desertion" / "chart_labels.py",
                         REPO / "desertion" / "views.py"])
# Streamlit calls whose text (first argument, or `body` / `label` / `help`) is rendered as Markdown.
MARKDOWN_CALLS = {"markdown", "caption", "write", "info", "warning", "error", "success", "toast", "title", "header",
                  "subheader", "metric", "expander", "tabs", "badge", "popover", "page_link", "button",
                  "download_button", "checkbox", "toggle", "radio", "selectbox", "multiselect", "text_input",
                  "select_slider", "slider", "segmented_control", "pills"}
MARKDOWN_KEYWORDS = {"body", "label", "help", "value", "delta"}
MARKDOWN_ESCAPERS = {"escape_markdown", "markdown_link", "literal", "markdown_text",
                     # desertion/markup.py builders that escape every data field inside (tests/unit/test_markup.py):
                     "delta_text", "badge", "quote_permalink", "sources_caption", "sources_markdown",
                     "source_links_markdown",
                     # ui.components.source_links: source_links_markdown for the run's sources, nothing added
                     "source_links"}
PLOTLY_KEYWORDS = {"text", "hovertext", "name", "title_text", "title"}
PLOTLY_ESCAPERS = {"plotly_text", "escape"}
# Calls that return numbers or text we compose ourselves from numbers and dates, never from data text.
TRUSTED_CALLS = {"len", "int", "float", "format_count", "format_number", "format_percent", "format_date",
                 "month_label", "describe", "describe_window", "strftime", "isoformat",
                 # desertion/i18n/formats.py: numbers, dates and period names in the reader's language
                 "describe_period", "format_when", "preset_label",
                 # the repository's own documents: docs/method.md and the dictionary generated from schema.py
                 "read_method", "render_markdown"}
TRUSTED_NAMES = {"__version__", "PERIOD_HELP", "CUSTOM_LABEL", "SLIDE_PARAM", "number", "total", "count"}
TRUSTED_ATTRIBUTES = {"period_label", "period_name", "from_month", "to_month", "start", "end", "__version__"}
# A catalogue message: trusted when every message id it is asked for by is a constant (the count of ngettext is not
# shown by it, only chooses the form).
GETTEXT_CALLS = {"gettext": 1, "pgettext": 2, "ngettext": 2}


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def trusted(node: ast.AST | None, escapers: set[str], names: frozenset[str] = frozenset()) -> bool:
    def ok(child: ast.AST | None) -> bool:
        return trusted(child, escapers, names)

    if node is None or isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join" \
            and isinstance(node.func.value, ast.Constant) and len(node.args) == 1:
        return ok(node.args[0])  # "sep".join(parts) of trusted parts
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(ok(e) for e in node.elts)
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):  # its loop variables are untrusted names
        return ok(node.elt)
    if isinstance(node, ast.JoinedStr):
        return all(ok(v.value if isinstance(v, ast.FormattedValue) else v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return ok(node.left) and ok(node.right)
    if isinstance(node, ast.IfExp):
        return ok(node.body) and ok(node.orelse)
    if isinstance(node, ast.Call) and _call_name(node) in GETTEXT_CALLS:
        ids = node.args[:GETTEXT_CALLS[_call_name(node)]]
        # a literal message id, or a module constant marked with N_ (images.INSTALL_HINT)
        return len(ids) == GETTEXT_CALLS[_call_name(node)] and all(
            isinstance(a, ast.Constant) or (isinstance(a, ast.Name) and a.id.isupper()) for a in ids)
    if isinstance(node, ast.Call) and _call_name(node) == "format" and isinstance(node.func, ast.Attribute):
        return ok(node.func.value) and all(ok(a) for a in node.args) and all(ok(k.value) for k in node.keywords)
    if isinstance(node, ast.Call):
        return _call_name(node) in escapers | TRUSTED_CALLS
    if isinstance(node, ast.Name):
        return node.id in TRUSTED_NAMES or node.id.isupper() or node.id in names
    if isinstance(node, ast.Attribute):  # an attribute we name, or a module constant (updates.EDITING_ENV)
        return node.attr in TRUSTED_ATTRIBUTES or node.attr.isupper()
    if isinstance(node, ast.Subscript):  # a lookup in one of our constant tables, e.g. MEASURE_LABELS[measure]
        return isinstance(node.value, ast.Name) and node.value.id.isupper()
    return False


def trusted_names(tree: ast.AST, escapers: set[str]) -> frozenset[str]:
    """Names whose every assignment in the file is trusted (found by iterating to a fixed point). A name also
    bound any other way (parameter, loop, with, augmented assignment) is never trusted."""
    assigned: dict[str, list[ast.AST]] = {}
    other: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
                elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple) \
                        and len(target.elts) == len(node.value.elts):
                    for name, value in zip(target.elts, node.value.elts):
                        if isinstance(name, ast.Name):
                            assigned.setdefault(name.id, []).append(value)
                else:
                    other |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    for node in ast.walk(tree):  # every binding that is not a plain assignment
        if isinstance(node, ast.arg):
            other.add(node.arg)
        elif isinstance(node, (ast.For, ast.comprehension, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
            other |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            other |= {n.id for n in ast.walk(node.optional_vars) if isinstance(n, ast.Name)}
    names: frozenset[str] = frozenset()
    while True:
        grown = frozenset(n for n, values in assigned.items()
                          if n not in other and all(trusted(v, escapers, names) for v in values))
        if grown == names:
            return names
        names = grown


def untrusted_markdown(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = trusted_names(tree, MARKDOWN_ESCAPERS)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MARKDOWN_CALLS:
            texts = node.args[:1] + [k.value for k in node.keywords if k.arg in MARKDOWN_KEYWORDS]
            if node.func.attr == "tabs" and node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
                texts = list(node.args[0].elts)
            found += [f"{path.relative_to(REPO)}:{t.lineno}: {node.func.attr}({ast.unparse(t)[:80]})"
                      for t in texts if not trusted(t, MARKDOWN_ESCAPERS, names)]
    return found


def untrusted_plotly(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in PLOTLY_KEYWORDS and isinstance(keyword.value, ast.JoinedStr) \
                        and not trusted(keyword.value, PLOTLY_ESCAPERS):
                    found.append(f"{path.relative_to(REPO)}:{keyword.value.lineno}: {keyword.arg}="
                                 f"{ast.unparse(keyword.value)[:80]}")
    return found


def test_the_audit_catches_what_the_old_pattern_missed(tmp_path):
    """The checker itself: data reaching Markdown through a variable, an attribute or a call is caught."""
    sample = tmp_path / "ui_sample.py"
    sample.write_text("st.caption(sources_line(rows))\nst.error(f'First problem: {first}')\n"
                      "st.markdown(f'**{escape_markdown(outlet)}**')\nst.caption('constant')\n"
                      "box.info(f'{len(rows)} rows')\nst.write(row['title'])\n", encoding="utf-8")
    found = [line.split(": ", 1)[1] for line in untrusted_markdown_at(sample)]
    assert found == ["caption(sources_line(rows))", "error(f'First problem: {first}')", "write(row['title'])"]


def test_the_audit_trusts_a_name_only_when_every_binding_is_trusted(tmp_path):
    sample = tmp_path / "ui_names.py"
    sample.write_text("safe = escape_markdown(x)\nst.caption(safe)\n"
                      "mixed = escape_markdown(x)\nmixed = row['title']\nst.caption(mixed)\n"
                      "for loop in rows:\n    st.caption(loop)\n"
                      "st.tabs([escape_markdown(t) for t in labels])\nst.tabs([t for t in labels])\n", encoding="utf-8")
    found = [line.split(": ", 1)[1] for line in untrusted_markdown_at(sample)]
    assert sorted(found) == ["caption(loop)", "caption(mixed)", "tabs([t for t in labels])"]


def test_the_audit_trusts_a_message_but_not_the_data_put_in_it(tmp_path):
    sample = tmp_path / "ui_messages.py"
    sample.write_text("st.caption(t.gettext('Showing {period}').format(period=describe_period(p, language=l)))\n"
                      "st.caption(t.gettext('Source: {outlet}').format(outlet=row['outlet']))\n"
                      "st.caption(t.gettext(row['title']))\n"
                      "st.error(t.ngettext('{count} row', '{count} rows', n).format(count=format_count(n)))\n"
                      "st.warning(title.format(x=1))\n", encoding="utf-8")
    found = [line.split(": ", 1)[1] for line in untrusted_markdown_at(sample)]
    assert found == ["caption(t.gettext('Source: {outlet}').format(outlet=row['outlet']))",
                     "caption(t.gettext(row['title']))", "warning(title.format(x=1))"]


def untrusted_markdown_at(path: Path) -> list[str]:
    """untrusted_markdown for a file outside the repository (the checker's own test)."""
    global REPO
    saved, REPO = REPO, path.parent
    try:
        return untrusted_markdown(path)
    finally:
        REPO = saved


def test_no_markdown_call_takes_data_text_without_the_escaper():
    found = [place for path in UI_SOURCES for place in untrusted_markdown(path)]
    assert found == [], "\n".join(found)


def test_no_plotly_text_takes_data_text_without_the_escaper():
    found = [place for path in PLOTLY_SOURCES for place in untrusted_plotly(path)]
    assert found == [], "\n".join(found)
