"""Published data versions: immutable folders, one atomically swapped `current` pointer (desertion/publish.py)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from desertion import publish
from desertion.publish import PublishError, list_versions, prune, resolve_current

REPO = Path(__file__).resolve().parents[2]


def tables(folder: Path, marker: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.csv", "b.csv"):
        (folder / name).write_text(f"column\n{marker}\n", encoding="utf-8")
    return folder


def test_a_plain_data_folder_resolves_to_itself(tmp_path):
    assert resolve_current(tables(tmp_path / "data", "x")) == tmp_path / "data"


def test_publish_points_current_at_a_complete_new_version(tmp_path):
    root = tmp_path / "root"
    first = publish.publish(tables(tmp_path / "one", "1"), root)
    assert resolve_current(root) == first
    assert sorted(p.name for p in first.iterdir()) == ["a.csv", "b.csv"]
    assert not os.path.isabs(os.readlink(root / "current"))  # relative: the root can be mounted anywhere
    second = publish.publish(tables(tmp_path / "two", "2"), root)
    assert resolve_current(root) == second != first
    assert (first / "a.csv").read_text() == "column\n1\n"  # the old version is untouched
    assert (second / "a.csv").read_text() == "column\n2\n"
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []  # no staging left behind
    assert list_versions(root) == [first, second]


def test_a_reader_never_sees_a_mix_of_two_versions(tmp_path):
    root = tmp_path / "root"
    publish.publish(tables(tmp_path / "v0", "0"), root)
    sources = [tables(tmp_path / f"v{i}", str(i)) for i in range(1, 30)]
    seen: list[set[str]] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            folder = resolve_current(root)
            seen.append({(folder / name).read_text() for name in ("a.csv", "b.csv")})

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for source in sources:
            publish.publish(source, root)
    finally:
        done.set()
        reader.join()
    assert seen and all(len(contents) == 1 for contents in seen)


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_nothing_to_publish_is_an_error_and_changes_nothing(tmp_path, make):
    source = tmp_path / "source"
    if make == "empty":
        source.mkdir()
    with pytest.raises(PublishError, match="no CSV tables"):
        publish.publish(source, tmp_path / "root")
    assert not (tmp_path / "root").exists()


def test_a_root_whose_current_is_a_real_folder_is_refused(tmp_path):
    (tmp_path / "root" / "current").mkdir(parents=True)
    with pytest.raises(PublishError, match="not a symbolic link"):
        publish.publish(tables(tmp_path / "one", "1"), tmp_path / "root")


def test_prune_keeps_the_newest_and_never_the_current(tmp_path):
    root = tmp_path / "root"
    versions = [publish.publish(tables(tmp_path / f"v{i}", str(i)), root) for i in range(4)]
    assert prune(root, 2) == versions[:2]
    assert list_versions(root) == versions[2:]
    os.replace(root / "current", root / "old-pointer")  # point back at the oldest survivor
    os.symlink(Path("versions") / versions[2].name, root / "current")
    assert prune(root, 1) == []  # the newest is kept, and the older one is current
    with pytest.raises(PublishError):
        prune(root, 0)


def test_cli_refuses_invalid_tables_and_publishes_valid_ones(tmp_path, capsys):
    broken = tables(tmp_path / "broken", "x")
    assert publish.main([str(broken), "--root", str(tmp_path / "root")]) == 1
    assert "not published" in capsys.readouterr().err
    assert not (tmp_path / "root" / "current").exists()
    shipped = tmp_path / "shipped"
    shutil.copytree(REPO / "data", shipped)
    assert publish.main([str(shipped), "--root", str(tmp_path / "root")]) == 0
    version = resolve_current(tmp_path / "root")
    assert capsys.readouterr().out.strip() == f"published {version}"
    assert publish.main(["--root", str(tmp_path / "root"), "--show"]) == 0
    assert capsys.readouterr().out.strip() == str(version)
