# The snippet files of tests/snippets are copied in by tests/test_snippets.py.
extensions = ["myst_parser", "eventnotes"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
