"""What an update changes in a table, row by row: rows added, removed and changed, matched by the id column.

`updates.plan_update` computes the diff for its preview; the Data page and the command line show it
through the frames below. Cells are compared as text, as the loader reads them. Pure: no files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from desertion.loading import split_records
from desertion.schema import TableSchema

CHANGES_COLUMNS = ("id", "column", "before", "after")


@dataclass(frozen=True)
class CellChange:
    """One cell of a row that exists before and after the update, with its text before and after."""

    column: str
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    """A row (by id) whose cells differ between the current table and the update."""

    id: str
    cells: tuple[CellChange, ...]


@dataclass(frozen=True)
class UpdateDiff:
    """What an update does to a table, row by row (rows are matched by the table's id column).

    Cells are compared as the loader reads them: as text with surrounding spaces removed. Added and
    removed rows are tuples of cell texts in `columns` order.
    """

    id_column: str
    columns: tuple[str, ...] = ()
    added: tuple[tuple[str, ...], ...] = ()
    removed: tuple[tuple[str, ...], ...] = ()
    changed: tuple[RowChange, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed)}

    def describe(self) -> str:
        """'2 added, 1 changed, 0 removed'."""
        return ", ".join(f"{n} {what}" for what, n in self.counts.items())


@dataclass(frozen=True)
class CsvRecords:
    """A CSV text split into records: the header's names, and each data row's first line and cells."""

    header: list[str]
    lines: list[int]
    rows: list[list[str]]

    def index(self, column: str) -> int | None:
        return self.header.index(column) if column in self.header else None


def read_records(text: str) -> CsvRecords | None:
    lines, rows, _ = split_records(text, "")
    if not rows:
        return None
    width = len(rows[0])
    good = [(line, row) for line, row in zip(lines[1:], rows[1:]) if len(row) == width]
    return CsvRecords([h.strip() for h in rows[0]], [line for line, _ in good], [row for _, row in good])


def diff_tables(schema: TableSchema, old_text: str | None, new_text: str) -> UpdateDiff:
    """Rows added, removed and changed between two versions of a table, matched by its id column."""
    old, new = _rows_by_id(old_text, schema), _rows_by_id(new_text, schema)
    columns = schema.column_names

    def cells(row: dict[str, str]) -> tuple[str, ...]:
        return tuple(row.get(c, "") for c in columns)

    changed = []
    for row_id, row in new.items():
        if row_id in old:
            before = old[row_id]
            diffs = tuple(CellChange(c, before.get(c, ""), row.get(c, "")) for c in columns
                          if before.get(c, "") != row.get(c, ""))
            if diffs:
                changed.append(RowChange(row_id, diffs))
    return UpdateDiff(
        schema.id_column, columns,
        added=tuple(cells(row) for row_id, row in new.items() if row_id not in old),
        removed=tuple(cells(row) for row_id, row in old.items() if row_id not in new),
        changed=tuple(changed),
    )


def _rows_by_id(text: str | None, schema: TableSchema) -> dict[str, dict[str, str]]:
    records = read_records(text) if text is not None else None
    position = records.index(schema.id_column) if records else None
    if records is None or position is None:
        return {}
    rows = {}
    for row in records.rows:
        if row[position].strip():
            rows[row[position].strip()] = {name: cell.strip() for name, cell in zip(records.header, row)}
    return rows


def changes_frame(diff: UpdateDiff) -> pd.DataFrame:
    """Changed cells side by side for a reader: one row per cell, columns id, column, before, after."""
    rows = [(change.id, cell.column, cell.before, cell.after) for change in diff.changed for cell in change.cells]
    return pd.DataFrame(rows, columns=list(CHANGES_COLUMNS), dtype="string")


def added_frame(diff: UpdateDiff) -> pd.DataFrame:
    """The rows the update adds, as text, in the table's column order."""
    return pd.DataFrame(list(diff.added), columns=list(diff.columns), dtype="string")


def removed_frame(diff: UpdateDiff) -> pd.DataFrame:
    """The rows the update removes, as text, in the table's column order."""
    return pd.DataFrame(list(diff.removed), columns=list(diff.columns), dtype="string")
