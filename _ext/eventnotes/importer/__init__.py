"""Start a conference from its published programme.

``python -m eventnotes.importer SOURCE`` (``make import SOURCE=...``) reads a
frab/pretalx ``schedule.xml`` or ``schedule.json``, a pyvideo event folder or
a pyvideo checkout, and writes a conference folder of notes pages.  Readers
turn a source into the records of :mod:`eventnotes.importer.model`; the
writer turns those into pages; nothing here runs during a Sphinx build.
"""
