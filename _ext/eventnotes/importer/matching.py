"""Which record of an archive is the talk of a page on the site: a match taken on evidence.

``--enrich`` adds links from an archive's records (pyvideo) to pages an
author wrote; the titles seldom agree to the letter ("Inner guts of
Bitbucket", "The inner guts of Bitbucket"; "Twisted Logic", "Twisted Logic:
Endpoints and Why You Shouldn't Be Scared of Twisted"), and a wrong link is
worse than none.  So a record is taken for a page only on evidence, and only
when no other record comes near it.

The evidence:

title
    Both titles are read as words: accents, case and punctuation dropped, a
    file name read as a title (``0_3-cmses-in-45-minutes.m4v`` is "3 cmses in
    45 minutes": :func:`readable_title`), stop words ("the", "of", "di"...)
    and weekday names left out.  Two words are one when equal, when one is
    the other misspelt (:data:`SAME_WORD`: "Elasticserch", "Thousand" and
    "Thousands"), or when one is two of the other joined ("EightSpaces").
    The score is the mean of the Dice coefficient of the two sets of words
    and the share of the shorter title found in the other (1.0: the same
    words; a title that is the start of the other before a colon, a dash or
    a comma, such as "Twisted Logic" above, scores 1.0 too).  Titles that
    each have words the other lacks ("... from Apache to ngnix", "... from
    Apache to uWSGI") *differ*: they may be two talks.
date
    The same day; else within the conference (a day of the site's conference
    page, or of the archive's event), which is weaker: archives often date
    every recording of an event with its first day.  A record dated outside
    the conference, or whose title names a weekday ("Lightning talks
    Monday") other than the page's, is not the page's talk.
speakers
    Where both sides name speakers, at least one person must be on both
    (names compared without accents and case, a misspelling allowed:
    "Doug Hellman", "Doug Hellmann"); none in common is not the page's talk.
    A one-word name on the page (a nickname such as "juliass") is not
    compared.  Placeholders such as "Various speakers" are no speakers.

The decision, per page, among the records that do not contradict it
(the *rank* is the title's score, plus :data:`SAME_DAY_BONUS` for the same
day and :data:`SPEAKER_BONUS` for a speaker in common):

- taken when the best record's rank is at least :data:`MARGIN` ahead of the
  next one's, and either its title scores :data:`CERTAIN` or more and the
  titles do not differ, or a speaker is on both and the title scores
  :data:`WITH_SPEAKER` or more;
- else *doubtful* when the best record's title scores :data:`DOUBTFUL` or
  more (or it is contradicted by the date or the speakers only): reported
  for the author, with its evidence, and not written;
- else the page has no record.

A record taken for two pages is doubtful for both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from eventnotes.names import split_list
from eventnotes.slugs import strip_accents

if TYPE_CHECKING:
    from eventnotes.importer.existing import ExistingTalk
    from eventnotes.importer.model import ImportedTalk

#: A match is taken when its title scores this much or more (and nothing else comes near) ...
CERTAIN = 0.75
#: ... or this much, when a speaker is on both sides.
WITH_SPEAKER = 0.5
#: How far ahead of the next record the best must be (in rank: score plus bonuses).
MARGIN = 0.2
#: Below this, the nearest record is not reported as a doubtful match either.
DOUBTFUL = 0.45
#: What the same day, and a speaker in common, add to a record's rank.
SAME_DAY_BONUS = 0.1
SPEAKER_BONUS = 0.2
#: Two words are one when this alike (difflib's ratio), both being four letters or more.
SAME_WORD = 0.8

STOP_WORDS = frozenset(
    # English
    "a an the of and or in on at to for with from by about into as is are be was it its this that "
    "these those your you my our we us i how what why when who which not vs via w s "
    # Italian, French, Spanish, German: the seed conferences speak them
    "il lo la i gli le un una uno di da del della dei delle e con per su tra fra che "
    "de du des et en pour avec el los las y por para der die das und mit fur zu".split()
)
WEEKDAYS = {
    name: number for number, names in enumerate((
        ("monday", "mon", "lunedi"), ("tuesday", "tue", "martedi"), ("wednesday", "wed", "mercoledi"),
        ("thursday", "thu", "giovedi"), ("friday", "fri", "venerdi"), ("saturday", "sat", "sabato"),
        ("sunday", "sun", "domenica"),
    )) for name in names
}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: What an archive writes where it knows no speaker.
PLACEHOLDER_SPEAKERS = frozenset({"various speakers", "various", "unknown", "tba", "tbd", "n/a", "anonymous"})

_FILE_NAME = re.compile(
    r"^(?:\d+_)*(?P<stem>[^\s/\\]+?)\.(?:m4v|mp4|mov|avi|flv|ogv|ogg|webm|mkv|mpg|mpeg|wmv|mp3)$", re.IGNORECASE
)
_SUBTITLE = re.compile(r"\s*(?::\s|\s[-–—]+\s|==>|\(|,\s|[?!]\s)")


def readable_title(title: str) -> str:
    """A title that is a file name, read as a title; any other title as it is.

    ``0_3-cmses-in-45-minutes.m4v`` -> ``3 cmses in 45 minutes``: the
    numbered prefix (``0_``) and the extension go, hyphens and underscores
    are spaces.
    """
    found = _FILE_NAME.match(title.strip())
    if found is None:
        return title
    return " ".join(re.split(r"[-_]+", found["stem"])).strip() or title


def words(title: str) -> list[str]:
    """A title's words, lower case, without accents or punctuation ("app's" is "app")."""
    text = strip_accents(readable_title(title)).casefold().replace("&", " and ")
    text = re.sub(r"['’]s\b", "", text)
    return re.findall(r"[^\W_]+", text)


def content_words(title: str) -> tuple[list[str], set[int]]:
    """The title's words without stop words and weekday names; and the weekdays it names."""
    every = words(title)
    weekdays = {WEEKDAYS[word] for word in every if word in WEEKDAYS}
    kept = [word for word in every if word not in STOP_WORDS and word not in WEEKDAYS]
    return (kept or [word for word in every if word not in WEEKDAYS] or every), weekdays


def _same_word(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= SAME_WORD)


def _pairs(a: list[str], b: list[str]) -> tuple[int, list[str], list[str]]:
    """How many words of *a* and *b* are one, and the words of each left over."""
    left_a, left_b = list(a), list(b)
    matched = 0
    for exact in (True, False):
        for word in list(left_a):
            other = next((w for w in left_b if (w == word if exact else _same_word(word, w))), None)
            if other is not None:
                left_a.remove(word)
                left_b.remove(other)
                matched += 1
    # One word that is two of the other's joined: "eightspaces", "eight spaces".
    for one, two in ((left_a, left_b), (left_b, left_a)):
        for word in list(one):
            joined = next(((x, y) for x, y in zip(two, two[1:]) if _same_word(word, x + y)), None)
            if joined is not None and word in one:
                one.remove(word)
                two.remove(joined[0])
                two.remove(joined[1])
                matched += 1
    return matched, left_a, left_b


@dataclasses.dataclass(frozen=True)
class TitleScore:
    score: float
    differ: bool  # each title has words the other lacks
    extra: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # those words, page's then record's


def _score(a: list[str], b: list[str]) -> TitleScore:
    if not a or not b:
        return TitleScore(0.0, True)
    matched, left_a, left_b = _pairs(a, b)
    size_a, size_b = len(a) - len(left_a), len(b) - len(left_b)  # joined words count once
    dice = 2 * matched / (matched * 2 + len(left_a) + len(left_b))
    cover = matched / min(matched + len(left_a), matched + len(left_b)) if size_a and size_b else 0.0
    return TitleScore(round((dice + cover) / 2, 2), bool(left_a and left_b), (tuple(left_a), tuple(left_b)))


def _main_title(title: str) -> str:
    """A title before its subtitle ("Twisted Logic" of "Twisted Logic: Endpoints and ..."); "" for none."""
    title = readable_title(title)
    parts = _SUBTITLE.split(title, maxsplit=1)
    return parts[0] if len(parts) == 2 and parts[0].strip() else ""


def title_score(page_title: str, record_title: str) -> TitleScore:
    """How alike two titles are (see the module's documentation)."""
    a, _ = content_words(page_title)
    b, _ = content_words(record_title)
    best = _score(a, b)
    # A title that is the other's without its subtitle, in two words or more.
    for whole, part in ((a, _main_title(record_title)), (b, _main_title(page_title))):
        main = content_words(part)[0] if part else []
        if len(main) >= 2 and _score(whole, main).score == 1.0:
            return TitleScore(1.0, False)
    return best


# -- speakers ----------------------------------------------------------------------------------


def _name(name: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", strip_accents(name).casefold()))


def same_person(a: str, b: str) -> bool:
    """Two spellings of one name: equal but for accents, case, punctuation and a misspelling."""
    a, b = _name(a), _name(b)
    if not a or not b:
        return False
    if a == b or SequenceMatcher(None, a, b).ratio() >= 0.85:
        return True
    parts_a, parts_b = a.split(), b.split()
    if len(parts_a) < 2 or len(parts_b) < 2:
        return False
    return parts_a[-1] == parts_b[-1] and parts_a[0][0] == parts_b[0][0]


def real_speakers(names: list[str]) -> list[str]:
    """The names that are people: placeholders such as "Various speakers" left out."""
    return [name for name in names if _name(name) not in PLACEHOLDER_SPEAKERS and _name(name)]


def speaker_agreement(page: list[str], record: list[str]) -> tuple[str, str]:
    """"agree", "conflict" or "" (nothing to compare), and one line of evidence."""
    record = real_speakers(record)
    comparable = [name for name in page if len(_name(name).split()) > 1]
    if not page or not record:
        return "", "speakers: " + ("none on the page" if not page else "none in the record")
    if not comparable:
        return "", f"speakers: {', '.join(page)!s} / {', '.join(record)!s} not comparable"
    common = [(a, b) for a in comparable for b in record if same_person(a, b)]
    if common:
        return "agree", "speakers: " + ", ".join(a if a == b else f"{a} ~ {b}" for a, b in common)
    return "conflict", f"speakers: {', '.join(page)} / {', '.join(record)}, none in common"


# -- the decision --------------------------------------------------------------------------------


@dataclasses.dataclass
class Candidate:
    record: ImportedTalk
    title: TitleScore
    date: str  # "same day", "within the conference", or why it contradicts
    speakers: str  # "agree", "conflict" or ""
    evidence: list[str]
    conflict: str = ""  # why the record is not the page's talk, or ""

    @property
    def rank(self) -> float:
        return (self.title.score + (SAME_DAY_BONUS if self.date == "same day" else 0.0)
                + (SPEAKER_BONUS if self.speakers == "agree" else 0.0))


@dataclasses.dataclass
class Match:
    """What the evidence says of one page: the record taken, or the doubtful nearest, or none."""

    page: ExistingTalk
    best: Candidate | None
    next_rank: float | None  # the next record's rank; None when no other record fits
    certain: bool
    why: str = ""  # why a doubtful match is not taken

    def line(self) -> str:
        """The evidence on one line: record, score, how far ahead, date and speakers."""
        best = self.best
        assert best is not None
        record = best.record
        name = record.texts.get("source-id") or record.where or record.slug
        parts = [f"{name} {record.title!r}", f"score {best.title.score:.2f}",
                 f"next {self.next_rank:.2f}" if self.next_rank is not None else "no other fits", *best.evidence]
        return "; ".join(parts)


def _date(page: ExistingTalk, record: ImportedTalk, span: tuple[dt.date, dt.date] | None,
          one_date: bool) -> tuple[str, str, str]:
    """The date's agreement ("same day"...), its line of evidence, and a contradiction or ""."""
    try:
        day = dt.date.fromisoformat(page.options.get("date", "").strip())
    except ValueError:
        day = None
    _, weekdays = content_words(record.title)
    if day is not None and weekdays and day.weekday() not in weekdays:
        named = " or ".join(_DAY_NAMES[number] for number in sorted(weekdays))
        return "", f"date: the record's title says {named}", f"its title says {named}, the page's date is a {day:%A}"
    if day is not None and weekdays:
        return "same day", f"date: the record's title says {day:%A}, the page's date is one", ""
    if day is None or record.date is None:
        return "", "date: " + ("none on the page" if day is None else "none in the record"), ""
    if day == record.date:
        return "same day", "date: same day", ""
    if span is not None and span[0] <= record.date <= span[1] and span[0] <= day <= span[1]:
        note = " (the archive dates every record alike)" if one_date else ""
        return "within the conference", f"date: within the conference{note}", ""
    return "", f"date: record {record.date}, page {day}", f"the record is dated {record.date}, outside the conference"


def candidates(page: ExistingTalk, records: list[ImportedTalk],
               span: tuple[dt.date, dt.date] | None) -> list[Candidate]:
    """Every record weighed against the page, best first."""
    one_date = len({record.date for record in records}) == 1 and len(records) > 1
    page_speakers = split_list(page.options.get("speaker", ""))[0]
    found = []
    for record in records:
        title = title_score(page.title, record.title)
        date, date_line, conflict = _date(page, record, span, one_date)
        speakers, speakers_line = speaker_agreement(page_speakers, record.speakers)
        if speakers == "conflict" and not conflict:
            conflict = "no speaker in common"
        evidence = [date_line, speakers_line]
        if title.differ:
            evidence.append(f"titles differ: {' '.join(title.extra[0])!r} / {' '.join(title.extra[1])!r}")
        found.append(Candidate(record, title, date, speakers, evidence, conflict))
    found.sort(key=lambda candidate: -candidate.rank)
    return found


def decide(page: ExistingTalk, records: list[ImportedTalk], span: tuple[dt.date, dt.date] | None) -> Match:
    """The record the evidence gives the page (see the module's documentation)."""
    weighed = candidates(page, records, span)
    fit = [candidate for candidate in weighed if not candidate.conflict]
    nearest = weighed[0] if weighed else None
    if not fit:
        if nearest is not None and nearest.title.score >= CERTAIN:
            return Match(page, nearest, None, False, nearest.conflict)
        return Match(page, None, None, False, "every record contradicts the page's date or speakers")
    best, following = fit[0], (fit[1].rank if len(fit) > 1 else None)
    if nearest is not best and nearest.title.score >= CERTAIN and nearest.title.score > best.title.score:
        # A closer title that the date or the speakers contradict: say so, take nothing.
        return Match(page, nearest, best.rank, False, nearest.conflict)
    ahead = following is None or best.rank - following >= MARGIN
    by_title = best.title.score >= CERTAIN and not best.title.differ
    by_speaker = best.speakers == "agree" and best.title.score >= WITH_SPEAKER
    if ahead and (by_title or by_speaker):
        return Match(page, best, following, True)
    if best.title.score < DOUBTFUL and best.speakers != "agree":
        return Match(page, None, following, False, f"nearest: {best.record.title!r}, score {best.title.score:.2f}")
    why = ("another record comes near" if not ahead
           else "the titles differ" if best.title.differ and best.title.score >= CERTAIN
           else "the titles are not alike enough")
    return Match(page, best, following, False, why)


def decide_all(pages: list[ExistingTalk], records: list[ImportedTalk],
               span: tuple[dt.date, dt.date] | None) -> list[Match]:
    """Each page's match; a record taken for two pages is doubtful for both."""
    return one_page_each([decide(page, records, span) for page in pages])


def one_page_each(matches: list[Match]) -> list[Match]:
    """The matches, a record taken for two pages or more made doubtful for each."""
    taken: dict[int, list[Match]] = {}
    for match in matches:
        if match.certain and match.best is not None:
            taken.setdefault(id(match.best.record), []).append(match)
    for shared in taken.values():
        if len(shared) > 1:
            for match in shared:
                match.certain = False
                match.why = f"the record matches {len(shared)} pages"
    return matches
