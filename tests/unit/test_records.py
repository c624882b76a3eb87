"""The optional row-level court records: validated like the others, read fast, aggregated by month."""

from __future__ import annotations

import pandas as pd

from desertion import loading, records
from desertion.loading import load_dataset, parse_table
from desertion.schema import TABLES

HEADER = "record_id,date_received,court,region,article,outcome,sentence_years,suspended,source_id\n"
ROWS = ("r1,2023-01-05,Court A,Region 1,337,convicted,2.5,true,src\n"
        "r2,2023-01-31,Court B,,337,pending,,,src\n"
        "r3,2023-02-01,Court A,Region 2,338,convicted,7,false,src\n"
        "r4,2023-02-14,Court C,Region 2,337,unknown,,,src\n")


def parse(text: str):
    return parse_table(text.encode(), TABLES["court_records"], "court_records.csv", source_ids={"src"})


def test_simple_files_take_the_fast_reader_and_match_the_careful_one():
    simple = HEADER + ROWS
    assert loading.read_simple(simple) is not None
    quoted = HEADER + ROWS.replace("Court A", '"Court A"')
    assert loading.read_simple(quoted) is None
    fast, careful = parse(simple), parse(quoted)
    assert fast.ok and careful.ok
    pd.testing.assert_frame_equal(fast.frame, careful.frame)


def test_fast_reader_still_reports_the_exact_line_and_column():
    result = parse(HEADER + ROWS + "r5,2023-02-30,Court A,,337,convicted,1,false,src\nr1,2023-03-01,Court A,,337,convicted,1,false,src\n")
    found = [(i.line, i.column) for i in result.issues]
    assert found == [(6, "date_received"), (7, "record_id")]
    wrong_width = parse(HEADER + ROWS + "r9,2023-03-01\n")  # pyarrow refuses; the careful reader locates it
    assert [(i.line, i.column) for i in wrong_width.issues] == [(6, None)]


def test_blank_lines_and_empty_rows_are_skipped_without_shifting_lines():
    result = parse(HEADER + "\n" + ROWS + ",,,,,,,,\n" + "r9,2023-13-01,Court A,,337,convicted,1,false,src\n")
    assert [(i.line, i.column) for i in result.issues] == [(8, "date_received")]


def test_monthly_counts_group_by_month_article_and_source():
    monthly = records.monthly_counts(parse(HEADER + ROWS).frame)
    got = {(r.period_start.strftime("%Y-%m"), r.article): r.value for r in monthly.itertuples()}
    assert got == {("2023-01", "337"): 2, ("2023-02", "337"): 1, ("2023-02", "338"): 1}
    assert (monthly["period_end"] == pd.to_datetime(["2023-01-31", "2023-02-28", "2023-02-28"])).all()


def test_the_records_table_is_optional_but_validated_when_present(shipped_data_copy):
    assert "court_records" not in load_dataset(shipped_data_copy).results
    (shipped_data_copy / "court_records.csv").write_text(HEADER + ROWS.replace(",src\n", ",mt-2023-12-05\n"),
                                                         encoding="utf-8")
    assert load_dataset(shipped_data_copy).results["court_records"].ok
    (shipped_data_copy / "court_records.csv").write_text(HEADER + ROWS, encoding="utf-8")
    result = load_dataset(shipped_data_copy).results["court_records"]
    assert not result.ok and result.issues[0].column == "source_id"
