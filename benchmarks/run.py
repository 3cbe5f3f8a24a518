"""Measure how Event Notes builds scale, against a floor measured in the same run.

    make bench                      # or: python benchmarks/run.py [--quick]

Prints a table, and writes it with a plot to ``benchmarks/results/`` (the
site's Performance page shows both).  Timings are wall-clock seconds of a
build in a fresh process, the median of ``--repeat`` runs; peak memory is the
largest resident set of the build's processes (and, where Linux's ``/proc``
tells, the peak of all of them at once: :class:`TreeMemory`).  The site is built as
``make html`` builds it, with ``scripts/sphinx_build.py``; ``--plain`` builds
it with ``python -m sphinx``, Sphinx's own command, instead.

The floor is the same talks as plain field-list pages, built with Sphinx's
``basic`` theme and no extension by ``python -m sphinx``: parsing and writing
alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import TALKS_PER_CONFERENCE, generate

RESULTS = HERE / "results"
PLAIN = [sys.executable, "-m", "sphinx"]
OWN = [sys.executable, str(HERE.parent / "scripts" / "sphinx_build.py")]


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu_seconds: float = 0.0  # user + system time of the build's processes
    warnings: int = 0
    warning_lines: tuple[str, ...] = ()  # the first few, to say what they were
    total_mb: float = 0.0  # all the build's processes at once (TreeMemory); 0: not measured


class TreeMemory:
    """The peak of the memory that a process and its descendants use at once, sampled.

    Each process counts its proportional set size (``Pss`` in ``/proc/<pid>/smaps_rollup``):
    a page it shares with others (a forked worker's with its parent) counts once in the sum,
    where resident sets count it in each.  ``peak_mb`` stays 0 where ``/proc`` does not tell.
    """

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every, self.peak_mb = pid, every, 0.0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        if Path("/proc/self/smaps_rollup").exists():
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()

    def sample(self) -> None:
        while not self.stopped.wait(self.every):
            self.peak_mb = max(self.peak_mb, sum(map(pss_kb, self.tree())) / 1024)

    def tree(self) -> list[int]:
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    # The parent is the second field after the command, which is in parentheses.
                    parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(child for child, parent in parents.items() if parent == pid)
        return found


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


#: The command that builds the synthetic sites (not the floor); --plain sets it to PLAIN.
site_command = OWN


def measured(command: list[str], env: dict[str, str] | None = None) -> tuple[Run, str]:
    """Run ``command`` in a fresh process; its wall time, peak memory and CPU time, and its stderr."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stderr_file:  # a pipe could fill up and block a long build
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr_file,
                                   env=None if env is None else {**os.environ, **env})
        with TreeMemory(process.pid) as memory:
            _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        stderr_file.seek(0)
        stderr = stderr_file.read().decode(errors="replace")
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    # wait4() counts the workers that sphinx -j forked and reaped, too.
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, total_mb=memory.peak_mb), stderr


def sphinx_build(src: Path, out: Path, *options: str, fresh: bool = True, command: list[str] | None = None,
                 env: dict[str, str] | None = None, check: bool = True) -> Run:
    """One build in a fresh process; wall time and peak memory of its process tree.

    With ``check`` (the default) a warning fails the benchmark; without, the
    warnings are counted in :attr:`Run.warnings`.
    """
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    command = [*(command or site_command), "-q", "-b", "html", "-d", str(out / "doctrees"),
               *options, str(src), str(out / "html")]
    run, stderr = measured(command, env)
    if check and stderr.strip():
        raise SystemExit(f"build of {src} failed or warned:\n{stderr}")
    run.warnings = stderr.count("WARNING:")
    run.warning_lines = tuple(line for line in stderr.splitlines() if "WARNING:" in line)[:5]
    return run


def median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        max(r.peak_mb for r in runs),
        statistics.median(r.cpu_seconds for r in runs),
    )


def html_files(out: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in (out / "html").rglob("*.html")}


def article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("<article") : text.index("</article>")]


def sidebar(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index('<div class="sidebar-tree">') : text.index("</aside>")]


def retitle_one_talk(src: Path, edit: int) -> Path:
    """Retitle the ``edit``-th of a few talks near the middle of the site (one conference)."""
    talk = sorted((src / "conferences").glob("*/talks/*.rst"))[len(list((src / "conferences").glob("*"))) // 2 + edit]
    return retitle(talk, f"A retitled talk about benchmarks, edit {edit + 1}")


def retitle(talk: Path, title: str) -> Path:
    """Give an RST page whose first lines are its title and underline a new (ASCII) title."""
    lines = talk.read_text(encoding="utf-8").splitlines()
    lines[0] = title
    lines[1] = "=" * len(title)
    talk.write_text("\n".join(lines) + "\n", encoding="utf-8")
    later = time.time() + 2
    os.utime(talk, (later, later))
    return talk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 4000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement below the largest size")
    parser.add_argument("--quick", action="store_true", help="sizes 50 and 200, one run each (a smoke test)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/results alone")
    parser.add_argument("--plain", action="store_true",
                        help="build the sites with python -m sphinx, not scripts/sphinx_build.py")
    args = parser.parse_args()
    global site_command
    site_command = PLAIN if args.plain else OWN
    sizes = [50, 200] if args.quick else sorted(args.sizes)
    repeat = 1 if args.quick else args.repeat
    middle = 1000 if 1000 in sizes else sizes[0]
    largest = sizes[-1]

    work = Path(tempfile.mkdtemp(prefix="eventnotes-bench-"))
    rows: list[tuple[str, str]] = []
    full: dict[int, tuple[Run, Run]] = {}
    try:
        for n in sizes:
            generate(n, work / f"site-{n}", "eventnotes")
            generate(n, work / f"floor-{n}", "floor")
        # Round after round over all sizes, ours then the floor: a machine that
        # slows down or speeds up during the run hits every size and both builds alike.
        full_runs: dict[int, tuple[list[Run], list[Run]]] = {n: ([], []) for n in sizes}
        for round_number in range(repeat):
            for n in sizes:
                if n == largest and round_number >= 2:
                    continue  # the largest builds take minutes; two are enough
                full_runs[n][0].append(sphinx_build(work / f"site-{n}", work / f"out-{n}"))
                full_runs[n][1].append(sphinx_build(work / f"floor-{n}", work / f"floor-out-{n}", command=PLAIN))
        for n in sizes:
            full[n] = (median(full_runs[n][0]), median(full_runs[n][1]))
            ratio = full[n][0].seconds / full[n][1].seconds
            rows.append((f"full build, N = {n}", f"{full[n][0].seconds:.1f} s; floor {full[n][1].seconds:.1f} s; "
                                                 f"ratio {ratio:.2f}"))
            print(rows[-1], flush=True)

        if len(sizes) > 1:
            growth = full[largest][0].seconds / full[middle][0].seconds
            floor_growth = full[largest][1].seconds / full[middle][1].seconds
            cpu_growth = full[largest][0].cpu_seconds / full[middle][0].cpu_seconds
            rows.append((f"growth, N = {largest} / N = {middle}",
                         f"{growth:.2f} (floor {floor_growth:.2f}; linear is {largest / middle:.1f}); "
                         f"in CPU time {cpu_growth:.2f}"))
            print(rows[-1], flush=True)

        # Incremental: one talk retitled, rebuilt without -E (median of a few such
        # edits, one after another), then compared with a fresh build.
        src, out = work / f"site-{middle}", work / f"out-{middle}"
        sphinx_build(src, out)
        incrementals = []
        for edit in range(repeat):
            before = html_files(out)
            talk = retitle_one_talk(src, edit)
            incrementals.append(sphinx_build(src, out, fresh=False))
            after = html_files(out)
            written = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
        incremental = median(incrementals)
        fresh_out = work / "fresh"
        sphinx_build(src, fresh_out)
        conference = talk.parent.parent / "index.html"
        listings = [Path("index.html"), Path("event-speakers.html"), Path("genindex.html"),
                    conference.relative_to(src)]
        listings += [p.relative_to(fresh_out / "html") for p in (fresh_out / "html" / "speakers").glob("*.html")]
        stale = [str(p) for p in listings if article(out / "html" / p) != article(fresh_out / "html" / p)]
        # The pages whose sidebar lists the talk: its conference's.
        folder = fresh_out / "html" / conference.relative_to(src).parent
        neighbours = [p.relative_to(fresh_out / "html") for p in folder.rglob("*.html")]
        stale += [str(p) for p in neighbours if sidebar(out / "html" / p) != sidebar(fresh_out / "html" / p)]
        share = incremental.seconds / full[middle][0].seconds
        rows.append((f"incremental, one title edited, N = {middle}",
                     f"{incremental.seconds:.2f} s ({share:.1%} of the full build), {written} pages written; "
                     + ("every listing and sidebar as in a fresh build" if not stale else f"STALE: {', '.join(stale)}")))
        print(rows[-1], flush=True)

        # Parallel: -j 2 against -j 1, and the same pages.
        src = work / f"site-{middle}"
        floor_src = work / f"floor-{middle}"
        jobs_runs: dict[str, list[Run]] = {"j1": [], "j2": [], "floor-j1": [], "floor-j2": [], "j3": []}
        for _ in range(max(repeat, 5) if not args.quick else 1):  # interleaved, as above
            for name, source in (("j1", src), ("j2", src), ("floor-j1", floor_src), ("floor-j2", floor_src),
                                 ("j3", src)):
                command = PLAIN if name.startswith("floor") else None
                jobs_runs[name].append(sphinx_build(source, work / name, "-j", name[-1], command=command))
        serial, parallel, floor_serial, floor_parallel, three = (median(jobs_runs[name]) for name in jobs_runs)
        same = all(
            article(work / "j1" / "html" / p) == article(work / "j2" / "html" / p) == article(work / "j3" / "html" / p)
            for p in listings
        )
        rows.append((f"-j 2 against -j 1, N = {middle}",
                     f"{serial.seconds / parallel.seconds:.2f} times faster ({serial.seconds:.1f} s, "
                     f"{parallel.seconds:.1f} s); {'same pages' if same else 'PAGES DIFFER'}; "
                     f"CPU time {parallel.cpu_seconds / serial.cpu_seconds - 1:+.0%}; "
                     f"the floor: {floor_serial.seconds / floor_parallel.seconds:.2f} times, "
                     f"CPU time {floor_parallel.cpu_seconds / floor_serial.cpu_seconds - 1:+.0%}"))
        print(rows[-1], flush=True)
        # Sphinx writes with one worker process fewer than -j: at -j 3, two write while the main one resolves.
        rows.append((f"-j 3 against -j 1, N = {middle}",
                     f"{serial.seconds / three.seconds:.2f} times faster ({three.seconds:.1f} s); "
                     f"{'same pages' if same else 'PAGES DIFFER'}; "
                     f"CPU time {three.cpu_seconds / serial.cpu_seconds - 1:+.0%}"))
        print(rows[-1], flush=True)

        # Memory and page size at the largest size.
        page = next((work / f"out-{largest}" / "html" / "conferences").glob("*/talks/*.html"))
        rows.append((f"peak memory, N = {largest}", f"{full[largest][0].peak_mb:.0f} MB "
                                                     f"(floor {full[largest][1].peak_mb:.0f} MB)"))
        rows.append((f"one talk page, N = {largest}", f"{page.stat().st_size / 1024:.1f} KB of HTML"))
        print(*rows[-2:], sep="\n", flush=True)

        # The same site with every conference in the sidebar (no eventnotes_navigation_limit).
        conferences = -(-largest // TALKS_PER_CONFERENCE)
        unlimited = sphinx_build(work / f"site-{largest}", work / "unlimited",
                                 "-D", f"eventnotes_navigation_limit={conferences}")
        unlimited_page = work / "unlimited" / "html" / page.relative_to(work / f"out-{largest}" / "html")
        rows.append((f"the same, all {conferences} conferences in the sidebar (no limit), N = {largest}",
                     f"{unlimited_page.stat().st_size / 1024:.1f} KB of HTML; full build {unlimited.seconds:.1f} s"))
        print(rows[-1], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    table = render_table(rows)
    print("\n" + table)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "table.rst").write_text(table, encoding="utf-8")
        plot(full, RESULTS / "full-builds.png")
        print(f"wrote {RESULTS / 'table.rst'} and {RESULTS / 'full-builds.png'}")


def render_table(rows: list[tuple[str, str]]) -> str:
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 35 65",
        "",
        "   * - measurement",
        "     - result",
    ]
    for what, result in rows:
        lines += [f"   * - {what}", f"     - {result}"]
    lines += ["", f"Measured on {dt.date.today().isoformat()} ({machine}) with ``make bench``.", ""]
    return "\n".join(lines)


def plot(full: dict[int, tuple[Run, Run]], target: Path) -> None:
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(full)
    fig, ax = plt.subplots(figsize=(6, 3.6), dpi=100)
    ax.plot(sizes, [full[n][0].seconds for n in sizes], "o-", label="eventnotes, furo")
    ax.plot(sizes, [full[n][1].seconds for n in sizes], "s--", label="floor: field lists, basic theme")
    ax.set_xlabel("talks")
    ax.set_ylabel("full build, seconds")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(sizes, [str(n) for n in sizes])
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.yaxis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1, 2, 5)))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    ax.set_title("Full HTML build time")
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)


if __name__ == "__main__":
    main()
