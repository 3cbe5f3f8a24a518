# The eventnotes package is put on sys.path by tests/conftest.py.
# tests/test_properties.py writes generated talks into conf/talks/ of a copy.
extensions = ["myst_parser", "eventnotes"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
html_theme = "furo"
