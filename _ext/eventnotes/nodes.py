"""The doctree nodes of the extension.

``talk`` and ``conference`` subclass :class:`docutils.nodes.container`, so
every builder renders them as a plain container (Sphinx's translators fall
back along the class hierarchy): the doctree stays neutral for HTML, LaTeX
and EPUB.  The two placeholders never reach a writer: they are replaced at
resolve time, when every document has been read.
"""

from __future__ import annotations

from docutils import nodes


class talk(nodes.container):
    """A talk's metadata block and abstract.  Attributes hold the checked metadata."""


class conference(nodes.container):
    """A conference's metadata block and opening remarks."""


class speaker_profile(nodes.container):
    """A speaker's profile: pronouns, other spellings, links and biography."""


class speaker_talks(nodes.General, nodes.Element):
    """Placeholder for the list of a speaker's talks on their profile page, filled at resolve time."""


class talk_listing(nodes.General, nodes.Element):
    """Placeholder for the list of a conference's talks, filled at resolve time."""


class conference_of_talk(nodes.Inline, nodes.Element):
    """Placeholder for the link from a talk to its conference, filled at resolve time."""


class conference_overview(nodes.General, nodes.Element):
    """Placeholder for the list of all conferences, newest first, filled at resolve time."""


class recording(nodes.reference):
    """A link to a talk's recording on a service with an embeddable player (:mod:`eventnotes.media`).

    It carries the URL (``refuri``) and the service (``service``), and its text
    names the service.  A subclass of :class:`~docutils.nodes.reference`, so that
    every builder writes it as the link it is (the PDF, the EPUB, the link
    checker); only the website's HTML builders add a player beside it
    (:mod:`eventnotes.player`).
    """


class player(nodes.General, nodes.Element):
    """A click-to-play player, added by the website's HTML builders only (:mod:`eventnotes.player`).

    Attributes: ``embed`` (the service's player address), ``service`` (its name)
    and ``title`` (the talk's)."""
