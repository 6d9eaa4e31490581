"""align: sentence alignment of English, Simplified and Traditional Chinese editions."""

__version__ = "0.1.0"
