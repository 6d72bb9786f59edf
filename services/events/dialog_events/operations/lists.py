"""Lists that staff send whole: each entry naming a known row by its id changes it in place."""

from __future__ import annotations

from ..domain.errors import InvalidInput


def rows_as_sent(known: dict, entries: list[dict], new_row, fill, unknown: str, field: str) -> list:
    """The rows of a list sent whole (contact persons, needs, delegates): an entry naming by
    ``id`` a row of ``known`` (once) changes that row in place, one without is a ``new_row()``,
    and those left out are dropped. ``fill(row, entry)`` writes the entry into its row, or
    returns what is wrong with it; every refused entry is named by its position under
    ``field`` in one 422 (``unknown``: the sentence for an id that is not known)."""
    rows: list = []
    errors: dict = {}
    for position, entry in enumerate(entries):
        row_id = entry.get("id")
        if row_id is None:
            row = new_row()
        elif row_id in known and all(r.id != row_id for r in rows):
            row = known[row_id]
        else:
            errors[str(position)] = {"id": [unknown]}
            continue
        if wrong := fill(row, entry):
            errors[str(position)] = wrong
            continue
        row.position = position
        rows.append(row)
    if errors:
        raise InvalidInput({field: errors})
    return rows
