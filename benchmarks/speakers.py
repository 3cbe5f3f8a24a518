"""Time the speaker bookkeeping on real names: order, index letters, variants, page addresses.

    python benchmarks/speakers.py PYVIDEO_ARCHIVE.tar.xz

Reads every speaker name of pyvideo's archive (its ``*/videos/*.json``
files) and times, for all of them at once, what the extension does per
build: the collation order, the index letters, the variant check and the
page addresses.  The old accent-stripping order and slugs are timed beside.
"""

from __future__ import annotations

import json
import sys
import tarfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))

from eventnotes.collation import collation
from eventnotes.names import speaker_page_names
from eventnotes.slugs import legacy_speaker_slug, strip_accents


def archive_names(archive: Path) -> list[str]:
    names: set[str] = set()
    with tarfile.open(archive) as tar:
        for member in tar:
            if not (member.isfile() and member.name.endswith(".json") and "/videos/" in member.name):
                continue
            try:
                video = json.load(tar.extractfile(member))
            except ValueError:
                continue
            for name in video.get("speakers") or []:
                if isinstance(name, str) and name.strip():
                    names.add(unicodedata.normalize("NFC", " ".join(name.split())))
    return sorted(names)


def timed(label: str, work):
    start = time.perf_counter()
    result = work()
    print(f"{label:<28}{time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    names = archive_names(Path(sys.argv[1]))
    print(f"{len(names)} speakers")
    english = timed("ICU collation, set up", lambda: collation("en"))
    timed("collation order", lambda: sorted(names, key=english.key))
    letters = timed("index letters", lambda: {english.letter(name) for name in names})
    groups: dict[bytes, list[str]] = {}
    timed("variant keys", lambda: [groups.setdefault(english.variant_key(n), []).append(n) for n in names])
    timed("page addresses", lambda: speaker_page_names(names, "speakers"))
    timed("old order (accents stripped)", lambda: sorted(names, key=lambda n: (strip_accents(n).casefold(), n)))
    timed("old addresses", lambda: [legacy_speaker_slug(name) for name in names])
    variants = [group for group in groups.values() if len(group) > 1]
    print(f"{len(letters)} index letters; {len(variants)} groups of variant spellings, "
          f"{sum(len(group) - 1 for group in variants)} variant warnings")


if __name__ == "__main__":
    main()
