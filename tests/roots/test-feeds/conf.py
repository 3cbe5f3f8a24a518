# The eventnotes package is put on sys.path by tests/conftest.py.
extensions = ["myst_parser", "eventnotes"]
project = "Feeds & Notes"
author = "The note-takers"
html_baseurl = "https://notes.example.org/archive"
html_theme = "furo"
