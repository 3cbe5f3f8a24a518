"""Which reader a source needs, decided from its content, and the reading itself.

A source is a file (``schedule.xml`` or ``schedule.json``, whatever its name),
a folder (a pyvideo event folder or a whole pyvideo checkout), or an
``http``/``https`` URL of a schedule, fetched with :mod:`urllib`.  Other URL
schemes (``file:``, ``ftp:``) are refused: a local file is given by its path.
"""

from __future__ import annotations

import enum
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from eventnotes.importer import schedule
from eventnotes.importer.model import ImportedConference, SourceError

#: Seconds to wait for a programme's server.
TIMEOUT = 30
#: A programme larger than this is refused rather than read into memory.
MAX_BYTES = 64 * 1024 * 1024


class Format(enum.Enum):
    schedule_xml = "schedule XML"
    schedule_json = "schedule JSON"
    pyvideo_event = "pyvideo event folder"
    pyvideo_checkout = "pyvideo checkout"

    @property
    def is_pyvideo(self) -> bool:
        return self in {Format.pyvideo_event, Format.pyvideo_checkout}


def is_url(source: str) -> bool:
    return "://" in source or source.lower().startswith(("http:", "https:", "file:"))


def fetch(url: str) -> bytes:
    """The body of an http(s) URL; anything that goes wrong is one :class:`SourceError`."""
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise SourceError("only http and https URLs are fetched; give a local file by its path", url)
    request = urllib.request.Request(url, headers={"User-Agent": "eventnotes-importer"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (scheme checked)
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise SourceError(f"the server answered {error.code} {error.reason}", url) from None
    except urllib.error.URLError as error:
        raise SourceError(f"unreachable: {error.reason}", url) from None
    except (TimeoutError, OSError) as error:
        raise SourceError(f"unreachable: {error}", url) from None
    if len(data) > MAX_BYTES:
        raise SourceError(f"larger than {MAX_BYTES // (1024 * 1024)} MB; refused", url)
    return data


def content_format(data: bytes, where: str) -> Format:
    """XML or JSON, from the first character that is not white space (or a BOM)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return Format.schedule_xml
    if head in {b"{", b"["}:
        return Format.schedule_json
    raise SourceError(
        "unknown format: not a schedule.xml, a schedule.json, a pyvideo event folder "
        "or a pyvideo checkout",
        where,
    )


def folder_format(path: Path) -> Format:
    from eventnotes.importer import pyvideo

    if pyvideo.is_pyvideo_checkout(path):
        return Format.pyvideo_checkout
    if pyvideo.is_pyvideo_event(path):
        return Format.pyvideo_event
    raise SourceError(
        "unknown format: this folder is neither a pyvideo event folder nor a pyvideo checkout",
        str(path),
    )


def read_bytes(data: bytes, where: str) -> tuple[Format, list[ImportedConference], int]:
    fmt = content_format(data, where)
    reader = schedule.read_xml if fmt is Format.schedule_xml else schedule.read_json
    return fmt, [reader(data, where)], 1


def load(source: str) -> tuple[Format, Iterable[ImportedConference], int]:
    """The source's format, its conferences and how many there are.

    The conferences of a pyvideo checkout are read one by one as they are
    iterated (a progress bar can follow them); a schedule holds one.
    """
    if is_url(source):
        return read_bytes(fetch(source), source)
    path = Path(source)
    if path.is_dir():
        from eventnotes.importer import pyvideo

        fmt = folder_format(path)
        if fmt is Format.pyvideo_checkout:
            count = sum(
                1 for child in path.iterdir()
                if not child.name.startswith(".") and pyvideo.is_pyvideo_event(child)
            )
            return fmt, pyvideo.read_checkout(path), count
        return fmt, [pyvideo.read_event(path)], 1
    if not path.is_file():
        raise SourceError("no such file or folder", source)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror}", source) from None
    return read_bytes(data, source)
