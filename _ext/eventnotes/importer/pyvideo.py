"""pyvideo's archive (a checkout of ``pyvideo/data``) as imported conferences.

An event is a folder with ``category.json`` (title, optional description) and
``videos/<slug>.json``, one record per recording (schema:
``.schemas/video.json`` in the archive).  The archive has no venue and no
conference dates: an event runs from its earliest to its latest recording.
A record's ``duration`` is the length of the recording, not the talk's slot
in a programme: it does not become the talk's ``:duration:``.

Bad input raises :class:`~eventnotes.importer.model.SourceError` naming the
file: malformed JSON, a record that is not an object or has fields of the
wrong type, a recording or an event with no title, an event with no date at
all.  A title that is a file name (``0_3-cmses-in-45-minutes.m4v``, as in
DjangoCon Europe 2011) is read as a title (``3 cmses in 45 minutes``:
:func:`eventnotes.importer.matching.readable_title`).  A single recording with no ``recorded`` date (one of the 21,715 in the
archive has none) is skipped with one warning naming its file, on this
module's logger, so that the rest of its event still imports: there is no
date to give its page, and guessing one would put the talk on a wrong day.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from eventnotes.importer.languages import source_language
from eventnotes.importer.matching import readable_title
from eventnotes.importer.model import (
    ImportedConference,
    ImportedTalk,
    Link,
    LinkKind,
    Markup,
    SourceError,
    Text,
)

__all__ = ["description_markup", "is_pyvideo_checkout", "is_pyvideo_event", "read_checkout",
           "read_event"]

logger = logging.getLogger(__name__)

LICENCE = "CC0 1.0"  # the archive's LICENSE

_SLIDES_LABEL = re.compile(r"\b(slides?|slide ?deck|deck)\b", re.IGNORECASE)
_SLIDES_HOSTS = ("speakerdeck.com", "slideshare.net", "slides.com", "slid.es")
_SLIDES_PATHS = re.compile(r"(\.(pdf|key|pptx?|odp)$|^/presentation/)", re.IGNORECASE)
_LICENCE_HOSTS = ("creativecommons.org",)

# Markup that only reStructuredText gives meaning to.
_RST_SIGNS = re.compile(
    r"\*\*\S|``\S|`[^`\n]+`__?(?!\w)|^\.\. \S|::$|^[=\-~^\"'`#*+]{3,}$|\n\n[-*+] \S|^:\w[\w -]*: ",
    re.MULTILINE,
)
_MARKDOWN_LINK = re.compile(r"\[[^\]\n]+\]\((https?|mailto):[^)\s]+\)")
_HTML_SIGNS = re.compile(r"</?(p|br|a|ul|ol|li|div|strong|em)\b[^>]*>", re.IGNORECASE)


def is_pyvideo_event(path: Path) -> bool:
    """Whether ``path`` is an event folder of the archive."""
    return (path / "category.json").is_file() and (path / "videos").is_dir()


def is_pyvideo_checkout(path: Path) -> bool:
    """Whether ``path`` holds events of the archive (a checkout of ``pyvideo/data``)."""
    return path.is_dir() and not is_pyvideo_event(path) and any(
        is_pyvideo_event(child) for child in path.iterdir() if child.is_dir()
    )


def read_checkout(root: Path) -> Iterator[ImportedConference]:
    """Every event of a checkout, in folder order."""
    for folder in sorted(root.iterdir()):
        if not folder.name.startswith(".") and is_pyvideo_event(folder):
            yield read_event(folder)


def read_event(folder: Path) -> ImportedConference:
    """One event folder as a conference with its talks."""
    category = _object(folder / "category.json")
    title = _string(category, "title", folder / "category.json")
    if not title:
        raise SourceError("the event has no title", str(folder / "category.json"))
    talks = []
    for path in sorted((folder / "videos").glob("*.json")):
        talk = _talk(path, where=f"{folder.name}/videos/{path.name}")
        if talk is not None:
            talks.append(talk)
    talks.sort(key=lambda talk: (talk.date, talk.start is None, talk.start or 0, talk.slug))
    dates = [talk.date for talk in talks if talk.date is not None]
    start = min(dates, default=None) or _date(category, "start_date", folder / "category.json")
    end = max(dates, default=None) or _date(category, "end_date", folder / "category.json") or start
    if start is None:
        raise SourceError("the event has no date: no recording has a 'recorded' date", str(folder))
    description = _string(category, "description", folder / "category.json")
    return ImportedConference(
        title=title,
        slug=folder.name,
        acronym=folder.name,
        start=start,
        end=end,
        talks=talks,
        site=_safe_url(_string(category, "url", folder / "category.json")),
        description=Text(description, description_markup(description)) if description else None,
        source=f"pyvideo.org archive, {folder.name}",
        licence=LICENCE,
    )


def description_markup(text: str) -> Markup:
    """The markup a pyvideo description is written in, by the signs it shows.

    The schema says reStructuredText or plain text; a few records are
    Markdown or HTML.  Plain text is the default because it keeps the
    author's line breaks; a text taken for RST by mistake that docutils
    cannot read is shown as quoted plain text by the converters.
    """
    if _HTML_SIGNS.search(text):
        return "html"
    if _RST_SIGNS.search(text):
        return "rst"
    if _MARKDOWN_LINK.search(text):
        return "markdown"
    return "text"


def link_kind(url: str, label: str = "") -> LinkKind:
    """``slides`` or ``details`` for a related URL, by its label or its address.

    A licence link (Creative Commons) is neither: ``""``.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host.endswith(_LICENCE_HOSTS):
        return ""
    if _SLIDES_LABEL.search(label) or host.endswith(_SLIDES_HOSTS):
        return "slides"
    if _SLIDES_PATHS.search(parts.path) and not host.endswith(("youtube.com", "youtu.be")):
        return "slides"
    return "details"


def _talk(path: Path, where: str) -> ImportedTalk | None:
    record = _object(path)
    # Some events' titles are the recordings' file names ("0_3-cmses-in-45-minutes.m4v"): read as titles.
    title = readable_title(" ".join(_string(record, "title", path).split()))
    if not title:
        raise SourceError("the recording has no title", str(path))
    recorded = _string(record, "recorded", path)
    if not recorded:
        logger.warning("%s: skipped: the recording has no 'recorded' date", path)
        return None
    date, start = _recorded(recorded, path)
    description = _string(record, "description", path) or _string(record, "summary", path)
    return ImportedTalk(
        title=title,
        date=date,
        start=start,
        speakers=[name for name in (" ".join(n.split()) for n in _strings(record, "speakers", path)) if name],
        abstract=Text(description, description_markup(description)) if description.strip() else None,
        links=_links(record, path),
        tags=[tag for tag in (" ".join(t.split()) for t in _strings(record, "tags", path)) if tag],
        language=source_language(_string(record, "language", path)),
        texts={"source-id": f"pyvideo:{path.stem}"},  # the record's name: its identity in the event
        slug=path.stem,
        where=where,
    )


def _links(record: dict[str, Any], path: Path) -> list[Link]:
    links: list[Link] = []
    for video in _list(record, "videos", path):
        url = _safe_url(video.get("url", "")) if isinstance(video, dict) else ""
        if url:
            links.append(Link(url, "video", str(video.get("type") or "")))
    for related in _list(record, "related_urls", path):
        if isinstance(related, dict):
            url, label = related.get("url", ""), related.get("label", "")
        else:
            url, label = related, ""
        url = _safe_url(url if isinstance(url, str) else "")
        label = " ".join(label.split()) if isinstance(label, str) else ""
        if url:
            links.append(Link(url, link_kind(url, label), label))
    return links


def _recorded(value: str, path: Path) -> tuple[dt.date, dt.datetime | None]:
    """The calendar date of a ``recorded`` value, and its moment when it has an offset."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise SourceError(f"'recorded' is not an ISO 8601 date: {value!r}", str(path)) from None
    # The date is the one written: local to the event, whatever the offset.
    return moment.date(), moment if moment.tzinfo is not None else None


def _safe_url(url: str) -> str:
    url = url.strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") and " " not in url else ""


# JSON access with located errors ------------------------------------------------


def _object(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SourceError(
            f"malformed JSON: {error.msg} (line {error.lineno}, column {error.colno})", str(path)
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"cannot read the file: {error}", str(path)) from None
    if not isinstance(data, dict):
        raise SourceError("expected a JSON object", str(path))
    return data


def _string(record: dict[str, Any], key: str, path: Path) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SourceError(f"'{key}' should be a string, not {type(value).__name__}", str(path))
    return value


def _list(record: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise SourceError(f"'{key}' should be a list, not {type(value).__name__}", str(path))
    return value


def _strings(record: dict[str, Any], key: str, path: Path) -> list[str]:
    values = _list(record, key, path)
    if not all(isinstance(value, str) for value in values):
        raise SourceError(f"'{key}' should be a list of strings", str(path))
    return values


def _date(record: dict[str, Any], key: str, path: Path) -> dt.date | None:
    value = _string(record, key, path)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise SourceError(f"'{key}' is not an ISO 8601 date: {value!r}", str(path)) from None
