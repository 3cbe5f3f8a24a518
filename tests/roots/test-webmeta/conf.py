# The eventnotes package is put on sys.path by tests/conftest.py.
extensions = ["eventnotes"]
nitpicky = True
html_theme = "furo"
project = "Web Notes"
