"""The version of framing."""

__version__ = "0.1.0"
