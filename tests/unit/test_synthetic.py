"""desertion.synthetic (bench/generate.py) writes a data folder the dashboard accepts: the benchmarks of scale and
cold start measure a working dashboard, not its error page (a fixed line of source cells broke sources.csv once its
columns grew)."""

from __future__ import annotations

from pathlib import Path

from desertion.synthetic import generate
from desertion.loading import load_dataset


def test_the_generated_folder_validates_and_marks_its_records_synthetic(tmp_path: Path) -> None:
    out = generate(200, tmp_path / "bench-data")
    dataset = load_dataset(out)
    assert dataset.issues == [], dataset.issues[:3]
    sources = dataset.frames["sources"].set_index("source_id")
    assert "NOT REAL" in sources.loc["synthetic-benchmark", "outlet"]
    records = dataset.frames["court_records"]
    assert len(records) == 200 and set(records["source_id"]) == {"synthetic-benchmark"}
