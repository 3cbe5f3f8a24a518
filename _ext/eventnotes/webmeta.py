"""Web metadata: OpenGraph and Twitter card tags, schema.org JSON-LD and a sitemap.

Search engines and social sites want absolute addresses, so all of it is on
only when ``html_baseurl`` is set (Read the Docs sets it through
``READTHEDOCS_CANONICAL_URL``), and only for the builders of a website
(``html``, ``dirhtml``).

- The tags are sphinxext-opengraph's.  This module gives it a talk's
  description (its abstract, or else the first lines of its notes: the
  extension would otherwise start with the talk's Date and Speaker fields)
  and a Twitter card; pages of other builders get its ``ogp_disable``.
- The JSON-LD is this module's: an ``Event`` for each talk, a ``Person`` on
  each speaker's page, from the domain's data.
- The sitemap is sphinx-sitemap's.  It lists the pages written in this build,
  in the order the writers finished; this module completes it with the pages
  an incremental build kept from an earlier one, and sorts it, so that every
  build of the same sources gives the same file.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import queue
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import new_document
from sphinx import locale
from sphinx.locale import get_translation
from sphinx.util import logging

from eventnotes import nodes as en_nodes
from eventnotes.dates import talk_moments
from eventnotes.fields import Field, Kind, fields_of
from eventnotes.internals import (
    configure_opengraph,
    disable_opengraph,
    opengraph_tags,
    sitemap_excludes,
    sitemap_queue,
)
from eventnotes.languages import language_tag
from eventnotes.pages import generated_subjects
from eventnotes.records import TalkMetadata
from eventnotes.site_address import SiteAddresses, base_url, has_site_address
from eventnotes.summaries import shorten, talk_summary

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from sphinx.application import Sphinx
    from sphinx.config import Config

    from eventnotes.domain import EventNotesDomain
    from eventnotes.records import Speaker
    from eventnotes.records import Conference, Profile, Talk

__ = get_translation("eventnotes", "console")
logger = logging.getLogger(__name__)

#: The builders of a website, which get the web metadata.

#: A small card: the title and the description, which Twitter (X) takes from the OpenGraph tags.
TWITTER_CARD = '<meta name="twitter:card" content="summary" />'


#: sphinx-sitemap's default address of a page: below html_baseurl, the language and the version.
SITEMAP_DEFAULT_SCHEME = "{lang}{version}{link}"


def configure_extensions(app: Sphinx, config: Config) -> None:
    """Settings for sphinxext-opengraph and sphinx-sitemap, where conf.py gives none."""
    if not config.html_baseurl:
        return
    if config.sitemap_url_scheme == SITEMAP_DEFAULT_SCHEME:
        # html_baseurl is the address of this very build (Read the Docs' canonical
        # URL already ends with the language and the version): the pages are right below it.
        config.sitemap_url_scheme = "{link}"
    if not config.site_url:
        config.site_url = base_url(config)
    configure_opengraph(config, base_url(config), TWITTER_CARD, "twitter:card")


# -- the page's head ----------------------------------------------------------------


def add_page_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """Runs before sphinxext-opengraph, which reads the page's ``meta`` fields."""
    if not has_site_address(app):
        disable_opengraph(context)
        return
    domain: EventNotesDomain = app.env.domains["event"]
    urls = SiteAddresses(app.builder).page
    items: list[dict[str, Any]] = []
    talks = domain.talks_by_doc.get(pagename, [])
    if talks:
        description = talk_description(doctree, talks, app.config.ogp_description_length) if doctree else ""
        if description:
            set_description(context, description)
        for talk in talks:
            items.append(event_of(domain, urls, talk, description if len(talks) == 1 else ""))
    for profile in domain.profiles_by_doc.get(pagename, []):
        if (speaker := domain.speaker(profile.name)) and speaker.profile is profile:
            items.append(person_of(urls, speaker, profile))
    if doctree is None and (speaker := domain.speaker_with_page(pagename)) and not speaker.profile:
        items.append(person_of(urls, speaker, None))
    if items:
        context["metatags"] = context.get("metatags", "") + "".join(json_ld(item) for item in items)
    if doctree is None and (title := page_title(pagename, context)):
        # sphinxext-opengraph tags only pages made from a document; the pages
        # of speakers, topics and languages, the indices and the search page get its tags here.
        context["metatags"] = context.get("metatags", "") + opengraph_tags(
            app, {**context, "title": title, "meta": context.get("meta")}, new_document(pagename)
        )


def page_title(pagename: str, context: dict[str, Any]) -> str:
    """The title of a page made without a document, as its template shows it."""
    if title := context.get("title") or context.get("indextitle"):
        return str(title)
    # Sphinx's own words for its pages, in the site's language.
    if pagename == "search":
        return locale._("Search")
    if pagename == "genindex" or pagename.startswith("genindex-"):
        return locale._("Index")
    return ""


def set_description(context: dict[str, Any], description: str) -> None:
    """The page's description, unless its author wrote one (``.. meta::`` or an ``og:description`` field)."""
    text = html.escape(description, quote=True)
    if 'name="description"' not in context.get("metatags", ""):
        context["metatags"] = context.get("metatags", "") + f'<meta name="description" content="{text}" />\n'
    meta = context.get("meta") or {}
    if "og:description" not in meta:
        # sphinxext-opengraph writes the fields it is given as they are: escaped here.
        context["meta"] = {**meta, "og:description": text}


def talk_description(doctree: nodes.document, talks: list[Talk], length: int) -> str:
    """A talk's abstract, or else the first lines of its notes; the talks' titles
    on a page of several talks (lightning talks)."""
    if len(talks) > 1:
        return shorten("; ".join(talk.title for talk in talks), length)
    talk_node = next(doctree.findall(en_nodes.talk), None)
    if talk_node is None:
        return ""
    return talk_summary(talk_node, length)


# -- schema.org ---------------------------------------------------------------------


def event_of(domain: EventNotesDomain, urls: Callable[..., str], talk: Talk, description: str) -> dict[str, Any]:
    """A talk as a schema.org ``Event``, part of its conference's."""
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": talk.title,
        "url": urls(talk.docname, domain.talk_anchor(talk)),
    }
    conference = domain.conference_of(talk.docname)
    if talk.date and talk.start:
        zone = conference.time_zone if conference else ""
        event["startDate"], end = talk_moments(talk.date, talk.start, talk.duration, zone)
        if end:
            event["endDate"] = end
    elif talk.date:
        event["startDate"] = talk.date
    if description:
        event["description"] = description
    event.update(declared_properties(talk))
    performers = []
    for name in talk.speakers:
        speaker = domain.speaker(name)
        performers.append({"@type": "Person", "name": name, **({"url": urls(speaker.page)} if speaker else {})})
    if performers:
        event["performer"] = performers
    if conference:
        place = place_of(conference)
        if place:
            event["location"] = place
        event["superEvent"] = conference_event(urls, conference, place)
    return event


def declared_properties(talk: Talk) -> dict[str, str]:
    """The talk's fields that have a declared JSON-LD property (``jsonld_key``), by
    property, in the order of their names: a page's bytes do not depend on the
    order the fields are declared in."""
    properties = {}
    for field in fields_of(TalkMetadata):
        if field.jsonld_key and (value := jsonld_value(field, getattr(talk, field.attribute))):
            properties[field.jsonld_key] = value
    return dict(sorted(properties.items()))


def jsonld_value(field: Field, value: str | tuple[str, ...]) -> str:
    """A field's value as schema.org writes it ('' for none): a language by its
    standard tag, several values as one comma-separated text."""
    if field.kind is Kind.LANGUAGE:
        return language_tag(value)
    return ", ".join(value) if field.kind.repeats else value


def conference_event(urls: Callable[..., str], conference: Conference, place: dict[str, str] | None) -> dict[str, Any]:
    event: dict[str, Any] = {"@type": "Event", "name": conference.title, "url": urls(conference.docname)}
    if conference.start:
        event["startDate"] = conference.start
    if conference.end:
        event["endDate"] = conference.end
    if place:
        event["location"] = place
    if conference.site:
        event["sameAs"] = conference.site
    return event


def place_of(conference: Conference) -> dict[str, str] | None:
    """The venue, at its town: what the ``conference`` directive states, nothing more."""
    if not (conference.venue or conference.location):
        return None
    place = {"@type": "Place", "name": conference.venue or conference.location}
    if conference.location:
        place["address"] = conference.location
    return place


def person_of(urls: Callable[..., str], speaker: Speaker, profile: Profile | None) -> dict[str, Any]:
    person: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": speaker.name,
        "url": urls(speaker.page),
    }
    if profile and profile.aliases:
        person["alternateName"] = list(profile.aliases)
    if profile and profile.links:
        person["sameAs"] = list(profile.links)
    return person


def json_ld(item: dict[str, Any]) -> str:
    """A ``<script>`` element holding the item: '<', '>' and '&' are escaped in
    the JSON, so no text of the notes can close the element."""
    text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>\n'


# -- the sitemap ----------------------------------------------------------------------


def complete_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """Give sphinx-sitemap every page of the site, sorted (it writes them after this)."""
    links = sitemap_queue(app)
    if links is None:
        return
    written: dict[str, str | None] = {}
    while True:
        try:
            link, last_updated = links.get_nowait()
        except queue.Empty:
            break
        written[link] = last_updated
    if exception or not has_site_address(app):
        return  # an empty queue: sphinx-sitemap writes no sitemap
    domain: EventNotesDomain = app.env.domains["event"]
    builder = app.builder
    # The pages an incremental build did not write again are still in the
    # output: the documents, and the pages made for speakers, topics and languages.
    kept = [*app.env.all_docs, *(subject.page for subject in generated_subjects(domain))]
    for pagename in kept:
        link = builder.get_target_uri(pagename)
        if not sitemap_excludes(app, link):
            written.setdefault(link, None)
    for link in sorted(written):
        links.put((link, written[link]))


def setup_webmeta(app: Sphinx) -> None:
    # Without matplotlib, sphinxext-opengraph prints on import that it makes no
    # social cards, on stdout, bypassing Sphinx's logging (so -q cannot quiet it):
    # this module turns the cards off anyway.
    with contextlib.redirect_stdout(io.StringIO()):
        import sphinxext.opengraph  # noqa: F401
    app.setup_extension("sphinxext.opengraph")
    # sphinx-sitemap warns in every build without a base URL, which -W makes
    # an error: it is loaded only with one (confoverrides included).
    if app.config.html_baseurl:
        app.setup_extension("sphinx_sitemap")
    app.connect("config-inited", configure_extensions)
    # Before sphinxext-opengraph's handler (priority 500), which reads the fields set here.
    app.connect("html-page-context", add_page_metadata, priority=400)
    # Before sphinx-sitemap's, which writes the sitemap.
    app.connect("build-finished", complete_sitemap, priority=400)
