# The eventnotes package is put on sys.path by tests/conftest.py.
# A conference with rooms and times (a grid per day) and one without (lists).
extensions = ["eventnotes"]
nitpicky = True
html_theme = "furo"
latex_documents = [("index", "gridtest.tex", "Grid test", "Tests", "manual")]
