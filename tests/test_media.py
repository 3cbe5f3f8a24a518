"""Which service a talk's link points to, and its player's address (eventnotes.media)."""

from __future__ import annotations

import pytest
from eventnotes.media import link_name, recording

NOCOOKIE = "https://www.youtube-nocookie.com/embed/"


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=OSGv2VnC0go", NOCOOKIE + "OSGv2VnC0go?autoplay=1"),
        ("http://youtube.com/watch?feature=share&v=OSGv2VnC0go", NOCOOKIE + "OSGv2VnC0go?autoplay=1"),
        ("https://m.youtube.com/watch?v=OSGv2VnC0go&list=PL1", NOCOOKIE + "OSGv2VnC0go?autoplay=1"),
        ("https://youtu.be/OSGv2VnC0go", NOCOOKIE + "OSGv2VnC0go?autoplay=1"),
        ("https://youtu.be/OSGv2VnC0go?t=90", NOCOOKIE + "OSGv2VnC0go?autoplay=1&start=90"),
        ("https://www.youtube.com/watch?v=OSGv2VnC0go&t=1m30s", NOCOOKIE + "OSGv2VnC0go?autoplay=1&start=90"),
        ("https://www.youtube.com/watch?v=OSGv2VnC0go#t=1h", NOCOOKIE + "OSGv2VnC0go?autoplay=1&start=3600"),
        ("https://www.youtube.com/shorts/OSGv2VnC0go", NOCOOKIE + "OSGv2VnC0go?autoplay=1"),
        ("https://www.youtube.com/embed/OSGv2VnC0go", NOCOOKIE + "OSGv2VnC0go?autoplay=1"),
        ("https://www.youtube-nocookie.com/embed/OSGv2VnC0go", NOCOOKIE + "OSGv2VnC0go?autoplay=1"),
        ("https://www.youtube.com/live/OSGv2VnC0go?si=x", NOCOOKIE + "OSGv2VnC0go?autoplay=1"),
        ("HTTPS://WWW.YOUTUBE.COM/watch?v=OSGv2VnC0go", NOCOOKIE + "OSGv2VnC0go?autoplay=1"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        ("https://vimeo.com/76979871/8272103f6e", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=8272103f6e"),
        ("https://vimeo.com/channels/staffpicks/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        ("https://media.ccc.de/v/36c3-10525-the_title", "https://media.ccc.de/v/36c3-10525-the_title/oembed"),
        ("https://media.ccc.de/v/36c3-10525-the_title#t=12", "https://media.ccc.de/v/36c3-10525-the_title/oembed"),
        ("https://archive.org/details/pycon-2013-keynote", "https://archive.org/embed/pycon-2013-keynote"),
        ("https://archive.org/details/pycon-2013-keynote/talk.mp4", "https://archive.org/embed/pycon-2013-keynote"),
    ],
)
def test_recordings_on_services_with_players(url, embed):
    found = recording(url)
    assert found is not None
    assert found.embed == embed


@pytest.mark.parametrize(
    ("url", "service", "name"),
    [
        ("https://youtu.be/OSGv2VnC0go", "youtube", "YouTube"),
        ("https://vimeo.com/76979871", "vimeo", "Vimeo"),
        ("https://media.ccc.de/v/36c3-10525-x", "media.ccc.de", "media.ccc.de"),
        ("https://archive.org/details/x", "archive.org", "Internet Archive"),
    ],
)
def test_each_service_is_named(url, service, name):
    found = recording(url)
    assert (found.service, found.name) == (service, name)
    assert link_name(url) == name


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/",  # no video
        "https://www.youtube.com/watch?v=short",  # not an id
        "https://www.youtube.com/watch?v=OSGv2VnC0go%22%3E",  # markup after the id
        "https://www.youtube.com/playlist?list=PL123",
        "https://www.youtube.com/@pycon",
        "https://youtu.be/",
        "https://notyoutube.com/watch?v=OSGv2VnC0go",
        "https://youtube.com.example.org/watch?v=OSGv2VnC0go",
        "https://vimeo.com/channels/staffpicks",
        "https://media.ccc.de/c/36c3",  # a conference, not a recording
        "https://media.ccc.de/v/",
        "https://archive.org/search?query=pycon",
        "https://example.org/watch?v=OSGv2VnC0go",
        "javascript:alert(1)//youtu.be/OSGv2VnC0go",
        "ftp://youtu.be/OSGv2VnC0go",
        "https://[::1",
        "",
    ],
)
def test_anything_else_has_no_player(url):
    assert recording(url) is None


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://speakerdeck.com/someone/slides", "speakerdeck.com"),
        ("https://www.slideshare.net/x/y", "slideshare.net"),
        ("http://CDN.oreillystatic.com/en/assets/1/event/80/x.pdf", "cdn.oreillystatic.com"),
        ("https://us.pycon.org:8443/2013/schedule/", "us.pycon.org"),
        ("https://www.youtube.com/playlist?list=PL123", "YouTube"),  # the service, though no player
        ("https://vimeo.com/channels/staffpicks", "Vimeo"),
        ("https://archive.org/search?query=pycon", "Internet Archive"),
        ("https://media.ccc.de/c/36c3", "media.ccc.de"),
        ("not a url", ""),
    ],
)
def test_links_are_named_by_service_or_host(url, name):
    assert link_name(url) == name
