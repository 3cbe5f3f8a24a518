"""A talk in a few words: its abstract, or else the first lines of its notes.

Feed entries and the pages' descriptions (OpenGraph, JSON-LD) say the same
thing about a talk, at their own lengths.
"""

from __future__ import annotations

from docutils import nodes

from eventnotes import nodes as en_nodes


def talk_summary(talk: en_nodes.talk, length: int) -> str:
    """The talk's abstract, or else the first lines of its notes, as one line of plain text.

    Only the author's prose counts: not a warning kept in the page, nor an
    admonition, nor the notes of another talk further down the page.
    """
    abstract = [
        paragraph
        for box in talk.findall(nodes.container)
        if "eventnotes-abstract" in box["classes"]
        for paragraph in box.findall(nodes.paragraph)
    ]
    if abstract:
        return shorten(" ".join(plain_text(paragraph) for paragraph in abstract), length)
    section = talk.parent
    if section is None:
        return ""
    lines: list[str] = []
    size = 0
    for sibling in section[section.index(talk) + 1 :]:
        if isinstance(sibling, nodes.section) and next(sibling.findall(en_nodes.talk), None):
            break
        for paragraph in sibling.findall(nodes.paragraph):
            if _aside(paragraph):
                continue
            if text := plain_text(paragraph):
                lines.append(text)
                size += len(text) + 1
            if size > length:
                return shorten(" ".join(lines), length)
    return shorten(" ".join(lines), length)


def _aside(paragraph: nodes.paragraph) -> bool:
    parent = paragraph.parent
    while parent is not None:
        if isinstance(parent, (nodes.system_message, nodes.Admonition, nodes.Invisible)):
            return True
        parent = parent.parent
    return False


def plain_text(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


def shorten(text: str, length: int) -> str:
    """At most ``length`` characters, cut between words when there are any."""
    if len(text) <= length:
        return text
    head = text[: length - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:.") + "…"
