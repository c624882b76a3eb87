"""The message catalogue: in step with the code, every message translated into Russian with the same fields,
plural forms by the language's rule, the .mo compiled when missing or stale (atomically, never into git), and a
language chosen per call, so two sessions at once never see each other's."""

from __future__ import annotations

import builtins
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from desertion.i18n import catalogue
from desertion.i18n.catalogue import LANGUAGES, compiled, mo_path, po_path, say, translator
from desertion.periods import Period, parse_period
from tests.conftest import REPO

POT = REPO / "locales" / "messages.pot"
FIELD = re.compile(r"\{([a-z_]*)\}")


def message_ids(cat: Catalog) -> set[str]:
    """The singular ids of a catalogue's messages (the header left out)."""
    return {m.id if isinstance(m.id, str) else m.id[0] for m in cat if m.id}


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def extracted_ids() -> set[str]:
    """The messages the code asks for, found as `scripts/translations.sh` finds them (babel.cfg)."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(REPO), method_map, options_map):
        found.add(message if isinstance(message, str) else message[0])
    return found


def untranslated(cat: Catalog) -> list[str]:
    """Messages without a usable translation: empty, one plural form empty, or fuzzy (left out of the .mo)."""
    missing = []
    for m in cat:
        if not m.id:
            continue
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(forms) or len(forms) < (cat.num_plurals if m.pluralizable else 1):
            missing.append(m.id if isinstance(m.id, str) else m.id[0])
    return missing


def field_mismatches(cat: Catalog) -> list[str]:
    """Translations whose `{fields}` differ from their message's: `.format` would fail or drop a value."""
    wrong = []
    for m in cat:
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        expected = set(FIELD.findall(ids[-1]))
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if any(set(FIELD.findall(form)) != expected for form in forms if form):
            wrong.append(ids[0])
    return wrong


# ------------------------------------------------------------------------------------------ the catalogue

def test_the_template_holds_exactly_the_messages_of_the_code():
    code, template = extracted_ids(), message_ids(read(POT))
    assert code == template, ("run `bash scripts/translations.sh`, then translate: "
                              f"new {sorted(code - template)}, gone {sorted(template - code)}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_exactly_the_template_messages(language):
    assert message_ids(read(po_path(language), language)) == message_ids(read(POT))


def test_every_message_has_a_russian_translation():
    ru = read(po_path("ru"), "ru")
    assert ru.num_plurals == 3
    assert untranslated(ru) == [], "translate these in locales/ru/LC_MESSAGES/messages.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_fields_of_its_message(language):
    assert field_mismatches(read(po_path(language), language)) == []


def test_the_checks_would_see_a_missing_a_fuzzy_and_a_broken_translation():
    cat = Catalog(locale="ru")
    cat.add("Period", "Период")
    cat.add("Overview", "")
    cat.add("Timeline", "Хронология", flags=["fuzzy"])
    cat.add(("{count} row", "{count} rows"), ("{count} строка", "{count} строки", ""))
    cat.add("Showing {period}", "Показано: {periud}")
    assert sorted(untranslated(cat)) == ["Overview", "Timeline", "{count} row"]
    assert field_mismatches(cat) == ["Showing {period}"]


def test_no_message_is_asked_for_inside_an_f_string():
    """Extraction cannot see a call inside an f-string (Python 3.11 reads it as one token): it would stay English."""
    pattern = re.compile(r"""\bf(["']).*?gettext\(.*?\1""")
    paths = [REPO / "dashboard.py", *REPO.glob("pages/*.py"), *REPO.glob("desertion/**/*.py")]
    hidden = [f"{p.relative_to(REPO)}:{n}" for p in paths
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert hidden == []


def test_no_compiled_catalogue_is_in_git_and_the_build_folder_is_ignored():
    tracked = subprocess.run(["git", "ls-files", "*.mo"], cwd=REPO, capture_output=True, text=True, check=True)
    assert tracked.stdout == ""
    ignored = subprocess.run(["git", "check-ignore", "-q", str(mo_path("ru"))], cwd=REPO, check=False)
    assert ignored.returncode == 0


# ------------------------------------------------------------------------------------------ plurals

@pytest.mark.parametrize(("n", "text"), [(1, "1 запрос"), (2, "2 запроса"), (5, "5 запросов"), (11, "11 запросов"),
                                         (21, "21 запрос"), (22, "22 запроса"), (112, "112 запросов"),
                                         (0, "0 запросов")])
def test_russian_has_three_plural_forms(n, text):
    assert translator("ru").ngettext("{count} request", "{count} requests", n).format(count=n) == text


@pytest.mark.parametrize(("n", "text"), [(1, "1 request"), (2, "2 requests"), (0, "0 requests"), (21, "21 requests")])
def test_english_plurals_come_from_the_message_ids(n, text):
    """en.po leaves msgstr empty: the compiled catalogue must fall back to the ids, not to empty strings."""
    assert translator("en").ngettext("{count} request", "{count} requests", n).format(count=n) == text


def test_a_message_without_translation_reads_as_itself():
    assert translator("ru").gettext("a message no catalogue has") == "a message no catalogue has"
    assert translator("en").gettext("Overview") == "Overview"
    assert translator("ru").gettext("Overview") == "Обзор"


def test_a_message_made_without_a_language_is_english_and_says_itself_in_russian():
    notice = parse_period({"from": "banana"}, Period.of_months("2022-01", "2024-12")).notice
    assert notice == "The link's period value from='banana' is not a month like 2023-09, so the default period is shown."
    assert say(notice, "ru") == ("Значение периода в ссылке from='banana' не похоже на месяц вида 2023-09, поэтому "
                                 "показан период по умолчанию.")
    assert say("data text, not a message", "ru") == "data text, not a message"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unsupported language"):
        translator("de")


# ------------------------------------------------------------------------------------------ compiling

@pytest.fixture
def locales(tmp_path: Path) -> Path:
    """A copy of the Russian .po in a folder of its own, with a build folder beside it."""
    target = po_path("ru", tmp_path / "locales")
    target.parent.mkdir(parents=True)
    target.write_bytes(po_path("ru").read_bytes())
    return tmp_path


def test_the_mo_is_compiled_when_missing_and_reused_while_fresh(locales):
    src, build = locales / "locales", locales / "build"
    data = compiled("ru", src, build)
    target = mo_path("ru", build)
    assert target.read_bytes() == data and len(data) > 1000
    os.utime(target, (1, 2_000_000_000))  # newer than the .po; content marked so a recompile would show
    target.write_bytes(b"kept")
    os.utime(target, (1, 2_000_000_000))
    assert compiled("ru", src, build) == b"kept"
    assert [p.name for p in target.parent.iterdir()] == ["messages.mo"]  # no temporary file left


def test_the_mo_is_compiled_again_when_the_po_is_newer(locales):
    src, build = locales / "locales", locales / "build"
    compiled("ru", src, build)
    target = mo_path("ru", build)
    os.utime(target, (1, 1_000_000_000))
    po = po_path("ru", src)
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Обзор"', 'msgstr "Сводка"'), encoding="utf-8")
    data = compiled("ru", src, build)
    assert "Сводка".encode() in data and target.read_bytes() == data


def test_a_read_only_build_folder_compiles_in_memory(locales, caplog):
    src, build = locales / "locales", locales / "build"
    build.write_text("a file where the folder should be")  # mkdir fails as on a read-only install
    data = compiled("ru", src, build)
    assert "Обзор".encode() in data
    assert "compiled in memory" in caplog.text


def test_fuzzy_translations_are_left_out_of_the_mo(locales):
    src = locales / "locales"
    po = po_path("ru", src)
    text = po.read_text(encoding="utf-8").replace('msgid "Overview"', '#, fuzzy\nmsgid "Overview"')
    po.write_text(text, encoding="utf-8")
    assert "Обзор".encode() not in catalogue.compile_catalogue(catalogue.read_catalogue("ru", src))


# ------------------------------------------------------------------------------------------ per session

def test_nothing_is_installed_for_the_process():
    translator("ru").gettext("Overview")
    assert not hasattr(builtins, "_")


def test_two_threads_in_two_languages_never_see_each_others():
    """Two visitors at once, each with their language, many times over: each sees only their own."""
    seen: dict[str, set[str]] = {"ru": set(), "en": set()}
    start = threading.Barrier(2)

    def visitor(language: str) -> None:
        start.wait()
        for n in range(2000):
            t = translator(language)
            seen[language].add(t.gettext("Overview"))
            seen[language].add(t.ngettext("{count} request", "{count} requests", n % 7).split(" ", 1)[1])

    threads = [threading.Thread(target=visitor, args=(lang,)) for lang in ("ru", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen["ru"] == {"Обзор", "запрос", "запроса", "запросов"}
    assert seen["en"] == {"Overview", "request", "requests"}
