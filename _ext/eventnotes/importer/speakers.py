"""Spellings of one name: told at import time, not only at build time.

The extension warns (``eventnotes.speaker-variant``) about speaker names that
differ only by case, accents, punctuation or spacing, since they may be one
person or two and are never merged silently.  The importer tells the same
thing when it writes such a name, grouped as the build groups them
(:func:`eventnotes.names.variant_groups`), and the fix: a
``speaker`` profile that lists the other spelling in ``:aliases:``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.matching import get_matching_files
from sphinx.util.tags import Tags

from eventnotes.importer import existing
from eventnotes.importer.model import SourceError
from eventnotes.names import Spelling, variant_groups

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


@dataclasses.dataclass
class Occurrence:
    """One spelling of a name, where it first appears and how often."""

    name: str
    where: str  # the first page with it, from the project root
    talks: int = 0
    on_site: bool = False


def read_site(project: Path) -> tuple[str | None, list[tuple[str, str]], list[tuple[str, ...]]]:
    """The site's language, its talks' speakers (page, name) and its profiles' spellings.

    The pages are the site's sources as its ``conf.py`` selects them.
    """
    try:
        config = Config.read(project, overrides={}, tags=Tags())
    except ConfigError as error:
        raise SourceError(" ".join(str(error).split()), str(project / "conf.py")) from None
    speakers: list[tuple[str, str]] = []
    profiles: list[tuple[str, ...]] = []
    for relative in sorted(get_matching_files(project, config.include_patterns, config.exclude_patterns)):
        path = project / relative
        if path.suffix not in {".md", ".rst"}:
            continue
        speakers += [(relative, name) for talk in existing.read_talks(path) for name in talk.speakers()]
        profiles += existing.read_profiles(path)
    return config.language, speakers, profiles


def variant_notices(project: Path, written: Mapping[str, Sequence[str]]) -> list[str]:
    """One line for each spelling the import writes that is a variant of another.

    *written* gives the speakers of each new page.  The other spelling is one
    on the site, or else one of the import (the most used, then the one with
    the most letters beyond ASCII, as in the build's warning); spellings that
    one profile declares are one person and are not reported.
    """
    language, on_site, profiles = read_site(project)
    person = {spelling: profile[0] for profile in profiles for spelling in profile}
    spellings: dict[str, Occurrence] = {}
    for where, name in on_site:
        spelling = spellings.setdefault(name, Occurrence(name, where, on_site=True))
        spelling.talks += 1
    for where, names in written.items():
        for name in names:
            spelling = spellings.setdefault(name, Occurrence(name, where))
            spelling.talks += 1
    for profile in profiles:
        for name in profile:
            spellings.setdefault(name, Occurrence(name, "", on_site=True))

    new = {name for names in written.values() for name in names}
    lines = []
    compared = (
        Spelling(spelling.name, person.get(spelling.name, spelling.name), spelling.talks, spelling.on_site, spelling)
        for spelling in spellings.values()
    )
    for first, *others in variant_groups(compared, language):
        for other in others:
            if other.settled or other.spelling not in new or other.person == first.person:
                continue
            lines.append(
                f"{other.item.where}: the speaker {other.spelling!r} differs from {first.spelling!r}"
                f"{f' ({first.item.where})' if first.item.where else ''} only by case, accents, punctuation or "
                f"spacing; if they are one person, add a profile: "
                f"'speaker:: {first.spelling}' with ':aliases: {other.spelling}'"
            )
    return sorted(lines)
