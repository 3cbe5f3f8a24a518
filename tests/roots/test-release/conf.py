# Imported talks with and without notes, and a talk written by hand (tests/test_release.py).
extensions = ["myst_parser", "eventnotes"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
html_theme = "furo"
exclude_patterns = ["_build"]
latex_engine = "xelatex"
latex_documents = [("index", "release.tex", "Release test", "Tests", "manual")]
