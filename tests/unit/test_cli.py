"""`python -m desertion check`: exit codes and output, run as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desertion.schema import TABLES
from tests.conftest import REPO


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desertion", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_check_passes_on_the_shipped_data_with_a_line_per_table():
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    shipped = [name for name, schema in TABLES.items() if not schema.optional]
    assert len(lines) == len(shipped)
    for name, line in zip(shipped, lines):
        assert line.startswith(f"{name}.csv: ") and line.endswith(" rows, valid")


def test_check_fails_with_every_error_located(shipped_data_copy):
    events = shipped_data_copy / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    bad = lines[1].split(",")
    bad[header.index("date_precision")] = "fortnight"
    lines[1] = ",".join(bad)
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (shipped_data_copy / "estimates.csv").write_bytes(b"x;y\n1;2\n")
    result = run("check", str(shipped_data_copy))
    assert result.returncode == 1
    out = result.stdout
    assert f"{shipped_data_copy / 'events.csv'}:2: column 'date_precision': found 'fortnight', expected one of day" in out
    assert f"{shipped_data_copy / 'estimates.csv'}:1: found columns separated by ';'" in out
    assert "quotes.csv: " in out and " rows, valid" in out  # the other tables still load
    assert out.strip().splitlines()[-1].startswith("2 error(s) in 2 of ")
    assert "Traceback" not in result.stderr


def test_check_on_a_missing_folder_fails_cleanly(tmp_path):
    result = run("check", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "not a folder" in result.stdout


def test_docs_check_reports_the_data_dictionary_up_to_date():
    result = run("docs", "--check")
    assert result.returncode == 0, result.stdout


def _data_folder(kind: str, tmp_path: Path, shipped_data_copy: Path) -> Path:
    """A data folder that is missing, empty, or whose sources.csv has a bad line (so no table fully validates)."""
    if kind == "missing":
        return tmp_path / "nowhere"
    if kind == "empty":
        (tmp_path / "empty").mkdir()
        return tmp_path / "empty"
    sources = shipped_data_copy / "sources.csv"
    lines = sources.read_text(encoding="utf-8").splitlines(keepends=True)
    sources.write_text("".join([*lines[:2], "Not An Id,,,,,,,\n", *lines[2:]]), encoding="utf-8")
    return shipped_data_copy


FOLDERS = ["missing", "empty", "broken"]


@pytest.mark.parametrize("kind", FOLDERS)
def test_check_on_a_bad_data_folder_exits_1_without_a_traceback(kind, tmp_path, shipped_data_copy):
    result = run("check", str(_data_folder(kind, tmp_path, shipped_data_copy)))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith(("not a folder", "tables"))


@pytest.mark.parametrize("kind", FOLDERS)
def test_export_from_a_bad_data_folder_is_one_line_and_its_exit_code(kind, tmp_path, shipped_data_copy):
    folder = _data_folder(kind, tmp_path, shipped_data_copy)
    result = run("export", "data", "--format", "csv", "--out", str(tmp_path / "out.zip"), "--data-dir", str(folder))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == (2 if kind == "missing" else 1)
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
    assert ("not a folder" if kind == "missing" else "nothing to export") in result.stderr
    assert not (tmp_path / "out.zip").exists()


@pytest.mark.parametrize("kind", FOLDERS)
def test_import_into_a_bad_data_folder_exits_without_a_traceback(kind, tmp_path, shipped_data_copy):
    upload = tmp_path / "events.csv"
    upload.write_bytes((REPO / "data" / "events.csv").read_bytes())
    folder = _data_folder(kind, tmp_path, shipped_data_copy)
    result = run("import", str(upload), "--table", "events", "--data-dir", str(folder))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == (2 if kind == "missing" else 1)
    last = (result.stderr if kind == "missing" else result.stdout).strip().splitlines()[-1]
    assert last.endswith("not a folder" if kind == "missing" else "was not changed")


# ------------------------------------------------------------------------------------------ --lang ru


def test_check_speaks_russian_with_lang_ru():
    result = run("check", "--lang", "ru")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines and all(line.endswith(", ошибок нет") and " строк" in line for line in lines), lines


@pytest.mark.parametrize("args, expected", [
    (["export", "deck", "--lang", "ru", "--format", "gif", "--out", "x.pptx"],
     "--format gif: deck можно экспортировать только как pptx или pdf"),
    (["export", "data", "--lang=ru", "--from", "2024-01", "--to", "2023-01", "--format", "csv", "--out", "x.zip"],
     "--from 2024-01 позже, чем --to 2023-01"),
    # A parse error (argparse's own) is reported with the Russian prefix and the Russian reason.
    (["export", "data", "--from", "banana", "--lang", "ru", "--format", "csv", "--out", "x.zip"],
     "'banana' — не месяц вида 2023-09"),
    (["import", "nowhere.csv", "--table", "events", "--lang", "ru"], "nowhere.csv: файл не найден"),
    # argparse's own phrases, said again in Russian
    (["export", "deck", "--lang", "ru"], "не хватает обязательных аргументов: --format, --out"),
    (["export", "pie", "--lang", "ru", "--format", "csv", "--out", "x"],
     "аргумент what: недопустимое значение 'pie' (возможные: 'deck', 'charts', 'data')"),
])
def test_bad_arguments_are_one_russian_line_with_lang_ru(args, expected):
    result = run(*args)
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("python -m desertion: ошибка: ")
    assert expected in result.stderr


def test_a_bad_data_folder_is_one_russian_line(tmp_path, shipped_data_copy):
    folder = _data_folder("empty", tmp_path, shipped_data_copy)
    result = run("export", "data", "--lang", "ru", "--format", "csv", "--out", str(tmp_path / "o.zip"),
                 "--data-dir", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"ошибка: в {folder} нет ни одной таблицы, прошедшей проверку, экспортировать "
                                     f"нечего (запустите `python -m desertion check {folder}`)")


def test_help_of_the_options_follows_lang():
    assert "первый месяц, ГГГГ-ММ" in run("export", "--help", "--lang", "ru").stdout
    assert "first month, YYYY-MM" in run("export", "--help").stdout


def test_an_unknown_lang_is_refused_in_english():
    result = run("export", "data", "--lang", "de", "--format", "csv", "--out", "x.zip")
    assert result.returncode == 2 and result.stderr.startswith("python -m desertion: error: ")
    assert "--lang" in result.stderr and "'de'" in result.stderr


def test_export_deck_lang_ru_writes_a_russian_deck_and_says_so(tmp_path):
    from pptx import Presentation

    out = tmp_path / "deck.pptx"
    result = run("export", "deck", "--lang", "ru", "--from", "2023-09", "--to", "2023-11", "--format", "pptx",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(" слайдов, сентябрь–ноябрь 2023")
    prs = Presentation(str(out))
    first = [s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame]
    assert first[0] == "Монитор дезертирства"
    assert any(t.startswith("Монитор дезертирства · Период: сентябрь–ноябрь 2023 · ") for t in first)
    data = run("export", "data", "--lang", "ru", "--format", "xlsx", "--out", str(tmp_path / "d.xlsx"))
    assert data.returncode == 0 and data.stdout.strip().endswith("данные за период «За всё время» в формате xlsx")
