"""A conference's programme as a grid per day: rooms as columns, times as rows (eventnotes.grid)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import TESTS, build_without_warnings

from eventnotes.grid import ROW_LIMIT, layout_day
from eventnotes.importer.__main__ import main
from eventnotes.records import Talk


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def grid_cells(table) -> dict[str, tuple[str, str, int]]:
    """Each talk of a grid by title: its column's header, its row's header and its rowspan,
    placed as a browser places them (a cell spanning rows takes its column in the rows below)."""
    rooms = [th.get_text(strip=True) for th in table.select("thead th")]
    taken: dict[tuple[int, int], bool] = {}
    found = {}
    for row_index, row in enumerate(table.select("tbody tr")):
        column = 0
        for cell in row.find_all(["th", "td"], recursive=False):
            while taken.get((row_index, column)):
                column += 1
            span = int(cell.get("rowspan", 1))
            for below in range(span):
                taken[(row_index + below, column)] = True
            if cell.name == "td" and cell.a:
                found[cell.a.get_text(strip=True)] = (rooms[column], row.th.get_text(strip=True), span)
            column += 1
    return found


def talk(title: str, start: str = "", duration: str = "", room: str = "") -> Talk:
    return Talk(
        date="2019-07-10", start=start, duration=duration, room=room,
        docname=title, anchor=title, title=title, lineno=1,
    )


def test_layout_of_a_day():
    talks = [
        talk("keynote", "09:00", "1:00", "Hall"), talk("short", "10:00", "0:30", "Hall"),
        talk("long", "10:00", "1:30", "Room 2"), talk("clash", "10:15", "0:30", "Hall"),
        talk("untimed"), talk("noroom", "11:00", "0:30"),
    ]
    layout = layout_day(sorted(talks, key=lambda t: t.sort_key), ["Room 2", "Hall"])
    assert layout.step == 15
    assert layout.rooms == ["Room 2", "Hall"]  # the conference's order of rooms
    cells = {cell.talk.title: (cell.column, cell.row, cell.rows) for cell in layout.cells}
    assert cells == {"keynote": (1, 0, 4), "short": (1, 4, 2), "long": (0, 4, 6)}
    assert [t.title for t in layout.left_out] == ["clash", "noroom", "untimed"]
    assert layout_day([talk("untimed"), talk("noroom", "11:00")], ["Hall"]) is None


def test_idle_slots_are_left_out_and_a_long_day_falls_back_to_its_starts_and_ends():
    layout = layout_day([talk("morning", "09:00", "0:30", "A"), talk("evening", "18:00", "0:30", "A")], ["A"])
    assert [f"{m // 60}:{m % 60:02d}" for m in layout.times] == ["9:00", "18:00"]  # 30-minute slots
    # Five-minute lightning talks across a long day: more slots than ROW_LIMIT.
    talks = [talk("first", "09:00", "0:05", "A"), talk("last", "18:00", "9:00", "B")]
    talks += [talk(f"t{n}", f"{9 + n}:05", "0:50", "A") for n in range(8)]
    layout = layout_day(talks, ["A", "B"])
    assert len(layout.times) <= ROW_LIMIT
    last = next(cell for cell in layout.cells if cell.talk.title == "last")
    assert sum(1 for m in layout.times if last.begins <= m < last.ends) == last.rows


def test_the_grid_in_html(shared_build):
    app = shared_build("grid")
    page = soup(app, "conf2019/index")
    tables = page.select("article table.eventnotes-grid")
    assert len(tables) == 2
    first = tables[0]
    assert first.caption.select_one(".caption-text").get_text() == "Wednesday, 10 July 2019"
    assert [th["scope"] for th in first.select("thead th")] == ["col"] * 3
    assert [th.get_text(strip=True) for th in first.select("thead th")] == ["Time", "Main Hall", "Room 2"]
    assert all(th["scope"] == "row" for th in first.select("tbody th"))
    assert grid_cells(first) == {
        "Opening keynote": ("Main Hall", "09:00", 4),
        "Asyncio in practice": ("Main Hall", "10:00", 2),
        "Typing for everyone": ("Room 2", "10:00", 6),
        "After lunch": ("Room 2", "13:00", 2),
    }
    # The lunch gap costs no rows.
    assert [th.get_text(strip=True) for th in first.select("tbody th")][-3:] == ["11:15", "13:00", "13:15"]
    # Moments at the conference's time zone, for the now/next script.
    keynote = first.find("a", string="Opening keynote").find_parent("td")
    assert (keynote["data-start"], keynote["data-end"]) == ("2019-07-10T09:00:00+02:00", "2019-07-10T10:00:00+02:00")
    # The day's talks without a room or time, or clashing with another in their room, under the grid.
    others = first.find_parent("div", class_="eventnotes-grid-wrapper").find_next_sibling("ul")
    assert [a.get_text() for a in others.select("a[title]") if "talks/" in a["href"]] == [
        "A clash in the main hall", "Somewhere at eleven", "Whenever it fits"
    ]
    assert grid_cells(tables[1]) == {"Day two in the cellar": ("Cellar", "14:00", 3)}
    html = (app.outdir / "conf2019/index.html").read_text(encoding="utf-8")
    assert "eventnotes-grid.css" in html and "eventnotes-now-next.js" in html


def test_a_conference_without_times_keeps_its_list(shared_build):
    app = shared_build("grid")
    page = soup(app, "notimes/index")
    assert page.select_one("table.eventnotes-grid") is None
    assert page.select_one(".eventnotes-listing ul a").get_text() == "A talk"
    html = (app.outdir / "notimes/index.html").read_text(encoding="utf-8")
    assert "eventnotes-grid.css" not in html and "eventnotes-now-next.js" not in html
    # Nor does any other page get the grid's files.
    assert "eventnotes-now-next.js" not in (app.outdir / "conf2019/talks/keynote.html").read_text(encoding="utf-8")


def test_latex_gets_the_timed_list(shared_build):
    app = shared_build("grid", "latex")
    tex = (app.outdir / "gridtest.tex").read_text(encoding="utf-8")
    assert "eventnotes-grid" not in tex and r"\begin{longtable}" not in tex and r"\begin{tabulary}" not in tex
    keynote = tex.index("Opening keynote")
    assert tex.index("09:00", keynote - 200) < keynote
    assert "Main Hall" in tex[keynote : keynote + 400]
    assert tex.index("Opening keynote") < tex.index("Asyncio in practice") < tex.index("After lunch")


def test_an_imported_frab_programme_as_grids(rootdir, tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(rootdir / "test-importer", site)
    programme = TESTS / "data" / "schedules" / "nightowl.xml"
    assert main([str(programme), "--project", str(site)]) == 0
    capsys.readouterr()
    app = build_without_warnings(site)
    domain = app.env.domains["event"]
    conference = next(c for c in domain.conferences() if c.title == "NightOwl Conf 2024")
    page = soup(app, conference.docname)
    placed = {}
    for table in page.select("article table.eventnotes-grid"):
        placed.update(grid_cells(table))
    timed = [t for t in domain.talks_of(conference) if t.start and t.room]
    assert timed
    for t in timed:
        assert t.title in placed, t.title
        room, time, _span = placed[t.title]
        assert (room, time) == (t.room, t.start), t.title
    assert len(placed) == len(timed)


def test_the_grid_is_only_in_the_pages_that_have_times(shared_build):
    app = shared_build("grid")
    assert "eventnotes-grid" not in (app.outdir / "index.html").read_text(encoding="utf-8").split("<article")[1]
    assert Path(app.outdir / "_static" / "eventnotes-now-next.js").exists()
