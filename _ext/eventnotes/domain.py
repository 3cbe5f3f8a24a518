"""The ``event`` domain: talks, conferences, speakers and topics across documents.

The data is kept per document (``talks`` and ``conferences``, each keyed by
docname), so that :meth:`clear_doc` and :meth:`merge_domaindata` touch just
that document: this is what keeps parallel and incremental builds correct.
Everything that spans documents (speakers, topics, which conference a talk
belongs to, speaker and topic page names) is derived from that data when needed and cached
until the data changes.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import posixpath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.locale import get_translation
from sphinx.roles import XRefRole
from sphinx.util import docname_join
from sphinx.util.nodes import make_refnode

from eventnotes.indices import (
    LANGUAGE_INDEX,
    LATEX_INDEX_STYLE,
    SPEAKER_INDEX,
    TOPIC_INDEX,
    LanguageIndex,
    SpeakerIndex,
    TopicIndex,
)
from eventnotes.languages import language_tag, languages_of
from eventnotes.pages import writes_speaker_pages
from eventnotes.records import Conference, Language, Profile, Speaker, Talk, Topic, enclosing_folders, link_to
from eventnotes.collation import collation
from eventnotes.names import Spelling, normalize_name, speaker_page_names, variant_groups
from eventnotes.validation import Warned, WarningSubtype, warn, warn_again

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Set
    from typing import Any

    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

_ = get_translation("eventnotes")
__ = get_translation("eventnotes", "console")


class EventRole(XRefRole):
    """``:talk:``, ``:speaker:``, ``:conference:`` and ``:topic:`` work without the ``event:`` prefix."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"event:{self.name}"
        return super().run()


class EventNotesDomain(Domain):
    name = "event"
    label = "Event notes"
    object_types = {
        "talk": ObjType(_("talk"), "talk"),
        "speaker": ObjType(_("speaker"), "speaker"),
        "conference": ObjType(_("conference"), "conference"),
        "topic": ObjType(_("topic"), "topic"),
    }
    roles = {
        "talk": EventRole(innernodeclass=nodes.inline, warn_dangling=True),
        "speaker": EventRole(innernodeclass=nodes.inline, warn_dangling=True),
        "conference": EventRole(innernodeclass=nodes.inline, warn_dangling=True),
        "topic": EventRole(innernodeclass=nodes.inline, warn_dangling=True),
    }
    indices = [SpeakerIndex, TopicIndex, LanguageIndex]
    initial_data: dict[str, dict[str, list[Any]]] = {
        "talks": {},  # docname -> [Talk]
        "conferences": {},  # docname -> [Conference]
        "overviews": {},  # docname -> True, for pages listing all conferences
        "profiles": {},  # docname -> [Profile]
        "speaker_refs": {},  # docname -> names the page links to as speakers
        "speaker_pages": {},  # spelling -> the page its link opened at the last build (not per document)
        "topic_refs": {},  # docname -> topic keys the page links to (a talk's tags, :topic: roles)
        "topic_pages": {},  # topic key -> its page at the last build (not per document)
        "language_pages": {},  # language code -> its page at the last build (not per document)
        "warnings": {},  # docname -> [Warned]: the warnings reading the page gave
        "references": {},  # docname -> ((type, target), ...): the page's talk, speaker, conference, topic links
    }
    data_version = 6

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # The documents read (or removed) in this build: their kept warnings were
        # given afresh (or are gone); the others' are given again.  Not kept.
        self.read_in_this_build: set[str] = set()

    # -- per-document data ---------------------------------------------------------

    @property
    def talks_by_doc(self) -> dict[str, list[Talk]]:
        return self.data["talks"]

    @property
    def conferences_by_doc(self) -> dict[str, list[Conference]]:
        return self.data["conferences"]

    def note_talk(self, talk: Talk) -> None:
        self.talks_by_doc.setdefault(talk.docname, []).append(talk)
        self._forget_derived()

    def note_conference(self, conference: Conference) -> None:
        self.conferences_by_doc.setdefault(conference.docname, []).append(conference)
        self._forget_derived()

    @property
    def profiles_by_doc(self) -> dict[str, list[Profile]]:
        return self.data["profiles"]

    def note_profile(self, profile: Profile) -> None:
        self.profiles_by_doc.setdefault(profile.docname, []).append(profile)
        self._forget_derived()

    def note_speaker_refs(self, docname: str, names: Iterable[str]) -> None:
        if names := tuple(dict.fromkeys(normalize_name(name) for name in names)):
            self.data["speaker_refs"][docname] = names

    def note_topic_refs(self, docname: str, names: Iterable[str]) -> None:
        if keys := tuple(dict.fromkeys(self.topic_key(name) for name in names)):
            self.data["topic_refs"][docname] = keys

    def topic_key(self, name: str) -> bytes:
        """Equal for the spellings of one topic: 'Python' and 'python'."""
        return collation(self.env.config.language).topic_key(normalize_name(name))

    def note_warning(self, docname: str, warned: Warned) -> None:
        self.data["warnings"].setdefault(docname, []).append(warned)

    def note_references(self, docname: str, references: Iterable[tuple[str, str]]) -> None:
        if references := tuple(dict.fromkeys(references)):
            self.data["references"][docname] = references

    def note_overview(self, docname: str) -> None:
        self.data["overviews"][docname] = True

    def overview_pages(self) -> list[str]:
        return sorted(self.data["overviews"])

    def clear_doc(self, docname: str) -> None:
        self.talks_by_doc.pop(docname, None)
        self.conferences_by_doc.pop(docname, None)
        self.data["overviews"].pop(docname, None)
        self.profiles_by_doc.pop(docname, None)
        self.data["speaker_refs"].pop(docname, None)
        self.data["topic_refs"].pop(docname, None)
        self.data["warnings"].pop(docname, None)
        self.data["references"].pop(docname, None)
        self.read_in_this_build.add(docname)
        self._forget_derived()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in (
            "talks", "conferences", "overviews", "profiles", "speaker_refs", "topic_refs", "warnings", "references"
        ):
            for docname, records in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = records
        self._forget_derived()

    # -- derived views, cached until the data changes --------------------------------

    def _forget_derived(self) -> None:
        self.__dict__.pop("_derived", None)

    @functools.cached_property
    def _derived(self) -> _Derived:
        return _Derived.build(self.talks_by_doc, self.conferences_by_doc, self.profiles_by_doc, self.env.config)

    def all_talks(self) -> list[Talk]:
        return self._derived.talks

    def conferences(self) -> list[Conference]:
        return self._derived.conferences

    def speakers(self) -> list[Speaker]:
        """Every speaker, in the collation order of the site's language."""
        return self._derived.speakers

    def speaker(self, name: str) -> Speaker | None:
        return self._derived.speakers_by_name.get(normalize_name(name))

    def topics(self) -> list[Topic]:
        """Every topic, in the collation order of the site's language."""
        return self._derived.topics

    def topic(self, name: str) -> Topic | None:
        return self._derived.topics_by_key.get(self.topic_key(name))

    def speaker_with_page(self, page: str) -> Speaker | None:
        """The speaker whose page (generated or profile) is ``page``."""
        return self._derived.speakers_by_page.get(page)

    def languages(self) -> list[Language]:
        """Every language the talks are in, in code order."""
        return self._derived.languages

    def language(self, code: str) -> Language | None:
        return self._derived.languages_by_code.get(language_tag(code))

    def conference_of(self, docname: str) -> Conference | None:
        """The conference whose folder holds ``docname`` (the nearest one up the tree)."""
        return _nearest(self._derived.conference_by_folder, docname)

    def talks_of(self, conference: Conference) -> list[Talk]:
        return self._derived.talks_by_conference.get(conference.docname, [])

    def talk_name(self, talk: Talk) -> str:
        """How ``:talk:`` and intersphinx name a talk."""
        if not self.talk_anchor(talk):
            return talk.docname
        return talk.labels[0] if talk.labels else f"{talk.docname}#{talk.anchor}"

    def talk_anchor(self, talk: Talk) -> str:
        """The anchor of a talk's address: '' for a talk that has its page to itself."""
        return "" if len(self.talks_by_doc.get(talk.docname, ())) == 1 else talk.anchor

    # -- checks across documents -------------------------------------------------------

    def check_across_documents(self) -> None:
        """Warn about what no one document shows: run in every build (at ``env-updated``), not
        as Sphinx's ``check_consistency``, which a build that reads nothing skips."""
        claimed: dict[str, Conference] = {}
        for conference in self.conferences():
            if (first := claimed.setdefault(conference.folder, conference)) is not conference:
                warn(
                    __("the folder '%s' already belongs to the conference '%s' (%s); "
                       "a folder holds one conference, so this one is ignored")
                    % (conference.folder or ".", first.title, first.docname),
                    WarningSubtype.duplicate_conference,
                    location=(conference.docname, conference.lineno),
                )
        for talk in self.all_talks():
            conference = self.conference_of(talk.docname)
            if not (conference and talk.date and conference.start and conference.end):
                continue
            if conference.start <= talk.date <= conference.end or talk.date_note:
                continue
            warn(
                __("the talk '%s' is dated %s, outside its conference '%s' (%s to %s); "
                   "fix the date, or explain it with a ':date-note:' option")
                % (talk.title, talk.date, conference.title, conference.start, conference.end),
                WarningSubtype.date_outside_conference,
                location=(talk.docname, talk.lineno),
            )
        self.check_speaker_variants()
        self.check_profiles()

    def check_profiles(self) -> None:
        """Warn when two profiles claim one spelling: the first one (in document order) keeps it."""
        claimed: dict[str, Profile] = {}
        for docname in sorted(self.profiles_by_doc):
            for profile in self.profiles_by_doc[docname]:
                for spelling in profile.spellings:
                    first = claimed.setdefault(spelling, profile)
                    if first is profile:
                        continue
                    warn(
                        __("the speaker '%s' already has a profile (%s, line %d); "
                           "write one 'speaker' directive per person, with the other spellings as ':aliases:'")
                        % (spelling, self.env.doc2path(first.docname, False), first.lineno),
                        WarningSubtype.duplicate_speaker,
                        location=(profile.docname, profile.lineno),
                    )

    def distinct_people(self) -> set[frozenset[str]]:
        """The pairs of people (by the name their speaker page has) that a profile's
        ``:distinct-from:`` says are two people, whatever the spelling it names."""
        pairs = set()
        for speaker in self.speakers():
            for name in speaker.profile.distinct_from if speaker.profile else ():
                other = self.speaker(name)
                pairs.add(frozenset((speaker.name, other.name if other else name)))
        return pairs

    def check_speaker_variants(self) -> None:
        """Warn once for each person whose spelling differs from another person's only
        by case, accents, punctuation or spacing, at their first talk (or profile).
        A profile's aliases count as that person's spellings."""
        spellings = (
            Spelling(spelling, speaker.name, len(speaker.talks), speaker.profile is not None, speaker)
            for speaker in self.speakers()
            for spelling in speaker.spellings
        )
        warned: set[tuple[str, str]] = set()
        distinct = self.distinct_people()
        for first, *others in variant_groups(spellings, self.env.config.language):
            seen_docname, seen_line = self.speaker_location(first.item)
            for other in others:
                if other.person == first.person or (first.person, other.person) in warned:
                    continue
                if frozenset((first.person, other.person)) in distinct:
                    continue
                warned.add((first.person, other.person))
                warn(
                    __("the speaker '%s' differs from '%s' (%s, line %d) only by case, accents, "
                       "punctuation or spacing; if they are one person, write ':speaker: %s' here too, "
                       "or ':aliases: %s' in their profile")
                    % (other.spelling, first.spelling, self.env.doc2path(seen_docname, False), seen_line,
                       first.person, other.spelling),
                    WarningSubtype.speaker_variant,
                    location=self.speaker_location(other.item),
                )

    # -- cross-references -------------------------------------------------------------

    def find_talk(self, fromdocname: str, target: str) -> Talk | None:
        if talk := self._derived.talks_by_label.get(target):
            return talk
        docname, _sep, anchor = target.partition("#")
        talks = self.talks_by_doc.get(docname_join(fromdocname, docname), [])
        if anchor:
            return next((talk for talk in talks if talk.anchor == anchor), None)
        return talks[0] if len(talks) == 1 else None

    def find_conference(self, fromdocname: str, target: str) -> Conference | None:
        docname = docname_join(fromdocname, target)
        found = self.conferences_by_doc.get(docname) or self.conferences_by_doc.get(
            posixpath.join(docname, "index")
        )
        return found[0] if found else None

    def topic_refnode(self, builder: Builder, fromdocname: str, topic: Topic, contnode: Element) -> Element:
        """A link to a topic's page in HTML, to the Topics index in LaTeX (as for speakers)."""
        return _generated_page_refnode(builder, fromdocname, topic.page, TOPIC_INDEX, topic.name, contnode)

    def language_refnode(self, builder: Builder, fromdocname: str, language: Language, contnode: Element) -> Element:
        """A link to a language's page in HTML, to the Languages index in LaTeX."""
        return _generated_page_refnode(builder, fromdocname, language.page, LANGUAGE_INDEX, language.name, contnode)

    def speaker_refnode(
        self, builder: Builder, fromdocname: str, speaker: Speaker, contnode: Element
    ) -> Element:
        """A link to the place that lists a speaker's talks.

        HTML builders get a page per speaker; LaTeX links to the Speaker Index
        instead; builders with neither (``singlehtml``, text, ...) show the name.
        """
        if speaker.profile:
            # A page of the site, in every output format.
            return make_refnode(
                builder, fromdocname, speaker.profile.docname, speaker.profile.anchor, contnode, speaker.name
            )
        return _generated_page_refnode(builder, fromdocname, speaker.page, SPEAKER_INDEX, speaker.name, contnode)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        def text(default: str) -> Element:
            if node.get("refexplicit"):
                return contnode
            return nodes.inline(default, default, classes=contnode.get("classes", []))

        found = self.referenced(typ, fromdocname, target)
        if isinstance(found, Talk):
            return link_to(builder, fromdocname, found, text(found.title))
        if isinstance(found, Speaker):
            return self.speaker_refnode(builder, fromdocname, found, text(found.name))
        if isinstance(found, Conference):
            return link_to(builder, fromdocname, found, text(found.title))
        if isinstance(found, Topic):
            return self.topic_refnode(builder, fromdocname, found, text(found.name))
        if typ == "language":
            # A talk's language: a link to its page when the site has talks in
            # several languages; else (or for a code with no name) the text alone.
            language = self.language(target)
            if language is None or not language.page:
                return contnode  # type: ignore[return-value]
            return self.language_refnode(builder, fromdocname, language, contnode)
        return None

    def referenced(self, typ: str, fromdocname: str, target: str) -> Talk | Speaker | Conference | Topic | None:
        """What a ``:talk:``, ``:speaker:``, ``:conference:`` or ``:topic:`` link names; None for nothing."""
        if typ == "talk":
            return self.find_talk(fromdocname, target)
        if typ == "speaker":
            return self.speaker(target)
        if typ == "conference":
            return self.find_conference(fromdocname, target)
        if typ == "topic":
            return self.topic(target)
        return None

    def pages_with_dangling_references(self) -> set[str]:
        """The pages that link to a talk, speaker, conference or topic that does not exist:
        their warnings are given when they are written (``warn_missing_reference``)."""
        return {
            docname
            for docname, references in self.data["references"].items()
            if any(typ != "language" and not self.referenced(typ, docname, target) for typ, target in references)
        }

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        for typ in self.object_types:
            if ref := self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode):
                results.append((f"{self.name}:{typ}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for conference in self.conferences():
            yield conference.docname, conference.title, "conference", conference.docname, conference.anchor, 1
        for talk in self.all_talks():
            yield self.talk_name(talk), talk.title, "talk", talk.docname, talk.anchor, 1
        for speaker in self.speakers():
            # Search and inventories know only the environment's documents, not
            # the generated speaker pages: a speaker is found at their profile,
            # or else at their first talk.  Other spellings are in the inventory
            # (for intersphinx), not in search, which lists the person once.
            # Priority 0 (Sphinx's "important"): a search for a name lists the person before the
            # talks that mention them, as the Pagefind search lists their page first.
            docname, anchor = self.speaker_place(speaker)
            yield speaker.name, speaker.name, "speaker", docname, anchor, 0
            for alias in speaker.spellings[1:]:
                yield alias, alias, "speaker", docname, anchor, -1
        for topic in self.topics():
            # Like a speaker's, a topic's page is made by the HTML build, not
            # read: search knows only read documents, and a domain index (the
            # Topics index) is none either.  A topic is found at its first
            # talk (in date order), whose Tags field links to the topic's page.
            first = topic.talks[0]
            yield topic.name, topic.name, "topic", first.docname, first.anchor, 1

    @staticmethod
    def speaker_place(speaker: Speaker) -> tuple[str, str]:
        if speaker.profile:
            return speaker.profile.docname, speaker.profile.anchor
        return speaker.talks[0].docname, speaker.talks[0].anchor

    @staticmethod
    def speaker_location(speaker: Speaker) -> tuple[str, int]:
        """Where a speaker is written first: their profile, or else their first talk."""
        if speaker.profile:
            return speaker.profile.docname, speaker.profile.lineno
        return speaker.talks[0].docname, speaker.talks[0].lineno

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        # Search results read "Raymond Hettinger (speaker, in ...)", not "Event notes speaker".
        return str(type.lname)

    def get_full_qualified_name(self, node: Element) -> str | None:
        return node.get("reftarget")


@dataclasses.dataclass(slots=True)
class _Derived:
    """The cross-document views of the domain data, computed in one linear pass."""

    talks: list[Talk]
    conferences: list[Conference]
    conference_by_folder: dict[str, Conference]
    talks_by_conference: dict[str, list[Talk]]
    talks_by_label: dict[str, Talk]
    speakers: list[Speaker]
    speakers_by_name: dict[str, Speaker]
    topics: list[Topic]
    topics_by_key: dict[bytes, Topic]
    speakers_by_page: dict[str, Speaker]
    languages: list[Language]
    languages_by_code: dict[str, Language]

    @classmethod
    def build(
        cls,
        talks_by_doc: dict[str, list[Talk]],
        conferences_by_doc: dict[str, list[Conference]],
        profiles_by_doc: dict[str, list[Profile]],
        config: Any,
    ) -> _Derived:
        talks = sorted(
            (talk for docname in sorted(talks_by_doc) for talk in talks_by_doc[docname]),
            key=lambda talk: talk.sort_key,
        )
        conferences = [c for docname in sorted(conferences_by_doc) for c in conferences_by_doc[docname]]
        by_folder: dict[str, Conference] = {}
        for conference in conferences:
            by_folder.setdefault(conference.folder, conference)

        # One person under every spelling their profile declares; the first
        # profile to claim a spelling keeps it (check_profiles() warns).
        profiles: dict[str, Profile] = {}
        person: dict[str, str] = {}
        for docname in sorted(profiles_by_doc):
            for profile in profiles_by_doc[docname]:
                if profile.name in person:
                    continue
                profiles[profile.name] = profile
                for spelling in profile.spellings:
                    person.setdefault(spelling, profile.name)

        talks_by_conference: dict[str, list[Talk]] = {}
        talks_by_speaker: dict[str, list[Talk]] = {name: [] for name in profiles}
        for talk in talks:
            if conference := _nearest(by_folder, talk.docname):
                talks_by_conference.setdefault(conference.docname, []).append(talk)
            for name in dict.fromkeys(person.get(name, name) for name in talk.speakers):
                talks_by_speaker.setdefault(name, []).append(talk)

        pages = speaker_page_names(talks_by_speaker, config.eventnotes_speaker_pages_dir)
        speakers = []
        for name in sorted(talks_by_speaker, key=collation(config.language).key):
            profile = profiles.get(name)
            page = profile.docname if profile else pages[name]
            speakers.append(Speaker(name, page, tuple(talks_by_speaker[name]), profile))
        return cls(
            talks=talks,
            conferences=conferences,
            conference_by_folder=by_folder,
            talks_by_conference=talks_by_conference,
            talks_by_label={label: talk for talk in reversed(talks) for label in talk.labels},
            speakers=speakers,
            speakers_by_name={spelling: speaker for speaker in speakers for spelling in speaker.spellings},
            speakers_by_page={speaker.page: speaker for speaker in speakers},
            languages=(languages := languages_of(talks, config.eventnotes_language_pages_dir)),
            languages_by_code={language.code: language for language in languages},
            **_topics(talks, config),
        )


def _topics(talks: list[Talk], config: Any) -> dict[str, Any]:
    """The topics the talks' tags name, one per tag whatever its case or accents."""
    letters = collation(config.language)
    tagged: dict[bytes, list[tuple[str, Talk]]] = {}
    for talk in talks:
        for tag in dict.fromkeys(normalize_name(tag) for tag in talk.tags):
            tagged.setdefault(letters.topic_key(tag), []).append((tag, talk))
    # A topic is named as most of its talks spell it; a tie goes to the first
    # spelling in code point order, so that the name does not depend on reading order.
    names: dict[bytes, str] = {}
    for key, uses in tagged.items():
        counts = collections.Counter(tag for tag, _talk in uses)
        names[key] = min(counts, key=lambda tag: (-counts[tag], tag))
    pages = speaker_page_names(names.values(), config.eventnotes_topic_pages_dir)
    topics = [
        Topic(
            name=names[key],
            page=pages[names[key]],
            talks=tuple(dict.fromkeys(talk for _tag, talk in tagged[key])),
            spellings=tuple(dict.fromkeys(tag for tag, _talk in tagged[key])),
        )
        for key in sorted(tagged, key=lambda key: letters.key(names[key]))
    ]
    return {"topics": topics, "topics_by_key": {letters.topic_key(topic.name): topic for topic in topics}}


def _generated_page_refnode(
    builder: Builder, fromdocname: str, page: str, index: str, name: str, contnode: Element
) -> Element:
    """A link to a page the HTML build makes (a speaker's, a topic's).

    LaTeX links to the domain index instead; builders with neither
    (``singlehtml``, text, ...) show the name.
    """
    if writes_speaker_pages(builder):
        return make_refnode(builder, fromdocname, page, "", contnode, name)
    if builder.format == "latex":
        # The index is no document of the LaTeX builder: link to the label
        # that index_labels() puts where the index starts.
        return nodes.reference("", "", contnode, refuri=f"%{index}", internal=True, reftitle=name)
    return contnode


def _nearest(by_folder: dict[str, Conference], docname: str) -> Conference | None:
    return next((by_folder[f] for f in enclosing_folders(docname) if f in by_folder), None)


def index_labels(app: Sphinx, config: Any) -> None:
    """Give the Speaker Index and the Topics index LaTeX labels, so that links in the PDF reach them.

    Sphinx prints domain indices right after ``atendofbody``; the Speaker
    Index is the first of them, and starts on the next page.  The Topics
    and Languages indices are known by their titles, which Sphinx sets as
    ``\\indexname`` (a talk's language links to the Languages index).
    """
    label = (
        LATEX_INDEX_STYLE
        + rf"\newcommand{{\eventnotesTopicIndexName}}{{{TopicIndex.localname}}}"
        + rf"\newcommand{{\eventnotesLanguageIndexName}}{{{LanguageIndex.localname}}}"
        + r"\AddToHook{env/sphinxtheindex/after}{\ifx\indexname\eventnotesTopicIndexName"
        + rf"\phantomsection\label{{\detokenize{{{TOPIC_INDEX}::doc}}}}\fi"
        + r"\ifx\indexname\eventnotesLanguageIndexName"
        + rf"\phantomsection\label{{\detokenize{{{LANGUAGE_INDEX}::doc}}}}\fi}}"
        + rf"\cleardoublepage\phantomsection\label{{\detokenize{{{SPEAKER_INDEX}::doc}}}}"
    )
    elements = dict(config.latex_elements)
    elements["atendofbody"] = elements.get("atendofbody", "") + label
    config.latex_elements = elements


def pages_linking_to_moved_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages to write again because a speaker or topic they link to has another page now.

    A profile added, removed or given other aliases moves a speaker's page;
    a topic comes, goes, or is named in another spelling: every page linking
    to them is rewritten, whether or not it changed.
    """
    domain: EventNotesDomain = env.domains["event"]
    speaker_pages = {spelling: speaker.page for speaker in domain.speakers() for spelling in speaker.spellings}
    topic_pages = {domain.topic_key(topic.name): topic.page for topic in domain.topics()}
    return sorted(
        _linking_to_moved(domain, "speaker_pages", "speaker_refs", speaker_pages)
        | _linking_to_moved(domain, "topic_pages", "topic_refs", topic_pages)
        | _linking_to_moved_languages(domain)
    )


def _linking_to_moved_languages(domain: EventNotesDomain) -> set[str]:
    """A language's page comes or goes when the site gets a second language or
    loses it: its talks' pages and their conference's listing link to it."""
    pages = {language.code: language.page for language in domain.languages()}
    previous = domain.data["language_pages"]
    domain.data["language_pages"] = pages
    moved = {code for code in pages.keys() | previous.keys() if pages.get(code) != previous.get(code)}
    if not moved or not previous:
        return set()
    docnames = set()
    for talk in domain.all_talks():
        if language_tag(talk.language) in moved:
            docnames.add(talk.docname)
            if conference := domain.conference_of(talk.docname):
                docnames.add(conference.docname)
    return docnames


def _linking_to_moved(domain: EventNotesDomain, pages_key: str, refs_key: str, pages: dict[Any, str]) -> set[str]:
    previous = domain.data[pages_key]
    moved = {name for name in pages.keys() | previous.keys() if pages.get(name) != previous.get(name)}
    domain.data[pages_key] = pages
    if not moved or not previous:
        return set()
    return {docname for docname, names in domain.data[refs_key].items() if not moved.isdisjoint(names)}


def give_warnings_again(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every build gives each warning of the notes until it is fixed, once (see
    :mod:`eventnotes.validation`): the kept warnings of the pages not read again,
    those across documents, and, by writing them again, those of the pages with
    links to nothing."""
    domain: EventNotesDomain = env.domains["event"]  # type: ignore[assignment]
    for docname in sorted(domain.data["warnings"].keys() - domain.read_in_this_build):
        for warned in domain.data["warnings"][docname]:
            warn_again(warned)
    domain.check_across_documents()
    rewrite = sorted((domain.pages_with_dangling_references() - domain.read_in_this_build) & env.found_docs)
    domain.read_in_this_build.clear()
    return rewrite


def warn_missing_reference(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """An unknown talk, speaker, conference or topic gets a warning of the extension's own type."""
    if domain is None or domain.name != EventNotesDomain.name:
        return None
    target = node["reftarget"]
    messages = {
        "talk": (
            __("no talk '%s': name a page that holds one talk, or a label on the talk's section"),
            WarningSubtype.unknown_talk,
        ),
        "speaker": (
            __("no speaker '%s': the name must be spelled as in a talk's ':speaker:' option"),
            WarningSubtype.unknown_speaker,
        ),
        "conference": (
            __("no conference '%s': name the page that holds the 'conference' directive"),
            WarningSubtype.unknown_conference,
        ),
        "topic": (
            __("no topic '%s': a topic is a tag in some talk's ':tags:' option"),
            WarningSubtype.unknown_topic,
        ),
    }
    message, subtype = messages[node["reftype"]]
    if node["reftype"] == "talk":
        docname = docname_join(node.get("refdoc", ""), target)
        if (count := len(domain.talks_by_doc.get(docname, ()))) > 1:  # type: ignore[attr-defined]
            message = __(
                "the page '%%s' holds %d talks: put a label on the wanted talk's section "
                "and name the label"
            ) % count
    warn(message % target, subtype, location=node)
    return True


def setup_domain(app: Sphinx) -> None:
    app.add_domain(EventNotesDomain)
    for role in ("talk", "speaker", "conference", "topic"):
        app.add_role(role, EventRole(innernodeclass=nodes.inline, warn_dangling=True))
    app.connect("warn-missing-reference", warn_missing_reference)
    app.connect("env-updated", pages_linking_to_moved_pages)
    app.connect("env-updated", give_warnings_again)
    app.connect("config-inited", index_labels)
