"""`python -m desertion check`: exit codes and output, run as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
