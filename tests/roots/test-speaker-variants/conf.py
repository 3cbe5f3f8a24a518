extensions = ["myst_parser", "eventnotes"]
