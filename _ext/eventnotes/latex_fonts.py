r"""Hangul, kana and kanji in the PDF: xeCJK sets them in Noto CJK.

Sphinx's XeLaTeX fonts (FreeFont) cover Latin, Greek and Cyrillic but no CJK
script, so a speaker named in Korean or Japanese would print as blanks with a
"Missing character" line in the LaTeX log.  xeCJK switches to a CJK font for
CJK characters only; everything else stays in FreeFont.  The fonts come from
the Debian package ``fonts-noto-cjk``, xeCJK from ``texlive-lang-cjk``.

Where either is missing (a TeX installation without them, such as a hosted
build), the PDF still builds, with CJK characters missing: the
setup is guarded by ``\IfFileExists`` and fontspec's ``\IfFontExistsTF``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

# One Noto CJK family holds Hangul, kana and the ideographs; JP picks the
# Japanese glyph forms for the ideographs that Chinese writes differently.
CJK_FONTS = {
    "main": "Noto Serif CJK JP",
    "sans": "Noto Sans CJK JP",
    "mono": "Noto Sans Mono CJK JP",
}

# xeCJK counts these quotes, dashes, ellipses and the middle dot as full-width
# CJK punctuation and would set them in the CJK font, with CJK spacing, in
# Latin text too; they stay with the Latin font.
LATIN_PUNCTUATION = ("00B7", "2013", "2014", "2018", "2019", "201C", "201D", "2025", "2026", "2027")


def cjk_preamble() -> str:
    fonts = "".join(f"\\setCJK{family}font{{{name}}}%\n" for family, name in CJK_FONTS.items())
    characters = ",".join(f'"{code}' for code in LATIN_PUNCTUATION)
    # CJKspace: Korean separates its words with spaces, which xeCJK drops by default.
    setup = (
        "\\usepackage{xeCJK}%\n\\xeCJKsetup{CJKspace=true}%\n"
        f"\\xeCJKDeclareCharClass{{Default}}{{{characters}}}%\n{fonts}"
    )
    # xeCJK needs ctexhook.sty (texlive-lang-chinese) as well.
    return (
        "\\IfFileExists{xeCJK.sty}{\\IfFileExists{ctexhook.sty}{"
        f"\\IfFontExistsTF{{{CJK_FONTS['main']}}}{{%\n{setup}}}{{}}}}{{}}}}{{}}\n"
    )


def add_cjk_fonts(app: Sphinx, config: Config) -> None:
    """Set up xeCJK and its fonts first in the preamble, for XeLaTeX builds."""
    if config.latex_engine != "xelatex":
        return
    elements = dict(config.latex_elements)
    elements["preamble"] = cjk_preamble() + elements.get("preamble", "")
    config.latex_elements = elements


def setup_latex_fonts(app: Sphinx) -> None:
    app.connect("config-inited", add_cjk_fonts)
