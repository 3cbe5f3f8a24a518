"""A conference's day as a grid: rooms as columns, times as rows, each talk spanning its duration.

:func:`layout_day` places a day's talks (pure: no Sphinx); the conference
page's listing (:mod:`eventnotes.listings`) turns the layout into a docutils
table at resolve time, in the HTML-format builders (the website and the EPUB).
The PDF keeps the day's timed list: LaTeX tables with spanned rows are
fragile, and the list already gives each talk's time and room.

The rows are time slots of the size the schedule.json export declares
(:func:`eventnotes.dates.timeslot_minutes`: the largest step every start and
duration of the day is a multiple of), so a talk's height shows its length;
slots in which nothing runs in any room (lunch, the night) are left out, so a
gap costs no rows.  A day that would still need more than :data:`ROW_LIMIT`
rows (five-minute lightning talks in a long day) gets a row per time at which a
talk starts or ends instead: each talk still spans exactly its rows.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from eventnotes.dates import duration_minutes, timeslot_minutes

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils import nodes

    from eventnotes.records import Talk

#: The most rows of slots a day's grid has before it falls back to a row per start or end.
ROW_LIMIT = 60


@dataclasses.dataclass(frozen=True)
class Cell:
    """A talk in the grid: its room's column (from 0), its first row and how many rows it spans."""

    talk: Talk
    column: int
    row: int
    rows: int
    #: Minutes from the day's midnight (past 24 * 60 for a talk after midnight).
    begins: int
    ends: int


@dataclasses.dataclass(frozen=True)
class DayLayout:
    rooms: list[str]
    #: The start of each row, in minutes from the day's midnight.
    times: list[int]
    cells: list[Cell]
    #: The day's talks not in the grid: without a start or a room, or overlapping the talk
    #: before them in their room (a cell holds one talk).
    left_out: list[Talk]
    step: int


def minutes_of(start: str) -> int:
    hours, minutes = start.split(":")
    return int(hours) * 60 + int(minutes)


def show_minutes(minutes: int) -> str:
    """``HH:MM`` of a row (a time past midnight is shown on the clock: ``00:30``)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def room_order(talks: Iterable[Talk]) -> list[str]:
    """The rooms in the order the programme first uses them: the columns of every day."""
    return list(dict.fromkeys(talk.room for talk in talks if talk.room))


def layout_day(talks: list[Talk], rooms: list[str]) -> DayLayout | None:
    """The grid of a day's talks (in programme order), or None when none has a start and a room."""
    timed = [talk for talk in talks if talk.start and talk.room]
    if not timed:
        return None
    step = timeslot_minutes(timed)
    # A talk without a duration takes one slot.
    spans = [
        (talk, begins, begins + (duration_minutes(talk.duration) if talk.duration else step))
        for talk in timed
        for begins in (minutes_of(talk.start),)
    ]
    busy_until: dict[str, int] = {}
    placed, left_out = [], []
    for talk, begins, ends in sorted(spans, key=lambda span: span[1]):
        if begins < busy_until.get(talk.room, -1):
            left_out.append(talk)
            continue
        busy_until[talk.room] = ends
        placed.append((talk, begins, ends))

    def running(minute: int) -> bool:
        return any(begins <= minute < ends for _talk, begins, ends in placed)

    first, last = min(span[1] for span in placed), max(span[2] for span in placed)
    times = [minute for minute in range(first, last, step) if running(minute)]
    if len(times) > ROW_LIMIT:
        bounds = sorted({minute for _talk, begins, ends in placed for minute in (begins, ends)})
        times = [minute for minute in bounds if running(minute)]
    used = [room for room in rooms if room in busy_until]
    cells = [
        Cell(
            talk,
            used.index(talk.room),
            times.index(begins),
            sum(1 for minute in times if begins <= minute < ends),
            begins,
            ends,
        )
        for talk, begins, ends in placed
    ]
    untimed = [talk for talk in talks if not (talk.start and talk.room)]
    return DayLayout(used, times, cells, [*left_out, *untimed], step)


def visit_entry_with_attributes(self: nodes.NodeVisitor, node: nodes.Element) -> None:
    """An HTML table cell with the attributes a grid's cell carries (``scope``, ``data-start``,
    ``data-end``), which docutils' writer does not write: its ``visit_entry``, then those
    attributes added to the tag it wrote."""
    type(self).visit_entry(self, node)
    attributes = node.get("html_attributes")
    if not attributes:
        return
    from html import escape

    tag = self.body[-1]  # type: ignore[attr-defined]
    extra = "".join(f' {name}="{escape(str(value))}"' for name, value in sorted(attributes.items()))
    self.body[-1] = tag[: tag.rindex(">")] + extra + tag[tag.rindex(">") :]  # type: ignore[attr-defined]
