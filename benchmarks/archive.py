"""Build pyvideo's whole archive as one site, beside its floor, and report what readers download.

    make bench-archive [PYVIDEO=pyvideo-data.tar.xz or a pyvideo/data checkout]
    python benchmarks/archive.py [PYVIDEO] [--subset 1000] [--no-plain] [--no-write]

Without PYVIDEO it looks for ``../shared/data/pyvideo-data.tar.xz`` next to
the project; when there is no archive it prints a one-line hint and exits 0.

The steps, one build at a time, each in a fresh process (``-j 1`` unless said):

1. the site: a scratch copy of the project's ``conf.py``, ``_ext`` and
   ``_static`` with a home page of its own and none of the project's
   conferences, into which ``python -m eventnotes.importer --format rst``
   imports every event of the archive;
2. the floor: the same talks, read through the importer's model
   (:mod:`eventnotes.importer.pyvideo`) and named as the importer names them,
   as plain field-list pages (``generate.py``'s floor writer) with their
   descriptions converted by the importer's RST converter, built by
   ``python -m sphinx`` with the ``basic`` theme and no extension;
   then the site again with ``-j auto`` (``make html O="-j auto"``), for its
   peak memory (Sphinx then reads in worker processes, and the main one keeps
   no doctrees);
3. the site again with the speaker features replaced by their plain forms
   (``plain_speakers.py``), for the speaker features' budget of 5%;
4. the floor again, built with the project's command (``scripts/sphinx_build.py``)
   instead of Sphinx's: what the command alone changes (its collector
   settings and the search index's pruning), so that the ratios against it
   are the extension's own;
5. one talk's title edited, the site and the floor rebuilt, then the floor
   built with the project's command; then another edit of it in
   ``make livehtml``'s loop (``-D eventnotes_pagefind=0``);
6. the same for the first events of the archive, in folder order, up to
   ``--subset`` talks (1,000), for the growth.

The site is built as ``make html`` builds it (``scripts/sphinx_build.py``),
with ``-n`` and the ``eventnotes.speaker-variant`` warnings suppressed, as
for any archive whose people nobody has curated; other warnings are counted,
not fatal.  Wall time, CPU time (user + system of the build's processes) and
peak memory come from ``run.py``'s :func:`~run.measured`; the load average is
recorded beside them, since the machine may be shared.  Writes
``benchmarks/results/archive.rst`` (the Performance page includes it) after
every step, so that an interrupted run still leaves what it measured.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import http.server
import os
import platform
import re
import runpy
import shutil
import sys
import tarfile
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT / "_ext"))

import generate  # noqa: E402
from run import OWN, PLAIN, RESULTS, Run, html_files, measured, retitle, sphinx_build  # noqa: E402

DEFAULT_ARCHIVE = PROJECT.parent / "shared" / "data" / "pyvideo-data.tar.xz"
HINT = ("bench-archive: no pyvideo archive; give one with "
        "make bench-archive PYVIDEO=<pyvideo-data.tar.xz or a checkout of github.com/pyvideo/data>")
#: The site's build options (besides -q -b html -d): nitpicky, variants left out as for an uncurated archive.
SITE_OPTIONS = ("-n", "-D", "suppress_warnings=eventnotes.speaker-variant")
EDITED_TITLE = "A retitled talk about benchmarks"
#: What ``make livehtml`` adds for its loop.
LIVE_OPTIONS = ("-D", "eventnotes_pagefind=0")

HOME = """\
Event Notes
===========

{listing}- :ref:`event-speakers`: everyone who gave a talk, with their talks.
- :ref:`event-topics`: every topic the talks' tags name, with its talks.
- :ref:`genindex`: talks by title and by speaker, and conferences by name.
- :ref:`search`: talks by speaker, title or any word of the notes.

.. toctree::
   :caption: Conferences
{toctree}"""

KB = 1024
MB = 1024 * KB


@dataclass
class Size:
    what: str
    size: int
    target: int | None  # bytes, or None where there is no target
    note: str = ""


@dataclass
class Report:
    """What has been measured so far; rendered after each step."""

    talks: int = 0
    events: int = 0
    small_talks: int = 0
    builds: dict[str, Run] = field(default_factory=dict)
    loads: dict[str, tuple[float, float]] = field(default_factory=dict)  # 1-minute load, before and after
    written: dict[str, int] = field(default_factory=dict)  # HTML files an incremental build rewrote
    sizes: list[Size] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# -- the data ---------------------------------------------------------------------------------


def locate(given: str | None) -> Path | None:
    """The archive to use: the one given, else the default next to the project, else None."""
    path = Path(given) if given else DEFAULT_ARCHIVE
    return path if path.exists() else None


def checkout_of(archive: Path, work: Path) -> Path:
    """A folder of the archive's events: the checkout itself, or the tarball unpacked into ``work``."""
    if archive.is_dir():
        return archive
    target = work / "pyvideo-data"
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    from eventnotes.importer import pyvideo

    # A tarball of a checkout may hold it in one top-level folder.
    if not pyvideo.is_pyvideo_checkout(target):
        inner = [child for child in target.iterdir() if pyvideo.is_pyvideo_checkout(child)]
        if len(inner) == 1:
            return inner[0]
    return target


def events_of(checkout: Path) -> list[Path]:
    from eventnotes.importer import pyvideo

    return [folder for folder in sorted(checkout.iterdir())
            if not folder.name.startswith(".") and pyvideo.is_pyvideo_event(folder)]


def first_events(events: list[Path], talks: int) -> list[Path]:
    """The first events, in folder order, until they hold ``talks`` recordings."""
    chosen, count = [], 0
    for event in events:
        if count >= talks:
            break
        chosen.append(event)
        count += len(list((event / "videos").glob("*.json")))
    return chosen


def subset_checkout(events: list[Path], target: Path) -> Path:
    """A checkout of ``events`` only, as symbolic links."""
    target.mkdir(parents=True)
    for event in events:
        (target / event.name).symlink_to(event.resolve(), target_is_directory=True)
    return target


# -- the two sites ------------------------------------------------------------------------------


def scratch_site(target: Path) -> Path:
    """The project's configuration, extension and static files, a home page, no conferences."""
    target.mkdir(parents=True)
    shutil.copy2(PROJECT / "conf.py", target / "conf.py")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("_ext", "_static"):
        shutil.copytree(PROJECT / folder, target / folder, ignore=ignore)
    (target / "conferences").mkdir()
    # The importer adds each conference to the toctree; arrange_by_year() then makes year pages.
    (target / "index.rst").write_text(HOME.format(listing=".. conferences::\n\n", toctree="   :hidden:\n"),
                                      encoding="utf-8")
    return target


_START = re.compile(r"^\s*:start:\s*(\d{4})-", re.MULTILINE)


def arrange_by_year(site: Path) -> int:
    """The home page lists years, each year's page its conferences (a light home page at
    archive scale); returns the number of years.  The conferences come from the home page's toctree,
    as the importer wrote it (newest first), and their years from their ``:start:``."""
    home = site / "index.rst"
    docnames = re.findall(r"^   (conferences/\S+/index)$", home.read_text(encoding="utf-8"), re.MULTILINE)
    conferences = []
    for docname in docnames:
        page = next(site.glob(f"{docname}.*"))
        found = _START.search(page.read_text(encoding="utf-8"))
        conferences.append((docname, int(found[1]) if found else 0))
    years = generate.write_year_pages(site, "eventnotes", conferences)
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\ninclude_patterns = [*include_patterns, "years/**"]  # benchmarks/archive.py\n')
    home.write_text(HOME.format(listing="", toctree="   :maxdepth: 1\n\n" + "".join(f"   {y}\n" for y in years)),
                    encoding="utf-8")
    return len(years)


def import_into(site: Path, checkout: Path) -> Run:
    run, _stderr = measured(
        [sys.executable, "-m", "eventnotes.importer", str(checkout), "--project", str(site),
         "--format", "rst", "--quiet"],
        env={"PYTHONPATH": str(PROJECT / "_ext")},
    )
    return run


def write_floor(checkout: Path, target: Path) -> tuple[int, int]:
    """The floor of the same talks, named as the importer names them; (events, talks)."""
    from eventnotes.importer import markup, merge, pages, pyvideo

    if target.exists():
        shutil.rmtree(target)
    (target / "conferences").mkdir(parents=True)
    (target / "conf.py").write_text(generate.FLOOR_CONF, encoding="utf-8")
    unnamed = target / ".names"  # an empty project: every talk is new, as in the scratch site
    entries: list[tuple[str, str]] = []
    events = talks = 0
    for conference in pyvideo.read_checkout(checkout):
        dest = f"conferences/{conference.slug}"
        plan = merge.plan_import(conference, unnamed, dest, "rst")
        paths = [path for path in plan.writes if "/talks/" in path]
        assert len(paths) == len(conference.talks), conference.slug
        (target / dest / "talks").mkdir(parents=True)
        description = pages.rich_text(conference.description, "rst")
        (target / dest / "index.rst").write_text(
            generate.conference_page("floor", markup.rst_inline(conference.title), conference.start,
                                     conference.end, location="", body=description),
            encoding="utf-8",
        )
        for talk, path in zip(conference.talks, paths):
            body = pages.rich_text(talk.abstract, "rst")
            text = generate.talk_page(
                "floor", markup.rst_inline(talk.title), talk.date,
                [markup.rst_inline(name) for name in talk.speakers],
                (f"\n{body.rstrip()}\n" if body.strip() else "")
                + f"\n{pages.NOTES_HEADING}\n{'-' * len(pages.NOTES_HEADING)}\n",
                tags=markup.rst_inline(", ".join(talk.tags)) if talk.tags else "",
            )
            (target / path).write_text(text, encoding="utf-8")
        entries.append((conference.start.isoformat(), f"{dest}/index"))
        events += 1
        talks += len(conference.talks)
    entries.sort(key=lambda entry: entry[0], reverse=True)  # newest first, as the importer lists them
    years = generate.write_year_pages(target, "floor", [(name, int(start[:4])) for start, name in entries])
    (target / "index.rst").write_text(generate.home_page("floor", years, by_year=True), encoding="utf-8")
    return events, talks


def plain_speakers_options(site: Path) -> tuple[str, ...]:
    """``-D extensions=...``: the site's extensions and ``plain_speakers`` after them."""
    extensions = runpy.run_path(str(site / "conf.py"))["extensions"]
    return ("-D", "extensions=" + ",".join([*extensions, "plain_speakers"]))


def edited_talk(floor: Path) -> str:
    """The talk whose title is edited: the first of the middle event, as a path in both sites."""
    folders = sorted(path for path in (floor / "conferences").iterdir() if path.is_dir())
    middle = folders[len(folders) // 2]
    return sorted((middle / "talks").glob("*.rst"))[0].relative_to(floor).as_posix()


# -- what a reader downloads ---------------------------------------------------------------------


def local_assets(page: Path, html: Path) -> list[Path]:
    """The scripts a page loads from the site (``<script src>``), query strings dropped."""
    import re

    text = page.read_text(encoding="utf-8")
    found = []
    for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', text):
        if "://" in src or src.startswith("//"):
            continue
        path = (page.parent / src.split("?", 1)[0]).resolve()
        if path.is_file() and html.resolve() in path.parents:
            found.append(path)
    return found


def sphinx_search_bytes(html: Path) -> int:
    """search.html, the scripts it loads and ``searchindex.js``: what Sphinx's search downloads."""
    search = html / "search.html"
    scripts = local_assets(search, html)
    index = html / "searchindex.js"
    if index.is_file() and index.resolve() not in scripts:
        scripts.append(index.resolve())  # loaded by searchtools.js when not by a script tag
    return search.stat().st_size + sum(path.stat().st_size for path in scripts)


def talk_notes_bytes(page: Path) -> int:
    """The bytes of a talk page that are its own text: from its title to the end of its article."""
    text = page.read_text(encoding="utf-8")
    start, end = text.find("<h1"), text.find("</article>")
    return len(text[start:end].encode()) if 0 <= start < end else 0


#: Searches a reader of the archive makes: a speaker, words of a title, a word of the descriptions.
SEARCHES = ("Hettinger", "Beautiful Idiomatic Python", "asyncio")


@contextlib.contextmanager
def served(html: Path) -> Iterator[str]:
    """``html`` on a plain static server on 127.0.0.1; yields its address."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def search_in_browser(html: Path) -> list[Size] | None:
    """What a reader downloads before the first result of each of ``SEARCHES``, in Debian's Chromium
    over a static server (Pagefind's way); None without Chromium or Playwright."""
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    sizes = []
    with served(html) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        for query in SEARCHES:
            page = browser.new_page()
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(f"{origin}/search.html?q={query}")
            results = page.locator("#search-results ul.search > li > a")
            try:
                results.first.wait_for(timeout=60000)
            except Exception:
                sizes.append(Size(f"first search result for “{query}”", 0, 500 * KB, "no result"))
                page.close()
                continue
            first = results.first.inner_text()
            files = {url.removeprefix(f"{origin}/").split("?")[0].split("#")[0] for url in requested
                     if url.startswith(origin)}
            total = sum((html / name).stat().st_size for name in files if (html / name).is_file())
            index_files = sum(1 for name in files if name.startswith("_pagefind/"))
            sizes.append(Size(f"first search result for “{query}” (Chromium, served)", total, 500 * KB,
                              f"{len(files)} files, {index_files} of Pagefind; first result: {first[:60]}"))
            page.close()
        browser.close()
    return sizes


def reader_downloads(html: Path) -> list[Size]:
    sizes: list[Size] = []
    index = html / "searchindex.js"
    whole_index = f"Sphinx's searchindex.js {index.stat().st_size / MB:.1f} MB" if index.is_file() else ""
    in_browser = search_in_browser(html) if (html / "_pagefind").is_dir() else None
    if in_browser is not None:
        sizes += in_browser
        sizes.append(Size("Sphinx's search, used only from file://: search.html, its scripts and the index",
                          sphinx_search_bytes(html), None, whole_index))
    else:
        sizes.append(Size("first search result: search.html, its scripts and the search index",
                          sphinx_search_bytes(html), 500 * KB,
                          whole_index + ("; no Chromium to search Pagefind's index" if whole_index else "")))

    def largest(paths: list[Path], what: str, target: int) -> None:
        if not paths:
            sizes.append(Size(what, 0, target, "no such page"))
            return
        biggest = max(paths, key=lambda path: path.stat().st_size)
        note = f"{biggest.relative_to(html)}, the largest of {len(paths)}" if len(paths) > 1 else ""
        sizes.append(Size(what, biggest.stat().st_size, target, note))

    largest(sorted(html.glob("event-speakers*.html")), "Speaker Index, largest piece", 1 * MB)
    largest(sorted(html.glob("event-topics*.html")), "Topics index, largest piece", 1 * MB)
    largest([path for path in html.glob("genindex*.html") if path.name != "genindex-all.html"],
            "genindex, largest piece", 1 * MB)
    sizes.append(Size("home page", (html / "index.html").stat().st_size, 500 * KB))
    largest(list(html.glob("years/*.html")), "largest year page", 500 * KB)
    largest(list(html.glob("conferences/*/index.html")), "largest conference page", 500 * KB)
    talks = list(html.glob("conferences/*/talks/*.html"))
    if talks:
        by_size = sorted(talks, key=lambda path: path.stat().st_size)
        sizes.append(Size("talk page, median", by_size[len(by_size) // 2].stat().st_size, 50 * KB))
        biggest = by_size[-1]
        sizes.append(Size("talk page, largest", biggest.stat().st_size, None, str(biggest.relative_to(html))))
        aside = max(path.stat().st_size - talk_notes_bytes(path) for path in talks)
        sizes.append(Size("talk page without its own title, details and notes, largest", aside, 50 * KB))
    return sizes


# -- the run -------------------------------------------------------------------------------------


def build(report: Report, key: str, src: Path, out: Path, *options: str, **kwargs) -> Run:
    before = os.getloadavg()[0]
    run = sphinx_build(src, out, *options, check=False, **kwargs)
    report.builds[key] = run
    report.loads[key] = (before, os.getloadavg()[0])
    print(f"{key}: {run.seconds:.1f} s wall, {run.cpu_seconds:.1f} s CPU, {run.peak_mb:.0f} MB peak "
          f"({run.total_mb:.0f} MB all processes), {run.warnings} warnings; "
          f"load {before:.1f} -> {report.loads[key][1]:.1f}", flush=True)
    for line in run.warning_lines:
        print(f"  {line}", flush=True)
    return run


def edit_and_rebuild(report: Report, key: str, src: Path, out: Path, talk: str, *options: str,
                     title: str = EDITED_TITLE, **kwargs) -> None:
    before = html_files(out)
    retitle(src / talk, title)
    build(report, key, src, out, *options, fresh=False, **kwargs)
    after = html_files(out)
    report.written[key] = sum(1 for path, mtime in after.items() if before.get(path) != mtime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pyvideo", nargs="?", help=f"the archive (default: {DEFAULT_ARCHIVE}, if present)")
    parser.add_argument("--subset", type=int, default=1000,
                        help="talks of the small site for the growth figure (0: none)")
    parser.add_argument("--no-plain", action="store_true", help="leave out the build without the speaker features")
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/results alone")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)

    archive = locate(args.pyvideo)
    if archive is None:
        print(HINT)
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="eventnotes-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    report = Report()
    target = None if args.no_write else RESULTS / "archive.rst"

    def step() -> None:
        if target is not None:
            RESULTS.mkdir(exist_ok=True)
            target.write_text(render(report, archive), encoding="utf-8")

    try:
        checkout = checkout_of(archive, work)
        events = events_of(checkout)
        # First the small site: quick, and it tries every step before the long builds.
        if args.subset and args.subset < sum(len(list((e / "videos").glob("*.json"))) for e in events):
            small = subset_checkout(first_events(events, args.subset), work / "subset-data")
            small_site = scratch_site(work / "small-site")
            import_into(small_site, small)
            arrange_by_year(small_site)
            small_events, report.small_talks = write_floor(small, work / "small-floor")
            report.notes.append(f"the small site: the first {small_events} events in folder order, "
                                f"{report.small_talks:,} talks")
            build(report, "small-site", small_site, work / "small-site-out", *SITE_OPTIONS)
            build(report, "small-floor", work / "small-floor", work / "small-floor-out", command=PLAIN)
            for folder in ("small-site", "small-floor", "small-site-out", "small-floor-out", "subset-data"):
                shutil.rmtree(work / folder, ignore_errors=True)
            step()

        site, floor = scratch_site(work / "site"), work / "floor"
        report.builds["import"] = import_into(site, checkout)
        report.notes.append(f"the home page lists {arrange_by_year(site)} years, each year's page its conferences")
        report.events, report.talks = write_floor(checkout, floor)
        print(f"imported {report.events} events, {report.talks} talks in {report.builds['import'].seconds:.1f} s",
              flush=True)
        talk = edited_talk(floor)
        report.notes.append(f"the edited talk: ``{talk}``")
        build(report, "site", site, work / "site-out", *SITE_OPTIONS)
        report.sizes = reader_downloads(work / "site-out" / "html")
        step()
        # In parallel (make html O="-j auto"): reading in worker processes, Sphinx keeps no doctree in the main one.
        build(report, "site-parallel", site, work / "parallel-out", *SITE_OPTIONS, "-j", "auto")
        shutil.rmtree(work / "parallel-out", ignore_errors=True)
        step()
        if not args.no_plain:
            build(report, "plain", site, work / "plain-out", *SITE_OPTIONS, *plain_speakers_options(site),
                  env={"PYTHONPATH": str(HERE)})
            shutil.rmtree(work / "plain-out", ignore_errors=True)
            step()
        build(report, "floor", floor, work / "floor-out", command=PLAIN)
        step()
        build(report, "floor-own", floor, work / "floor-own-out", command=OWN)
        step()
        edit_and_rebuild(report, "site-edit", site, work / "site-out", talk, *SITE_OPTIONS)
        edit_and_rebuild(report, "floor-edit", floor, work / "floor-out", talk, command=PLAIN)
        edit_and_rebuild(report, "floor-own-edit", floor, work / "floor-own-out", talk, command=OWN,
                         title=EDITED_TITLE + " again")
        step()
        # make livehtml's loop (sphinx-autobuild): no Pagefind.  Its first build only removes the
        # index (no page depends on the setting); the second edit is the one measured.
        sphinx_build(site, work / "site-out", *SITE_OPTIONS, *LIVE_OPTIONS, fresh=False, check=False)
        edit_and_rebuild(report, "live-edit", site, work / "site-out", talk, *SITE_OPTIONS, *LIVE_OPTIONS,
                         title=EDITED_TITLE + " again")
        step()
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    text = render(report, archive)
    print("\n" + text)
    if target is not None:
        print(f"wrote {target}")
    return 0


def check(ok: bool) -> str:
    return "✓" if ok else "✗"


def render(report: Report, archive: Path) -> str:
    builds = report.builds
    rows: list[tuple[str, str, str, str]] = []

    def timing(run: Run) -> str:
        return f"{fmt_seconds(run.seconds)} wall, {fmt_seconds(run.cpu_seconds)} CPU"

    if "import" in builds:
        rows.append(("import (``python -m eventnotes.importer --format rst``)",
                     f"{report.events} events, {report.talks} talks; {timing(builds['import'])}", "", ""))
    if "site" in builds:
        site = builds["site"]
        rows.append(("full build, site", f"{timing(site)}; {site.warnings} warnings", "", ""))
    if "floor" in builds:
        floor = builds["floor"]
        rows.append(("full build, floor", f"{timing(floor)}; {floor.warnings} warnings", "", ""))
    if "site" in builds and "floor" in builds:
        wall = builds["site"].seconds / builds["floor"].seconds
        cpu = builds["site"].cpu_seconds / builds["floor"].cpu_seconds
        rows.append(("full build, site / floor", f"{wall:.2f} wall, {cpu:.2f} CPU", "≤ 1.25",
                     check(max(wall, cpu) <= 1.25)))
    if "floor-own" in builds:
        own = builds["floor-own"]
        rows.append(("full build, floor with the project's command", f"{timing(own)}", "", ""))
        if "site" in builds:
            rows.append(("full build, site / floor with the project's command",
                         f"{builds['site'].seconds / own.seconds:.2f} wall, "
                         f"{builds['site'].cpu_seconds / own.cpu_seconds:.2f} CPU", "", ""))
    for key, what in (("site", "site"), ("site-parallel", "site with ``-j auto``")):
        if key in builds:
            run = builds[key]
            floor_peak = f" (floor {builds['floor'].peak_mb / 1024:.2f} GB)" if "floor" in builds else ""
            extra = f" ({timing(run)})" if key == "site-parallel" else floor_peak
            rows.append((f"peak memory, {what}: the largest process (resident set)",
                         f"{run.peak_mb / 1024:.2f} GB{extra}", "≤ 2 GB", check(run.peak_mb <= 2048)))
            if run.total_mb:
                rows.append((f"peak memory, {what}: its processes at once (proportional set sizes)",
                             f"{run.total_mb / 1024:.2f} GB", "≤ 2 GB", check(run.total_mb <= 2048)))
    if "site" in builds and "plain" in builds:
        site, plain = builds["site"], builds["plain"]
        rows.append(("speaker features: site / the same without them (``plain_speakers.py``)",
                     f"{site.cpu_seconds / plain.cpu_seconds:.3f} CPU, {site.seconds / plain.seconds:.3f} wall "
                     f"(without: {timing(plain)})", "≤ 1.05 (issue 13)",
                     check(site.cpu_seconds / plain.cpu_seconds <= 1.05)))
    if "small-site" in builds and "site" in builds:
        small = report.small_talks
        growth = builds["site"].seconds / builds["small-site"].seconds
        cpu_growth = builds["site"].cpu_seconds / builds["small-site"].cpu_seconds
        floor_growth = (f"; floor {builds['floor'].seconds / builds['small-floor'].seconds:.1f} wall, "
                        f"{builds['floor'].cpu_seconds / builds['small-floor'].cpu_seconds:.1f} CPU"
                        if "floor" in builds else "")
        rows.append((f"growth, {small:,} → {report.talks:,} talks ({report.talks / small:.1f} times as many)",
                     f"site {growth:.1f} wall, {cpu_growth:.1f} CPU{floor_growth} "
                     f"(at {small:,}: site {timing(builds['small-site'])}, floor {timing(builds['small-floor'])})",
                     "", ""))
    for key, what in (("site-edit", "site"), ("floor-edit", "floor"),
                      ("floor-own-edit", "floor with the project's command"),
                      ("live-edit", "site in make livehtml's loop")):
        if key in builds:
            rows.append((f"one title edited, rebuild, {what}",
                         f"{timing(builds[key])}; {report.written[key]:,} HTML files written", "", ""))
    if "site-edit" in builds and "floor-edit" in builds:
        wall = builds["site-edit"].seconds / builds["floor-edit"].seconds
        cpu = builds["site-edit"].cpu_seconds / builds["floor-edit"].cpu_seconds
        rows.append(("one title edited, site / floor", f"{wall:.2f} wall, {cpu:.2f} CPU", "≤ 1.5",
                     check(max(wall, cpu) <= 1.5)))
    if "site-edit" in builds and "floor-own-edit" in builds:
        wall = builds["site-edit"].seconds / builds["floor-own-edit"].seconds
        cpu = builds["site-edit"].cpu_seconds / builds["floor-own-edit"].cpu_seconds
        rows.append(("one title edited, site / floor with the project's command", f"{wall:.2f} wall, {cpu:.2f} CPU",
                     "", ""))
    if "live-edit" in builds and "floor-edit" in builds:
        wall = builds["live-edit"].seconds / builds["floor-edit"].seconds
        cpu = builds["live-edit"].cpu_seconds / builds["floor-edit"].cpu_seconds
        rows.append(("one title edited, site in make livehtml's loop / floor", f"{wall:.2f} wall, {cpu:.2f} CPU",
                     "≤ 1.5", check(max(wall, cpu) <= 1.5)))
    for size in report.sizes:
        note = f" ({size.note})" if size.note else ""
        target = "" if size.target is None else f"≤ {fmt_bytes(size.target)}"
        rows.append((size.what, fmt_bytes(size.size) + note, target,
                     "" if size.target is None else check(size.size <= size.target)))

    loads = [load for pair in report.loads.values() for load in pair]
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 34 44 12 5",
        "",
        "   * - measurement",
        "     - result",
        "     - target (issue 15)",
        "     - ",
    ]
    for what, result, target, mark in rows:
        lines += [f"   * - {what}", f"     - {result}", f"     - {target}", f"     - {mark}"]
    lines += [
        "",
        f"Measured on {dt.date.today().isoformat()} ({machine}) with ``make bench-archive`` "
        f"(``{archive.name}``), one build at a time, ``-j 1`` unless said"
        + (f"; the load average (1 minute) was between {min(loads):.1f} and {max(loads):.1f} "
           "at the starts and ends of the builds" if loads else "")
        + ". CPU is the user and system time of the build's processes."
        + ("".join(f" {note[0].upper()}{note[1:]}." for note in report.notes)),
        "",
    ]
    return "\n".join(lines)


def fmt_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def fmt_bytes(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{size / KB:.0f} KB"


if __name__ == "__main__":
    sys.exit(main())
