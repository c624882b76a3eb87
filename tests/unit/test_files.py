"""Safe file writes: atomic replacement, and spreadsheet-safe text cells."""

from __future__ import annotations

import pytest

from desertion import files


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        files.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("cell", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\r=1"])
def test_neutralise_cell_prefixes_formula_text_only(cell):
    assert files.neutralise_cell(cell) == "'" + cell
    assert files.neutralise_cell(-5) == -5 and files.neutralise_cell("plain") == "plain"


def test_shown_path_is_relative_inside_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert files.shown_path(tmp_path / "data" / "events.csv") == "data/events.csv"
    assert files.shown_path(tmp_path.parent / "x.csv") == str(tmp_path.parent / "x.csv")
