# The publications extension is put on sys.path by tests/conftest.py.
extensions = ["sphinx_design", "publications"]
eventnotes_website_only_documents = ["building"]
nitpicky = True
project = "Publications"
version = release = "1"
epub_author = "tests"
epub_copyright = "tests"
