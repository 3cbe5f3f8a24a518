"""Generate a synthetic Event Notes site of N talks, for benchmarks and their test.

Two flavours of the same talks:

``eventnotes``
    the project's own directives (``talk``, ``conference``, ``conferences``),
    furo, MyST and sphinx-design, as the real site is built;
``floor``
    the same pages with their metadata as plain field lists, Sphinx's
    ``basic`` theme and no extension: parsing and writing alone.

Shape: 20 talks per conference, about a third as many speakers as talks, one
talk in ten with two speakers, notes like the real ones (headings, nested
lists, a code block, links).  The home page's toctree lists the conferences;
with ``--by-year`` it lists a page per year instead, each listing that year's
conferences (how a site with hundreds of conferences would be organised).

    python benchmarks/generate.py 1000 /tmp/site --flavour eventnotes [--by-year]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import unicodedata
from pathlib import Path

TALKS_PER_CONFERENCE = 20
PROJECT = Path(__file__).resolve().parents[1]

FIRST = ["Ada", "Brandon", "Carl", "Domen", "Łukasz", "Jacob", "Julie", "Mark", "Michael", "Raymond",
         "Zoë", "Hynek", "Amjith", "Luciano", "Ashwini", "David", "Chris", "Josh", "Robyn", "Deni"]
LAST = ["Hettinger", "Kožar", "Langa", "Rhodes", "Meyer", "Pichon", "Smith", "König", "Schlawack", "Ramalho",
        "Oruganti", "Mertz", "Withers", "Berkus", "Bergeron", "Bertovic", "Sissel", "Walli", "Conway", "McKay"]
TOPICS = ["Django", "Celery", "asyncio", "packaging", "testing", "PostgreSQL", "Elasticsearch", "descriptors",
          "profiling", "Docker", "deployment", "metaclasses", "Unicode", "caching", "security", "logging"]

EVENTNOTES_CONF = '''\
import sys
sys.path.insert(0, {ext!r})
project = "Synthetic notes"
extensions = ["myst_parser", "sphinx_design", "eventnotes"]
html_theme = "furo"
nitpicky = True
'''

FLOOR_CONF = '''\
project = "Synthetic notes"
html_theme = "basic"
'''


def speaker_names(count: int) -> list[str]:
    names = [f"{first} {last}" for last in LAST for first in FIRST]
    rounds = 0
    while len(names) < count:
        rounds += 1
        names += [f"{first} {last} {rounds}" for last in LAST for first in FIRST]
    return names[:count]


def notes(rng: random.Random, topic: str, slug: str) -> str:
    points = "\n".join(f"- {rng.choice(TOPICS)} works well with {topic}, point {n}" for n in range(1, 6))
    return f"""
The Gist
--------

{points}
- Things to remember

  - measure before optimizing {topic}
  - read the source

Example
-------

.. code-block:: python

   def handle(request):
       result = compute(request)
       return render(result)

More on {topic}: https://example.org/{slug}
"""


def width(text: str) -> int:
    """Columns a title takes, as docutils counts them for its underline (East Asian wide: 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def rst_page(title: str, meta: str, body: str) -> str:
    return f"{title}\n{'=' * max(width(title), 3)}\n\n{meta}{body}"


def talk_page(flavour: str, title: str, day: dt.date, speakers: list[str], body: str,
              tags: str = "synthetic") -> str:
    """A talk's page; the floor's fields are text, so ``title``, names and ``tags`` come escaped for RST."""
    if flavour == "eventnotes":
        meta = f".. talk::\n   :date: {day.isoformat()}\n   :speaker: {', '.join(speakers)}\n   :tags: {tags}\n"
    else:
        meta = f":Date: {day.isoformat()}\n:Speaker: {', '.join(speakers)}\n" + (f":Tags: {tags}\n" if tags else "")
    return rst_page(title, meta, body)


def conference_page(flavour: str, title: str, start: dt.date, end: dt.date, location: str = "Somewhere",
                    body: str = "") -> str:
    if flavour == "eventnotes":
        meta = f".. conference::\n   :start: {start}\n   :end: {end}\n   :location: {location}\n"
    else:
        meta = f":Dates: {start} to {end}\n" + (f":Location: {location}\n" if location else "")
    body = f"\n{body.strip()}\n" if body.strip() else ""
    return rst_page(title, meta, f"{body}\n.. toctree::\n   :hidden:\n   :glob:\n\n   talks/*\n")


def home_page(flavour: str, entries: list[str], by_year: bool = False) -> str:
    """The home page: the toctree of ``entries`` (conferences or years), newest first.

    By year, the home page lists the years (its toctree), not every conference.
    """
    listing = ".. conferences::\n\n" if flavour == "eventnotes" and not by_year else ""
    toctree = "\n".join(f"   {entry}" for entry in entries)
    return f"Synthetic notes\n===============\n\n{listing}.. toctree::\n   :caption: Conferences\n\n{toctree}\n"


def write_year_pages(target: Path, flavour: str, conferences: list[tuple[str, int]]) -> list[str]:
    """A page per year under ``years/``, listing that year's ``(docname, year)`` conferences in the
    order given; returns the years' docnames, newest first, for the home page's toctree."""
    (target / "years").mkdir(exist_ok=True)
    years = sorted({year for _, year in conferences}, reverse=True)
    for year in years:
        listed = "\n".join(f"   /{docname}" for docname, of in conferences if of == year)
        # The year's conferences as cards (eventnotes) and in the navigation.
        cards = f".. conferences::\n   :year: {year}\n\n" if flavour == "eventnotes" else ""
        (target / "years" / f"{year}.rst").write_text(
            f"{year}\n====\n\n{cards}.. toctree::\n   :maxdepth: 1\n\n{listed}\n", encoding="utf-8"
        )
    return [f"years/{year}" for year in years]


def generate(count: int, target: Path, flavour: str, seed: int = 2024, by_year: bool = False) -> Path:
    """Write a site of ``count`` talks into ``target`` (replaced if it exists)."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "conferences").mkdir(parents=True)
    conf = EVENTNOTES_CONF.format(ext=str(PROJECT / "_ext")) if flavour == "eventnotes" else FLOOR_CONF
    (target / "conf.py").write_text(conf, encoding="utf-8")

    speakers = speaker_names(max(1, count // 3))
    conferences: list[tuple[str, int]] = []
    for talk_number in range(count):
        conference_number = talk_number // TALKS_PER_CONFERENCE
        start = dt.date(2000, 1, 3) + dt.timedelta(weeks=conference_number)
        folder = target / "conferences" / f"conf-{conference_number:04d}"
        if talk_number % TALKS_PER_CONFERENCE == 0:
            (folder / "talks").mkdir(parents=True)
            title = f"Conference {conference_number}"
            page = conference_page(flavour, title, start, start + dt.timedelta(days=2))
            (folder / "index.rst").write_text(page, encoding="utf-8")
            conferences.append((f"conferences/conf-{conference_number:04d}/index", start.year))
        topic = rng.choice(TOPICS)
        slug = f"talk-{talk_number:05d}"
        title = f"{topic} in practice, part {talk_number}"
        chosen = [speakers[talk_number % len(speakers)]]
        if talk_number % 10 == 0:
            chosen.append(speakers[(talk_number * 7 + 1) % len(speakers)])
        day = start + dt.timedelta(days=talk_number % 3)
        page = talk_page(flavour, title, day, list(dict.fromkeys(chosen)), notes(rng, topic, slug))
        (folder / "talks" / f"{slug}.rst").write_text(page, encoding="utf-8")

    if by_year:
        entries = write_year_pages(target, flavour, [(docname, year) for docname, year in reversed(conferences)])
    else:
        entries = [docname for docname, _ in reversed(conferences)]
    (target / "index.rst").write_text(home_page(flavour, entries, by_year), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, help="number of talks")
    parser.add_argument("target", type=Path, help="folder to write the site into (replaced)")
    parser.add_argument("--flavour", choices=["eventnotes", "floor"], default="eventnotes")
    parser.add_argument("--by-year", action="store_true", help="list the conferences on a page per year")
    args = parser.parse_args()
    generate(args.count, args.target, args.flavour, by_year=args.by_year)


if __name__ == "__main__":
    main()
