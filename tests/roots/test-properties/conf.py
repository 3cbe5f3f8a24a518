# The eventnotes package is put on sys.path by tests/conftest.py.
# tests/test_properties.py writes generated talks into conf/talks/ of a copy.
extensions = ["myst_parser", "eventnotes"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
html_theme = "furo"
# What is tested is the extension: Sphinx's typography ("--" to "–", ' to ’)
# would only blur the comparison of the page's text with the input.
smartquotes = False
