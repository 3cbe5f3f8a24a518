"""Tie each ``talk`` and ``conference`` to its section, and tell the domain.

This runs as a transform, after the whole page is parsed: a directive cannot
find its section itself under MyST.  It runs before Sphinx's ``SphinxDomains``
transform, so that the index entries it adds reach genindex.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import get_translation
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import clean_astext

from eventnotes import nodes as en_nodes
from eventnotes.internals import SPHINX_DOMAINS_PRIORITY, SPHINX_SMART_QUOTES_PRIORITY
from eventnotes.records import NOTES_HEADING, Conference, ConferenceMetadata, Profile, ProfileMetadata, Talk, TalkMetadata
from eventnotes.validation import WarningSubtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from eventnotes.domain import EventNotesDomain

__ = get_translation("eventnotes", "console")


class RegisterEvents(SphinxTransform):
    # After SmartQuotes, so titles are typeset as the page shows them; before
    # SphinxDomains, so index entries count.
    default_priority = (SPHINX_SMART_QUOTES_PRIORITY + SPHINX_DOMAINS_PRIORITY) // 2

    def apply(self, **kwargs: object) -> None:
        domain: EventNotesDomain = self.env.domains["event"]
        docname = self.env.docname
        talk_nodes = list(self.document.findall(en_nodes.talk))
        for node in talk_nodes:
            if section := self.owning_section(node, "talk"):
                talk = Talk(
                    docname=docname,
                    anchor=section["ids"][0],
                    title=clean_astext(section[0]),
                    lineno=node.line or 0,
                    labels=self.explicit_labels(section),
                    notes=len(talk_nodes) > 1 or not as_imported(self.document, section, node),
                    **TalkMetadata.fields_of(node),
                )
                domain.note_talk(talk)
                self.add_index_entries(node, talk.anchor, talk.title, talk.speakers)
        for node in list(self.document.findall(en_nodes.conference)):
            if section := self.owning_section(node, "conference"):
                conference = Conference(
                    docname=docname,
                    anchor=section["ids"][0],
                    title=clean_astext(section[0]),
                    lineno=node.line or 0,
                    **ConferenceMetadata.fields_of(node),
                )
                domain.note_conference(conference)
                self.add_index_entries(node, conference.anchor, conference.title, ())

        domain.note_speaker_refs(
            docname,
            (
                xref["reftarget"]
                for xref in self.document.findall(addnodes.pending_xref)
                if xref.get("refdomain") == "event" and xref.get("reftype") == "speaker"
            ),
        )
        domain.note_topic_refs(
            docname,
            (
                xref["reftarget"]
                for xref in self.document.findall(addnodes.pending_xref)
                if xref.get("refdomain") == "event" and xref.get("reftype") == "topic"
            ),
        )
        domain.note_references(
            docname,
            (
                (xref["reftype"], xref["reftarget"])
                for xref in self.document.findall(addnodes.pending_xref)
                if xref.get("refdomain") == "event"
            ),
        )
        for node in list(self.document.findall(en_nodes.speaker_profile)):
            section = node.parent
            anchor = section["ids"][0] if isinstance(section, nodes.section) and section["ids"] else ""
            domain.note_profile(
                Profile(docname=docname, anchor=anchor, lineno=node.line or 0, **ProfileMetadata.fields_of(node))
            )

    def owning_section(self, node: nodes.Element, kind: str) -> nodes.section | None:
        section = node.parent
        if (
            isinstance(section, nodes.section)
            and section["ids"]
            and isinstance(section[0], nodes.title)
        ):
            return section
        warn(
            __("the '%s' directive must sit directly under a section title, which is its title; "
               "its notes are published, but it is not listed or indexed") % kind,
            WarningSubtype.talk_outside_section,
            location=node,
            env=self.env,
        )
        return None

    def explicit_labels(self, section: nodes.section) -> tuple[str, ...]:
        """Labels the author put on the section (``.. _label:`` or ``(label)=``)."""
        return tuple(name for name in section["names"] if self.document.nametypes.get(name))

    @staticmethod
    def add_index_entries(
        node: nodes.Element, anchor: str, title: str, speakers: tuple[str, ...]
    ) -> None:
        # In genindex under the title, and under each speaker; the index node goes
        # after the section title so the page keeps its title.
        entries = [("single", title, anchor, "main", None)]
        entries += [("single", f"{speaker}; {title}", anchor, "", None) for speaker in speakers]
        index = addnodes.index(entries=entries, inline=False)
        node.parent.insert(node.parent.index(node), index)


def as_imported(document: nodes.document, section: nodes.section, talk: nodes.Element) -> bool:
    """Whether a talk's page is still as the importer wrote it: a talk with a ``:source-id:``,
    under the page's title, followed by an empty Notes section, and nothing else (targets,
    comments and index entries aside).  Any text before or after the talk block, in the Notes
    section or out of it, is someone's notes."""
    if not talk.get("source_id"):
        return False
    if [child for child in document.children if not isinstance(child, nodes.Invisible)] != [section]:
        return False
    rest = [child for child in section.children[1:] if child is not talk and not isinstance(child, nodes.Invisible)]
    return (
        len(rest) == 1
        and isinstance(notes := rest[0], nodes.section)
        and len(notes) == 1
        and isinstance(notes[0], nodes.title)
        and notes[0].astext() == NOTES_HEADING
    )


def setup_transforms(app: Sphinx) -> None:
    app.add_transform(RegisterEvents)
