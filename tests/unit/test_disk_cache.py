"""The validated-table cache gives exactly what the loader gives, and notices every change that matters."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from desertion import disk_cache as cache, loading, records
from desertion.loading import Dataset

RECORDS = ("record_id,date_received,court,region,article,outcome,sentence_years,suspended,source_id\n"
           "r1,2023-01-05,Court A,Region 1,337,convicted,2.5,true,mz-337-2022\n"
           "r2,2023-01-31,Court B,,338,pending,,,mz-337-2022\n"
           "r3,2023-02-01,Court A,Region 2,337,convicted,7,false,mz-337-2022\n")


def write_records(data_dir: Path, text: str) -> None:
    """Write a synthetic court_records.csv whose rows cite the first shipped source."""
    source_id = pd.read_csv(data_dir / "sources.csv", dtype=str)["source_id"].iloc[0]
    (data_dir / "court_records.csv").write_text(text.replace("mz-337-2022", source_id), encoding="utf-8")


@pytest.fixture
def data_dir(shipped_data_copy: Path) -> Path:
    """The shipped tables plus a small synthetic court_records.csv."""
    write_records(shipped_data_copy, RECORDS)
    return shipped_data_copy


def assert_same(got: Dataset, expected: Dataset) -> None:
    """Same tables in the same order, same frames (values and dtypes), same issues, same derived tables."""
    assert list(got.results) == list(expected.results)
    for name, want in expected.results.items():
        have = got.results[name]
        assert have.issues == want.issues, name
        assert (have.ok, have.rows_read, have.path) == (want.ok, want.rows_read, want.path), name
        if want.frame is None:
            assert have.frame is None, name
        else:
            pd.testing.assert_frame_equal(have.frame, want.frame)
    assert list(got.derived) == list(expected.derived)
    for name, frame in expected.derived.items():
        pd.testing.assert_frame_equal(got.derived[name], frame)


def uncached(data_dir: Path) -> Dataset:
    dataset = loading.load_dataset(data_dir)
    return Dataset(dataset.data_dir, dataset.results, records.derive_tables(dataset.frames))


def entries(folder: Path) -> set[str]:
    return {p.name for p in (folder / "tables").glob("*.arrow")}


def test_a_cache_hit_returns_identical_frames_without_validating(data_dir, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    first = cache.load_dataset_cached(data_dir, folder)
    assert "court_records" in first.results and "court_records_monthly" in first.derived
    assert_same(first, uncached(data_dir))

    def refuse(*args, **kwargs):
        raise AssertionError("validated again on a cache hit")

    monkeypatch.setattr(loading, "load_dataset", refuse)
    monkeypatch.setattr(records, "derive_tables", refuse)
    second = cache.load_dataset_cached(data_dir, folder)
    monkeypatch.undo()
    assert_same(second, uncached(data_dir))


def test_a_changed_file_invalidates_its_entry(data_dir, tmp_path):
    folder = tmp_path / "cache"
    cache.load_dataset_cached(data_dir, folder)
    path = data_dir / "court_records.csv"
    text = path.read_text(encoding="utf-8")
    stat = path.stat()
    # Same size and modification time: only the content (and ctime) tells the change.
    path.write_text(text.replace("Court A", "Court Z"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    got = cache.load_dataset_cached(data_dir, folder)
    assert (got.results["court_records"].frame["court"] == "Court Z").sum() == 2
    assert_same(got, uncached(data_dir))


def test_a_changed_sources_file_revalidates_the_tables_citing_it(data_dir, tmp_path):
    folder = tmp_path / "cache"
    cache.load_dataset_cached(data_dir, folder)
    sources = (data_dir / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    cited = pd.read_csv(data_dir / "court_records.csv", dtype=str)["source_id"].iloc[0]
    (data_dir / "sources.csv").write_text("".join(line for line in sources if not line.startswith(cited + ",")),
                                          encoding="utf-8")
    got = cache.load_dataset_cached(data_dir, folder)
    assert not got.results["court_records"].ok
    assert_same(got, uncached(data_dir))


def test_a_broken_file_reports_the_same_errors_with_and_without_the_cache(data_dir, tmp_path):
    folder = tmp_path / "cache"
    cache.load_dataset_cached(data_dir, folder)  # the valid version is cached first
    write_records(data_dir, RECORDS.replace("2023-01-31", "2023-02-30").replace("r3,", "r1,"))
    expected = uncached(data_dir)
    assert [i.line for i in expected.results["court_records"].issues] == [3, 4]
    for _ in range(2):  # the first load and a later one, after any writes to the cache
        assert_same(cache.load_dataset_cached(data_dir, folder), expected)


def test_only_valid_tables_are_stored(data_dir, tmp_path):
    folder = tmp_path / "cache"
    write_records(data_dir, RECORDS.replace("337,convicted,7", "339,convicted,7"))
    cache.load_dataset_cached(data_dir, folder)
    assert not any(name.startswith("court_records-") for name in entries(folder))
    assert any(name.startswith("sources-") for name in entries(folder))


def test_a_schema_version_change_invalidates(data_dir, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    cache.load_dataset_cached(data_dir, folder)
    before = entries(folder)
    monkeypatch.setattr(cache, "schema_version", lambda: "another schema")
    calls = []
    real = loading.load_dataset
    monkeypatch.setattr(loading, "load_dataset", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert_same(cache.load_dataset_cached(data_dir, folder), uncached(data_dir))
    assert calls, "the old entries were used under a new schema version"
    assert entries(folder) - before  # stored again under the new key


def test_the_schema_version_follows_the_declared_tables(monkeypatch):
    version = cache.schema_version()
    assert version == cache.schema_version()
    monkeypatch.setattr(cache, "TABLES", {})
    assert cache.schema_version() != version


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(data_dir, tmp_path, damage):
    folder = tmp_path / "cache"
    cache.load_dataset_cached(data_dir, folder)
    entry = next((folder / "tables").glob("court_records-*.arrow"))
    raw = entry.read_bytes()
    entry.write_bytes({"truncate": raw[: len(raw) // 2], "garbage": b"not arrow at all" * 100, "empty": b""}[damage])
    assert_same(cache.load_dataset_cached(data_dir, folder), uncached(data_dir))
    assert entry.read_bytes() == raw  # rebuilt in place


def test_a_corrupt_stamps_file_is_ignored(data_dir, tmp_path):
    folder = tmp_path / "cache"
    cache.load_dataset_cached(data_dir, folder)
    (folder / cache.STAMPS_FILE).write_text("{not json", encoding="utf-8")
    assert_same(cache.load_dataset_cached(data_dir, folder), uncached(data_dir))


def test_an_unwritable_cache_folder_only_costs_the_cache(data_dir, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert_same(cache.load_dataset_cached(data_dir, blocker / "cache"), uncached(data_dir))


def test_an_unchanged_file_is_not_read_again_to_hash_it(data_dir, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    cache.load_dataset_cached(data_dir, folder)
    monkeypatch.setattr(cache.hashlib, "file_digest", lambda *a: (_ for _ in ()).throw(AssertionError("hashed")))
    cache.load_dataset_cached(data_dir, folder)


def test_the_cache_folder_comes_from_the_environment(tmp_path):
    assert cache.cache_dir({"DESERTION_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache.cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "desertion"
    assert cache.cache_dir({"DESERTION_NO_CACHE": "1", "DESERTION_CACHE_DIR": str(tmp_path)}) is None
    assert cache.cache_dir({}) == Path.home() / ".cache" / "desertion"


def test_without_a_cache_it_is_the_loader(data_dir):
    assert_same(cache.load_dataset_cached(data_dir, None), uncached(data_dir))


def test_a_missing_data_folder_gives_the_loaders_errors(tmp_path):
    missing = tmp_path / "nothing"
    assert_same(cache.load_dataset_cached(missing, tmp_path / "cache"), uncached(missing))


def test_old_entries_are_pruned(data_dir, tmp_path):
    folder = tmp_path / "cache"
    for court in ("Court X", "Court Y", "Court Z"):
        write_records(data_dir, RECORDS.replace("Court A", court))
        cache.load_dataset_cached(data_dir, folder)
    kept = [n for n in entries(folder) if n.startswith("court_records-")]
    assert len(kept) == cache.KEEP_PER_TABLE
