"""The Speaker Index and the Topics index: domain indices, so they are in the HTML site and in the PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.domains import Index, IndexEntry
from sphinx.locale import get_translation

from eventnotes.collation import collation
from eventnotes.dates import show_day
from eventnotes.internals import domain_indices
from eventnotes.slugs import index_letter_slug

if TYPE_CHECKING:
    from collections.abc import Iterable

    from eventnotes.records import Language, Speaker, Talk, Topic

_ = get_translation("eventnotes")


class TalkGroupIndex(Index):
    """Groups of talks (a speaker's, a topic's), in the collation order of the
    site's language, each under its name with its talks."""

    def groups(self) -> Iterable[Speaker | Topic | Language]:
        raise NotImplementedError

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain = self.domain
        wanted = set(docnames) if docnames is not None else None
        # The groups come in collation order, so each letter's groups are
        # consecutive ('…' opens the index for names starting with a digit,
        # and closes it for scripts without letters).
        content: list[tuple[str, list[IndexEntry]]] = []
        letters = collation(domain.env.config.language)
        for group in self.groups():
            talks = [t for t in group.talks if wanted is None or t.docname in wanted]
            if not talks:
                continue
            letter = letters.letter(group.name)
            if not content or content[-1][0] != letter:
                content.append((letter, []))
            entries = content[-1][1]
            if wanted is None:
                # The whole site (HTML): the group's entry opens its page,
                # and its talks are its sub-entries.
                entries.append(IndexEntry(group.name, 1, group.page, "", "", "", ""))
                for talk in talks:
                    entries.append(
                        IndexEntry(talk.title, 2, talk.docname, talk.anchor, self.talk_context(talk), "", "")
                    )
            else:
                # A single-document builder (LaTeX) has no speaker or topic pages,
                # prints every entry as a flat item and drops entries without an
                # anchor.  The group's entry points at its first talk; each talk
                # follows with no name, which LATEX_INDEX_STYLE indents under it.
                entries.append(IndexEntry(group.name, 0, talks[0].docname, talks[0].anchor, "", "", ""))
                for talk in talks:
                    context = self.talk_context(talk)
                    extra = f"{talk.title} ({context})" if context else talk.title
                    entries.append(IndexEntry("", 2, talk.docname, talk.anchor, extra, "", ""))
        return content, False

    def talk_context(self, talk: Talk) -> str:
        """'PyCon US 2013, 16 March 2013': where and when a talk was given (the site's date format)."""
        conference = self.domain.conference_of(talk.docname)  # type: ignore[attr-defined]
        day = show_day(talk.date, self.domain.env.config) if talk.date else ""
        return ", ".join(part for part in (conference.title if conference else "", day) if part)


class SpeakerIndex(TalkGroupIndex):
    """Every speaker, with their talks."""

    name = "speakers"
    localname = _("Speaker Index")
    shortname = _("speakers")

    def groups(self) -> Iterable[Speaker]:
        return self.domain.speakers()  # type: ignore[attr-defined]


class TopicIndex(TalkGroupIndex):
    """Every topic the talks' ``:tags:`` name, with its talks."""

    name = "topics"
    localname = _("Topics")
    shortname = _("topics")

    def groups(self) -> Iterable[Topic]:
        return self.domain.topics()  # type: ignore[attr-defined]


class LanguageIndex(TalkGroupIndex):
    """Every language, with its talks, when the talks are in more than one."""

    name = "languages"
    localname = _("Languages")
    shortname = _("languages")

    def groups(self) -> Iterable[Language]:
        return [language for language in self.domain.languages() if language.page]  # type: ignore[attr-defined]


#: The Speaker Index's page: ``<domain>-<index>``, as Sphinx names domain indices.
SPEAKER_INDEX = f"event-{SpeakerIndex.name}"
TOPIC_INDEX = f"event-{TopicIndex.name}"
LANGUAGE_INDEX = f"event-{LanguageIndex.name}"


#: Builders of a website, whose indices are split with ``html_split_index``
#: (see eventnotes.index_pieces): EPUB is read as a book and keeps one index page.
SPLITTING_BUILDERS = frozenset({"html", "dirhtml"})


def piece_name(index_name: str, letter: str) -> str:
    return f"{index_name}-{index_letter_slug(letter)}"


#: The extension's indices that are split by letter (the Languages index and other domains' stay whole).
SPLIT_INDICES = (SPEAKER_INDEX, TOPIC_INDEX)


def splits_indices(builder: Any) -> bool:
    """Whether the builder may write the indices in pieces (``html_split_index``, for a website):
    each index is then split only when it is large (:func:`is_large`)."""
    return builder.name in SPLITTING_BUILDERS and bool(builder.config.html_split_index)


def is_large(builder: Any, rows: int) -> bool:
    """Whether an index of ``rows`` rows is too large for one page: more than
    ``eventnotes_index_split_threshold``.  A small site keeps one page per index (one
    request, the browser's find-in-page works on it); an archive's index is split."""
    return rows > builder.config.eventnotes_index_split_threshold


def index_rows(content: list[tuple[str, list[IndexEntry]]]) -> int:
    """The rows of a domain index's content: a name and each of its talks are a row each."""
    return sum(len(entries) for _letter, entries in content)


def split_indices(builder: Any) -> frozenset[str]:
    """The extension's indices this build writes in pieces: those of :data:`SPLIT_INDICES`
    that are large, when the builder splits indices at all.

    Read from the content Sphinx generated for the build (``prepare_writing``), so it is
    known from the writing of the first page on.  Kept on the builder with the content
    it was counted from: every speaker and topic page asks for it.
    """
    if not splits_indices(builder):
        return frozenset()
    indices = getattr(builder, "domain_indices", None)
    if indices is None:  # before prepare_writing(): nothing is written yet
        return frozenset()
    cached = getattr(builder, "_eventnotes_split_indices", None)
    if cached is not None and cached[0] is indices:
        return cached[1]
    split = frozenset(
        index_name
        for index_name, _cls, content in domain_indices(builder)
        if index_name in SPLIT_INDICES and is_large(builder, index_rows(content))
    )
    builder._eventnotes_split_indices = (indices, split)
    return split


def letter_piece(builder: Any, index_name: str, letter: str) -> str:
    """The page that lists a letter of an index: its piece when the index is split, else the index."""
    return piece_name(index_name, letter) if index_name in split_indices(builder) else index_name


#: LaTeX for the domain indices: names and titles in the text face, not code;
#: an entry with no name (a speaker's talk, see SpeakerIndex.generate) is a
#: sub-entry, its text (Sphinx's "extra") set upright, not in parentheses.
LATEX_INDEX_STYLE = (
    r"\newcommand{\eventnotesIndexSubentry}[2]{#2}"
    r"\renewcommand{\sphinxstyleindexentry}[1]{"
    r"\if\relax\detokenize{#1}\relax\hspace*{20pt}\expandafter\eventnotesIndexSubentry\else#1\fi}"
)
