# A small site the importer's tests copy and import into (tests/test_importer.py).
extensions = ["myst_parser", "eventnotes"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
html_theme = "furo"
exclude_patterns = ["_build"]
