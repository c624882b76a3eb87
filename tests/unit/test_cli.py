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
