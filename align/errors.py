class AlignError(Exception):
    """A problem with the user's input or settings, shown as one line without a traceback."""
