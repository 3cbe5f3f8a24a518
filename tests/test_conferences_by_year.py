"""``.. conferences:: :year:``: an archive lists its conferences on a page per year."""

from __future__ import annotations

import shutil

from html_text import article_text
from test_builds import build, write

YEAR_RST = ":orphan:\n\n2013\n====\n\n.. conferences::\n   :year: 2013\n"
YEAR_MD = "---\norphan: true\n---\n\n# 2011\n\n:::{conferences}\n:year: 2011\n:::\n"


def test_a_year_page_lists_that_years_conferences(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "years"
    shutil.copytree(rootdir / "test-basic", srcdir)
    write(srcdir / "years" / "2013.rst", YEAR_RST)
    write(srcdir / "years" / "2011.md", YEAR_MD)
    app = build(make_app, srcdir)
    page_2013 = article_text((app.outdir / "years" / "2013.html").read_text(encoding="utf-8"))
    page_2011 = article_text((app.outdir / "years" / "2011.html").read_text(encoding="utf-8"))
    assert "PyCon US 2013" in page_2013 and "DjangoCon Europe 2011" not in page_2013
    assert "DjangoCon Europe 2011" in page_2011 and "PyCon US 2013" not in page_2011
    # The home page's listing without :year: still lists both.
    home = article_text((app.outdir / "index.html").read_text(encoding="utf-8"))
    assert "PyCon US 2013" in home and "DjangoCon Europe 2011" in home

    # A conference added in 2013 joins that year's page in an incremental build.
    write(
        srcdir / "other" / "index.rst",
        ":orphan:\n\nOtherConf 2013\n==============\n\n.. conference::\n   :start: 2013-01-01\n   :end: 2013-01-02\n",
    )
    app = build(make_app, srcdir)
    page_2013 = article_text((app.outdir / "years" / "2013.html").read_text(encoding="utf-8"))
    page_2011 = article_text((app.outdir / "years" / "2011.html").read_text(encoding="utf-8"))
    assert page_2013.index("PyCon US 2013") < page_2013.index("OtherConf 2013")
    assert "OtherConf" not in page_2011
