class AlignError(Exception):
    """A problem with the user's input or settings, shown as one line without a traceback."""


class UsageError(AlignError):
    """The command line itself is wrong (unknown language tag, bad option value, unsafe name): exit code 2."""

    exit_code = 2
