"""What a reader sees of a built HTML page, read with BeautifulSoup."""

from __future__ import annotations

from bs4 import BeautifulSoup

#: Inline elements: their text runs on with the text around them.
INLINE = ("a", "span", "em", "strong", "code", "abbr", "cite", "kbd", "sub", "sup")


def article_text(source: str) -> str:
    """The visible text of a page's ``<article>``, white space folded, ’ read as '.

    Block elements are separated by a space; inline elements are not, so
    ``Date<span class="colon">:</span>`` reads ``Date:``.
    """
    article = BeautifulSoup(source, "html.parser").article
    for element in article.find_all(INLINE):
        element.unwrap()
    article.smooth()
    return " ".join(article.get_text(" ").split()).replace("’", "'")


def links_of(source: str) -> list[tuple[str, str]]:
    """(href, visible text) of the links of a page's ``<article>``, in order, permalinks (¶) left out."""
    article = BeautifulSoup(source, "html.parser").article
    return [
        (a.get("href", ""), " ".join(a.get_text().split()))
        for a in article.find_all("a")
        if "headerlink" not in a.get("class", [])
    ]
