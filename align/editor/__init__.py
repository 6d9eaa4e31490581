"""`align review`: a local web editor for review tables (see docs/editor.md).

model    the bead model and its invariant
actions  merge, split, shift, edit, status, note; undo and redo
tables   the review table <-> the bead model (the format `align tmx` reads)
session  one open table: saving, the sidecar, conflicts, the TMX
locate   what PATH opens; server: the web server and its guard
static/  the page (plain HTML, CSS and JavaScript, served from the package)
"""
