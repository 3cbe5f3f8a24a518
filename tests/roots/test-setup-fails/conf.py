# The eventnotes package is put on sys.path by tests/conftest.py.
# A project whose setup fails after config-inited: the builder never starts.
extensions = ["eventnotes"]


def fail(app):
    raise RuntimeError("this project's setup fails after config-inited")


def setup(app):
    app.connect("builder-inited", fail)
