# The eventnotes package is put on sys.path by tests/conftest.py.
extensions = ["myst_parser", "eventnotes"]
nitpicky = True
project = "PDF test"
latex_engine = "xelatex"
latex_documents = [("index", "pdftest.tex", "PDF test", "Tests", "manual")]
