"""People as the source knows them, and spellings of one name told at import time.

A frab or pretalx programme gives each person an id.  One id under several
spellings is one person: :func:`one_name_per_person` writes the most used
spelling (the first, on a tie) everywhere and reports the others, and
:func:`plan_people` records them as ``:aliases:`` of the person's ``speaker``
profile.  Two ids whose names differ only by case, accents, punctuation or
spacing are two people: :func:`plan_people` writes a ``speaker`` profile for
the first of them with ``:distinct-from:`` naming the others, so that the
build does not take them for spellings of one person.

The extension warns (``eventnotes.speaker-variant``) about speaker names that
differ only by case, accents, punctuation or spacing, since they may be one
person or two and are never merged silently.  The importer tells the same
thing when it writes such a name, grouped as the build groups them
(:func:`eventnotes.names.variant_groups`), and the fix: a
``speaker`` profile that lists the other spelling in ``:aliases:``.
"""

from __future__ import annotations

import collections
import dataclasses
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.matching import get_matching_files
from sphinx.util.tags import Tags

from eventnotes.importer import existing, pages
from eventnotes.importer.model import SourceError
from eventnotes.names import Spelling, normalize_name, speaker_page_name, split_list, variant_groups

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from eventnotes.importer.model import ImportedTalk

#: Where the importer writes the speaker profiles it needs, from the project root.
PEOPLE_FOLDER = "people"


def one_name_per_person(talks: Iterable[ImportedTalk], source: str) -> list[str]:
    """Each person id's speakers under one spelling: the most used, the first on a tie.

    Returns one line for each person the source spells several ways, naming
    the spellings and the one written.
    """
    talks = list(talks)
    counts: dict[str, collections.Counter[str]] = {}
    first_seen: dict[str, dict[str, str]] = {}  # id -> spelling -> where it first appears
    for talk in talks:
        for name, person in zip(talk.speakers, talk.person_ids):
            if person:
                counts.setdefault(person, collections.Counter())[normalize_name(name)] += 1
                first_seen.setdefault(person, {}).setdefault(normalize_name(name), talk.where)
    chosen = {
        person: max(spellings, key=lambda name: (spellings[name], -list(first_seen[person]).index(name)))
        for person, spellings in counts.items()
    }
    for talk in talks:
        talk.speakers = [
            chosen.get(person, name) if person else name for name, person in zip(talk.speakers, talk.person_ids)
        ] + talk.speakers[len(talk.person_ids):]
        talk.other_spellings = {
            chosen[person]: others
            for person in talk.person_ids
            if person in chosen and (others := tuple(name for name in counts[person] if name != chosen[person]))
        }
    lines = []
    for person, spellings in counts.items():
        for other in spellings:
            if other != chosen[person]:
                where = first_seen[person][other]
                lines.append(
                    f"{source}: {where + ': ' if where else ''}person {person} is also written {other!r}; "
                    f"wrote {chosen[person]!r} everywhere (the most used spelling)"
                )
    return lines


@dataclasses.dataclass(frozen=True)
class SiteProfile:
    """A ``speaker`` profile on the site."""

    where: str  # its page, from the project root
    spellings: tuple[str, ...]  # its name, then its aliases
    distinct_from: tuple[str, ...]


def distinct_groups(talks: Iterable[ImportedTalk], language: str | None) -> list[list[str]]:
    """Names of different person ids that differ only by case, accents, punctuation or
    spacing, each group in the order :func:`eventnotes.names.variant_groups` suggests them."""
    uses: dict[tuple[str, str], int] = {}
    for talk in talks:
        for name, person in zip(talk.speakers, talk.person_ids):
            if person:
                key = (normalize_name(name), person)
                uses[key] = uses.get(key, 0) + 1
    spellings = (Spelling(name, person, count, False, name) for (name, person), count in uses.items())
    groups = []
    for group in variant_groups(spellings, language):
        names = list(dict.fromkeys(spelling.spelling for spelling in group))
        if len(names) > 1:  # two ids under one spelling are one speaker on the pages
            groups.append(names)
    return groups


def profile_page(
    name: str, fmt: pages.PageFormat, *, aliases: Sequence[str] = (), distinct_from: Sequence[str] = ()
) -> str:
    """A speaker profile that says the person's other spellings and who the person is not;
    an orphan page (no toctree lists it)."""
    options = [
        (option, pages.list_option(list(names)))
        for option, names in (("aliases", aliases), ("distinct-from", distinct_from))
        if names
    ]
    if fmt == "myst":
        directive = pages.directive_myst("speaker", options, "", argument=name)
        return f"---\norphan: true\n---\n\n{pages.heading(name, fmt)}\n{directive}"
    directive = pages.directive_rst("speaker", options, "", argument=name)
    return f":orphan:\n\n{pages.heading(name, fmt)}\n{directive}"


@dataclasses.dataclass
class Occurrence:
    """One spelling of a name, where it first appears and how often."""

    name: str
    where: str  # the first page with it, from the project root
    talks: int = 0
    on_site: bool = False


def read_site(project: Path) -> tuple[str | None, list[tuple[str, str]], list[SiteProfile]]:
    """The site's language, its talks' speakers (page, name) and its profiles.

    The pages are the site's sources as its ``conf.py`` selects them.
    """
    try:
        config = Config.read(project, overrides={}, tags=Tags())
    except ConfigError as error:
        raise SourceError(" ".join(str(error).split()), str(project / "conf.py")) from None
    speakers: list[tuple[str, str]] = []
    profiles: list[SiteProfile] = []
    for relative in sorted(get_matching_files(project, config.include_patterns, config.exclude_patterns)):
        path = project / relative
        if path.suffix not in {".md", ".rst"}:
            continue
        speakers += [(relative, name) for talk in existing.read_talks(path) for name in talk.speakers()]
        for found in existing.read_directives(existing.page_text(path), existing.is_markdown(path)):
            if found.name == "speaker" and found.arguments:
                options = dict(found.options)
                names = [normalize_name(found.arguments[0]), *split_list(options.get("aliases", ""))[0]]
                profiles.append(SiteProfile(
                    relative,
                    tuple(dict.fromkeys(normalize_name(name) for name in names)),
                    tuple(normalize_name(name) for name in split_list(options.get("distinct-from", ""))[0]),
                ))
    return config.language, speakers, profiles


@dataclasses.dataclass
class People:
    """What an import writes and tells about its people, besides the talk pages."""

    writes: dict[str, str] = dataclasses.field(default_factory=dict)  # profile pages, by path
    notices: list[str] = dataclasses.field(default_factory=list)


def plan_people(
    project: Path, written: Mapping[str, Sequence[str]], talks: Iterable[ImportedTalk], fmt: pages.PageFormat
) -> People:
    """Profiles for the people of the import that the build would take for spellings of one
    person, and one line for each other spelling the import writes that is a variant of another.

    *written* gives the speakers of each new page, *talks* the talks of the import.
    """
    talks = list(talks)
    language, on_site, profiles = read_site(project)
    result = People()
    new = {name for names in written.values() for name in names}
    declared = list(profiles)
    profile_of = {spelling: profile for profile in profiles for spelling in profile.spellings}
    # The profiles to write: the person's other spellings, and the people they are not.
    aliases: dict[str, list[str]] = {}
    distinct: dict[str, list[str]] = {}
    for talk in talks:
        for name, others in talk.other_spellings.items():
            if name in new:
                aliases.setdefault(name, []).extend(other for other in others if other not in aliases.get(name, []))
    for name, others in aliases.items():
        if profile := profile_of.get(name):
            if missing := [other for other in others if other not in profile.spellings]:
                result.notices.append(
                    f"{profile.where}: the programme also writes {name!r} as {', '.join(map(repr, missing))} "
                    f"(one person id); add ':aliases: {pages.list_option(missing)}' to this profile of {name!r}"
                )
    for group in distinct_groups(talks, language):
        if not new.intersection(group):
            continue  # its talks are on the site already: what is there was decided then
        # Spellings a profile declares as one person's are that person's, whatever the ids say.
        people: dict[str, str] = {}
        for name in group:
            people.setdefault(profile_of[name].spellings[0] if name in profile_of else name, name)
        group = list(people.values())
        if len(group) < 2:
            continue
        first, others = group[0], group[1:]
        if profile := profile_of.get(first):
            missing = [other for other in others if other not in profile.distinct_from]
            if missing:
                result.notices.append(
                    f"{profile.where}: the programme names {first!r} and {', '.join(map(repr, missing))} as different "
                    f"people; add ':distinct-from: {pages.list_option(missing)}' to this profile of {first!r}"
                )
            continue
        distinct[first] = others
    for name in dict.fromkeys([*aliases, *distinct]):
        if name in profile_of:
            continue  # the site's profile: the notices above say what it lacks
        path = _free_path(project, posixpath.join(PEOPLE_FOLDER, speaker_page_name(name, "")), fmt, result.writes)
        other_spellings, others = aliases.get(name, []), distinct.get(name, [])
        result.writes[path] = profile_page(name, fmt, aliases=other_spellings, distinct_from=others)
        declared.append(SiteProfile(path, (name, *other_spellings), tuple(others)))
        if other_spellings:
            result.notices.append(
                f"{path}: the programme writes {name!r} also as {', '.join(map(repr, other_spellings))} "
                f"(one person id); a profile says so (':aliases:')"
            )
        if others:
            result.notices.append(
                f"{path}: the programme names {name!r} and {', '.join(map(repr, others))} as different people "
                f"(different person ids); a profile says so (':distinct-from:')"
            )
    result.notices += _variant_notices(language, on_site, declared, written)
    return result


def _free_path(project: Path, stem: str, fmt: pages.PageFormat, planned: Mapping[str, str]) -> str:
    """``stem`` with the format's suffix, or ``stem-2``, ``stem-3``... when a page of that name is taken."""
    candidate, number = stem, 1
    while f"{candidate}{pages.SUFFIX[fmt]}" in planned or any(
        (project / f"{candidate}{suffix}").exists() for suffix in pages.SUFFIX.values()
    ):
        number += 1
        candidate = f"{stem}-{number}"
    return f"{candidate}{pages.SUFFIX[fmt]}"


def variant_notices(project: Path, written: Mapping[str, Sequence[str]]) -> list[str]:
    """One line for each spelling the import writes that is a variant of another (see :func:`_variant_notices`)."""
    language, on_site, profiles = read_site(project)
    return _variant_notices(language, on_site, profiles, written)


def _variant_notices(
    language: str | None,
    on_site: list[tuple[str, str]],
    profiles: list[SiteProfile],
    written: Mapping[str, Sequence[str]],
) -> list[str]:
    """One line for each spelling the import writes that is a variant of another.

    *written* gives the speakers of each new page.  The other spelling is one
    on the site, or else one of the import (the most used, then the one with
    the most letters beyond ASCII, as in the build's warning); spellings that
    one profile declares are one person and are not reported, nor are people
    a profile's ``:distinct-from:`` says are different.
    """
    person = {spelling: profile.spellings[0] for profile in profiles for spelling in profile.spellings}
    distinct = {
        frozenset((profile.spellings[0], person.get(other, other)))
        for profile in profiles for other in profile.distinct_from
    }
    spellings: dict[str, Occurrence] = {}
    for where, name in on_site:
        spelling = spellings.setdefault(name, Occurrence(name, where, on_site=True))
        spelling.talks += 1
    for where, names in written.items():
        for name in names:
            spelling = spellings.setdefault(name, Occurrence(name, where))
            spelling.talks += 1
    for profile in profiles:
        for name in profile.spellings:
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
            if frozenset((first.person, other.person)) in distinct:
                continue
            lines.append(
                f"{other.item.where}: the speaker {other.spelling!r} differs from {first.spelling!r}"
                f"{f' ({first.item.where})' if first.item.where else ''} only by case, accents, punctuation or "
                f"spacing; if they are one person, add a profile: "
                f"'speaker:: {first.spelling}' with ':aliases: {other.spelling}'"
            )
    return sorted(lines)
