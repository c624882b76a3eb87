"""The language of pure code is set at a boundary and stays in its thread: two threads speaking two languages at
once each see their own, a block restores the language before it, and a thread that set nothing sees English."""

from __future__ import annotations

import threading

import pytest

from desertion.i18n import active

RU_LANGUAGE = "Язык"  # the Russian of "Language", a message the catalogue has since the foundation


def test_a_block_speaks_its_language_and_restores_the_one_before():
    assert active.current() == "en" and active._("Language") == "Language"
    with active.active("ru"):
        assert active.current() == "ru" and active._("Language") == RU_LANGUAGE
        with active.active("en"):
            assert active._("Language") == "Language"
        assert active._("Language") == RU_LANGUAGE
    assert active.current() == "en"


def test_an_error_inside_a_block_still_restores_the_language():
    with pytest.raises(RuntimeError), active.active("ru"):
        raise RuntimeError("boom")
    assert active.current() == "en"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError):
        active.activate("de")


def test_two_threads_at_once_never_see_each_others_language():
    barrier, seen = threading.Barrier(3), {}

    def run(language: str | None) -> None:
        if language:
            active.activate(language)
        barrier.wait()  # all three have set (or not set) their language before any reads
        seen[language] = [active._("Language") for _ in range(200)]

    threads = [threading.Thread(target=run, args=(lang,)) for lang in ("ru", "en", None)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(seen["ru"]) == {RU_LANGUAGE}
    assert set(seen["en"]) == {"Language"} and set(seen[None]) == {"Language"}
