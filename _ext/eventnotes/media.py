"""What a talk's link points to: the service that hosts it, and the address of its player.

One place recognizes the services, for every output: the talk block names a
link by its service or host ("YouTube", "speakerdeck.com") rather than showing
the raw URL, and in HTML a recording on a service with an embeddable player
becomes a click-to-play player (:mod:`eventnotes.player`).  Nothing here
depends on Sphinx or on the markup the URL was written in.

Only addresses whose video id can be read are recognized; anything else stays
a link named by its host.  The player addresses are built from the id alone
(a strict pattern, never the URL's text), so nothing a note-taker writes can
reach the ``src`` of an ``<iframe>`` but an id.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import parse_qs, urlsplit

#: A YouTube video id: 11 characters of the URL-safe base64 alphabet.
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = frozenset({
    "youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
    "youtube-nocookie.com", "www.youtube-nocookie.com",
})
#: Paths whose next segment is the video id: /shorts/<id>, /embed/<id>, /live/<id>, /v/<id>.
_YOUTUBE_ID_PATHS = frozenset({"shorts", "embed", "live", "v"})
_VIMEO_ID = re.compile(r"[0-9]{1,12}")
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")
#: media.ccc.de's slugs (``36c3-10525-the-title``) and archive.org's identifiers.
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
#: YouTube's start time: ``t=90``, ``t=90s``, ``t=1m30s``, ``t=1h2m3s``.
_YOUTUBE_TIME = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?")


@dataclasses.dataclass(frozen=True)
class Recording:
    """A recording on a service whose player a page can embed."""

    service: str  # "youtube", "vimeo", "media.ccc.de", "archive.org"
    name: str  # what readers call the service: "YouTube"
    embed: str  # the address of the service's player, for an <iframe>


#: What readers call each recognized service, by the key of :class:`Recording`.
SERVICE_NAMES = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "media.ccc.de": "media.ccc.de",
    "archive.org": "Internet Archive",
}


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _youtube_start(value: str) -> int:
    """Seconds from YouTube's ``t`` parameter; 0 when it does not read as a time."""
    match = _YOUTUBE_TIME.fullmatch(value)
    if not value or not match:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _youtube(host: str, parts: list[str], query: dict[str, list[str]], fragment: str) -> Recording | None:
    if host == "youtu.be":
        video = parts[0] if parts else ""
    elif host in _YOUTUBE_HOSTS:
        if parts == ["watch"]:
            video = query.get("v", [""])[0]
        elif len(parts) >= 2 and parts[0] in _YOUTUBE_ID_PATHS:
            video = parts[1]
        else:
            return None
    else:
        return None
    if not _YOUTUBE_ID.fullmatch(video):
        return None
    # youtube-nocookie.com: YouTube's own address for embeds that set no cookie until the video plays.
    embed = f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1"
    fragment_time = fragment.removeprefix("t=") if fragment.startswith("t=") else ""
    if start := _youtube_start(query.get("t", query.get("start", [fragment_time]))[0]):
        embed += f"&start={start}"
    return Recording("youtube", SERVICE_NAMES["youtube"], embed)


def _vimeo(host: str, parts: list[str], query: dict[str, list[str]]) -> Recording | None:
    if host == "player.vimeo.com":
        if len(parts) != 2 or parts[0] != "video":
            return None
        video, secret = parts[1], query.get("h", [""])[0]
    elif host in {"vimeo.com", "www.vimeo.com"}:
        # vimeo.com/<id>, vimeo.com/<id>/<hash> (an unlisted video), vimeo.com/channels/<name>/<id>.
        numbers = [index for index, part in enumerate(parts) if _VIMEO_ID.fullmatch(part)]
        if not numbers:
            return None
        video = parts[numbers[0]]
        rest = parts[numbers[0] + 1:]
        secret = rest[0] if rest else ""
    else:
        return None
    if not _VIMEO_ID.fullmatch(video):
        return None
    # dnt=1: Vimeo's player then tracks no session data, and sets no cookie.
    embed = f"https://player.vimeo.com/video/{video}?dnt=1&autoplay=1"
    if _VIMEO_HASH.fullmatch(secret):
        embed += f"&h={secret}"
    return Recording("vimeo", SERVICE_NAMES["vimeo"], embed)


def _media_ccc(host: str, parts: list[str]) -> Recording | None:
    # media.ccc.de/v/<slug> (and its own /oembed page, the player).
    if host != "media.ccc.de" or len(parts) < 2 or parts[0] != "v" or not _SLUG.fullmatch(parts[1]):
        return None
    return Recording("media.ccc.de", SERVICE_NAMES["media.ccc.de"], f"https://media.ccc.de/v/{parts[1]}/oembed")


def _archive_org(host: str, parts: list[str]) -> Recording | None:
    # archive.org/details/<identifier>[/<file>] or archive.org/embed/<identifier>.
    if host not in {"archive.org", "www.archive.org"} or len(parts) < 2 or parts[0] not in {"details", "embed"}:
        return None
    if not _SLUG.fullmatch(parts[1]):
        return None
    return Recording("archive.org", SERVICE_NAMES["archive.org"], f"https://archive.org/embed/{parts[1]}")


def recording(url: str) -> Recording | None:
    """The recording a URL shows on a service with an embeddable player; None for anything else."""
    try:
        split = urlsplit(url.strip())
        host = (split.hostname or "").lower()
    except ValueError:
        return None
    if split.scheme.lower() not in {"http", "https"}:
        return None
    parts = _segments(split.path)
    query = parse_qs(split.query)
    return (
        _youtube(host, parts, query, split.fragment)
        or _vimeo(host, parts, query)
        or _media_ccc(host, parts)
        or _archive_org(host, parts)
    )


def link_name(url: str) -> str:
    """What a link to the URL is called: its service ("YouTube"), or else its host without
    ``www.`` ("speakerdeck.com"); "" when the URL has no host."""
    if found := recording(url):
        return found.name
    host = _host(url)
    if host in {"youtu.be", *_YOUTUBE_HOSTS}:
        return SERVICE_NAMES["youtube"]
    if host in {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}:
        return SERVICE_NAMES["vimeo"]
    if host in {"archive.org", "www.archive.org"}:
        return SERVICE_NAMES["archive.org"]
    return host.removeprefix("www.")
