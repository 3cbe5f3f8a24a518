# The eventnotes package is put on sys.path by tests/conftest.py.
extensions = ["myst_parser", "eventnotes"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
html_theme = "furo"
html_baseurl = "https://notes.example.org/"
