"""align: sentence alignment of translated editions of a text, in any languages."""

__version__ = "0.1.0"
