"""Atom feeds (RFC 4287) of the talks, for HTML output with a base URL.

One feed for the site (its newest talks), and one per conference, per
speaker and per topic, written with feedgen into ``eventnotes_feeds_dir``
of the output folder at the end of an ``html`` or ``dirhtml`` build.
Every address in a feed is absolute, made from ``html_baseurl`` and the
builder's own page addresses: without a base URL there are no feeds, and
the build says so once.

A feed is computed from the domain's data alone, so that two builds of the
same notes give the same bytes: an entry's ``updated`` is its talk's day,
a feed's is its newest entry's.  The ids are the absolute addresses of
the talks' pages (and of the feed itself for a feed).  A feed is written
only when its bytes changed; feeds of conferences, speakers and topics
that are gone are removed.

An entry's summary is the talk's abstract, or else the first lines of its
notes, as plain text: it is taken from the doctree when the page is read,
and kept with the environment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import posixpath
import re
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from feedgen.feed import FeedGenerator
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from eventnotes import nodes as en_nodes
from eventnotes.fields import Field, Kind, fields_of
from eventnotes.names import speaker_page_names
from eventnotes.records import TalkMetadata
from eventnotes.site_address import WEBSITE_BUILDERS, SiteAddresses, has_site_address
from eventnotes.summaries import talk_summary
from eventnotes.version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Set
    from typing import Any

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from eventnotes.domain import EventNotesDomain
    from eventnotes.records import Talk

_ = get_translation("eventnotes")
__ = get_translation("eventnotes", "console")
logger = logging.getLogger(__name__)

FEED_TYPE = "application/atom+xml"
#: Builders of a website: EPUB, single-page HTML and LaTeX get no feeds.
#: How much of a talk's notes an entry's summary holds when the talk has no abstract.
SUMMARY_LENGTH = 300


@dataclasses.dataclass(frozen=True, slots=True)
class Feed:
    path: str  # in the output folder, with '/' separators: "feeds/index.atom"
    title: str
    page: str  # the page the feed follows: its alternate link
    talks: tuple[Talk, ...]  # newest first


@dataclasses.dataclass(frozen=True, slots=True)
class FeedPlan:
    """The site's feeds, and which pages link to which."""

    site: Feed | None  # linked from every page; None when no talk has a day
    feeds: tuple[Feed, ...]  # every feed, the site's first
    by_page: dict[str, tuple[Feed, ...]]  # the feeds of a page besides the site's


def talk_day(domain: EventNotesDomain, talk: Talk) -> str:
    """The day an entry is dated: the talk's, or else its conference's first day ('' for neither)."""
    if talk.date:
        return talk.date
    conference = domain.conference_of(talk.docname)
    return conference.start if conference else ""


def newest_first(domain: EventNotesDomain, talks: Iterable[Talk]) -> tuple[Talk, ...]:
    """The talks that have a day, newest first (a talk with no day cannot be dated in a feed)."""
    dated = [(day, talk) for talk in talks if (day := talk_day(domain, talk))]
    # Talks of one day in page order (a page's lightning talks as they come).
    dated.sort(key=lambda item: (item[1].docname, item[1].lineno, item[1].anchor))
    dated.sort(key=lambda item: item[0], reverse=True)
    return tuple(talk for _day, talk in dated)


def plan_feeds(app: Sphinx) -> FeedPlan:
    config = app.config
    domain: EventNotesDomain = app.env.domains["event"]
    folder = config.eventnotes_feeds_dir
    site_title = config.html_title or config.project
    by_page: dict[str, list[Feed]] = {}
    feeds: list[Feed] = []

    def add(feed: Feed, pages: Iterable[str]) -> None:
        if not feed.talks:
            return
        feeds.append(feed)
        for page in dict.fromkeys(pages):
            by_page.setdefault(page, []).append(feed)

    talks = newest_first(domain, domain.all_talks())
    site_size = config.eventnotes_site_feed_size
    site = Feed(f"{folder}/index.atom", site_title, config.root_doc, talks[:site_size] if site_size > 0 else talks)
    add(site, ())  # linked from every page: kept apart from by_page

    conferences = domain.conferences()
    names = conference_feed_names(conference.docname for conference in conferences)
    for conference in conferences:
        conference_talks = newest_first(domain, domain.talks_of(conference))
        feed = Feed(
            f"{folder}/conferences/{names[conference.docname]}.atom",
            _("%(subject)s — %(site)s") % {"subject": conference.title, "site": site_title},
            conference.docname,
            conference_talks,
        )
        add(feed, [conference.docname, *(talk.docname for talk in conference_talks)])

    # A speaker's and a topic's feed: named as their pages are, linked from them.
    for kind, subjects in (("speakers", domain.speakers()), ("topics", domain.topics())):
        paths = speaker_page_names((subject.name for subject in subjects), f"{folder}/{kind}")
        for subject in subjects:
            feed = Feed(
                f"{paths[subject.name]}.atom",
                _("%(subject)s — %(site)s") % {"subject": subject.name, "site": site_title},
                subject.page,
                newest_first(domain, subject.talks),
            )
            add(feed, [subject.page])
    return FeedPlan(
        site if site.talks else None,
        tuple(feeds),
        {page: tuple(linked) for page, linked in by_page.items()},
    )


def conference_feed_names(docnames: Iterable[str]) -> dict[str, str]:
    """'conferences/pycon-us-2013/index' -> 'pycon-us-2013': the conference's folder name.

    A conference page that is not its folder's index is named by its own
    name; two conferences of the same name get their whole path, with '-'
    for '/' ('2019-pycon', '2020-pycon').
    """
    def folder_of(docname: str) -> str:
        return posixpath.dirname(docname) if posixpath.basename(docname) == "index" else docname

    names = {docname: posixpath.basename(folder_of(docname)) or "index" for docname in docnames}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {
        docname: name if counts[name] == 1 else folder_of(docname).replace("/", "-")
        for docname, name in names.items()
    }


# -- summaries, taken when a page is read ------------------------------------------------

#: Characters XML 1.0 does not allow (a feed with one would not parse).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def summaries(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    """Each talk's summary, by docname and anchor."""
    if not hasattr(env, "eventnotes_talk_summaries"):
        env.eventnotes_talk_summaries = {}
    return env.eventnotes_talk_summaries


def note_summaries(app: Sphinx, doctree: nodes.document) -> None:
    found = {}
    for talk in doctree.findall(en_nodes.talk):
        section = talk.parent
        if isinstance(section, nodes.section) and section["ids"]:
            found[section["ids"][0]] = xml_safe(talk_summary(talk, SUMMARY_LENGTH))
    if found:
        summaries(app.env)[app.env.docname] = found


def purge_summaries(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    summaries(env).pop(docname, None)


def merge_summaries(app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
    theirs = summaries(other)
    summaries(env).update({docname: theirs[docname] for docname in docnames if docname in theirs})


# -- writing --------------------------------------------------------------------------------


def atom_feed(app: Sphinx, feed: Feed, addresses: SiteAddresses) -> bytes:
    config = app.config
    domain: EventNotesDomain = app.env.domains["event"]
    texts = summaries(app.env)
    generator = FeedGenerator()
    generator.id(addresses.file(feed.path))
    generator.title(xml_safe(feed.title))
    generator.updated(day_time(talk_day(domain, feed.talks[0])))
    # For talks whose speakers are unknown: the feed's authors are the note-takers.
    generator.author(name=xml_safe(config.author or config.project))
    generator.link(href=addresses.file(feed.path), rel="self", type=FEED_TYPE)
    generator.link(href=addresses.page(feed.page), rel="alternate", type="text/html")
    generator.generator("eventnotes", version=__version__)
    if config.language:
        generator.language(config.language)
    for talk in feed.talks:
        url = addresses.page(talk.docname, domain.talk_anchor(talk))
        entry = generator.add_entry(order="append")
        entry.id(url)
        entry.title(xml_safe(talk.title))
        entry.updated(day_time(talk_day(domain, talk)))
        entry.link(href=url, rel="alternate", type="text/html")
        for field in fields_of(TalkMetadata):
            if field.atom_element:
                add_element = getattr(entry, field.atom_element)
                for attributes in atom_attributes(domain, addresses, field, getattr(talk, field.attribute)):
                    add_element(**attributes)
        if summary := texts.get(talk.docname, {}).get(talk.anchor):
            entry.summary(summary, type="text")
    return generator.atom_str(pretty=True, encoding="utf-8", xml_declaration=True)


def atom_attributes(
    domain: EventNotesDomain, addresses: SiteAddresses, field: Field, values: tuple[str, ...]
) -> Iterator[dict[str, str]]:
    """The attributes of each element that holds a field's values (``atom_element``):
    a person by name, with their page when they have one; a topic by its page's name."""
    for value in values:
        if field.kind is Kind.NAMES:
            speaker = domain.speaker(value)
            if speaker:
                yield {"name": xml_safe(speaker.name), "uri": addresses.page(speaker.page)}
            else:
                yield {"name": xml_safe(value)}
        elif field.kind is Kind.TOPICS:
            if topic := domain.topic(value):
                yield {"term": xml_safe(topic.name)}


def day_time(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), tzinfo=dt.UTC)


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in WEBSITE_BUILDERS:
        return
    outdir = Path(app.outdir)
    written: set[Path] = set()
    if has_site_address(app):
        addresses = SiteAddresses(app.builder)
        for feed in feed_plan(app).feeds:
            path = outdir / feed.path
            content = atom_feed(app, feed, addresses)
            written.add(path)
            if path.exists() and path.read_bytes() == content:
                continue  # unchanged: left as it is, with its date
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    # Feeds of conferences, speakers and topics that are gone (all of them
    # when the base URL is): the folder is the extension's.
    folder = outdir / app.config.eventnotes_feeds_dir
    for stale in sorted(folder.rglob("*.atom")):
        if stale not in written:
            stale.unlink()
    for directory in sorted((path for path in folder.rglob("*") if path.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


# -- links to the feeds -------------------------------------------------------------------


_plans: weakref.WeakKeyDictionary[Builder, FeedPlan] = weakref.WeakKeyDictionary()


def feed_plan(app: Sphinx) -> FeedPlan:
    """The feeds of this build, computed once, when the first page is written."""
    if (plan := _plans.get(app.builder)) is None:
        plan = _plans[app.builder] = plan_feeds(app)
    return plan


def forget_plan(app: Sphinx, env: BuildEnvironment) -> None:
    """The domain's data is complete now: a plan from before is out of date."""
    _plans.pop(app.builder, None)


def link_feeds_in_head(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """``<link rel="alternate">`` for auto-discovery: the site's feed, and the page's own feeds."""
    if not has_site_address(app):
        return
    plan = feed_plan(app)
    addresses = SiteAddresses(app.builder)
    feeds = [*([plan.site] if plan.site else []), *plan.by_page.get(pagename, ())]
    links = [
        f'<link rel="alternate" type="{FEED_TYPE}" title="{html.escape(feed.title)}" '
        f'href="{html.escape(addresses.file(feed.path))}" />'
        for feed in feeds
    ]
    if links:
        metatags = context.get("metatags", "")
        if metatags and not metatags.endswith("\n"):
            metatags += "\n"
        context["metatags"] = metatags + "\n".join(links) + "\n"


# -- the home page's link to the site's feed --------------------------------------------------


class site_feed_link(nodes.General, nodes.Element):
    """Placeholder for a link to the site's feed: replaced by it in HTML with feeds, removed elsewhere."""


class SiteFeedDirective(SphinxDirective):
    """``.. site-feed::`` [link text]: a paragraph linking the site's Atom feed, when there is one."""

    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        node = site_feed_link(text=self.arguments[0] if self.arguments else "")
        self.set_source_info(node)
        return [node]


def resolve_site_feed_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(site_feed_link))
    if not placeholders:
        return
    site = feed_plan(app).site if has_site_address(app) else None
    for placeholder in placeholders:
        if site is None:
            placeholder.parent.remove(placeholder)
            continue
        text = placeholder["text"] or _("Atom feed of the newest talks")
        url = SiteAddresses(app.builder).file(site.path)
        paragraph = nodes.paragraph(classes=["eventnotes-site-feed"])
        paragraph += nodes.reference(text, text, refuri=url, internal=False, type=FEED_TYPE)
        placeholder.replace_self(paragraph)


def setup_feeds(app: Sphinx) -> None:
    app.add_node(site_feed_link)
    app.add_directive("site-feed", SiteFeedDirective)
    app.connect("doctree-read", note_summaries)
    app.connect("env-purge-doc", purge_summaries)
    app.connect("env-merge-info", merge_summaries)
    app.connect("env-updated", forget_plan)
    app.connect("doctree-resolved", resolve_site_feed_links)
    app.connect("html-page-context", link_feeds_in_head)
    app.connect("build-finished", write_feeds)
