"""Publishing toolkit for the yearly notice on continuing education of professional staff."""

__version__ = "0.9.0"
