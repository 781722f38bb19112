"""Errors raised while drafting the office's consolidated report."""


class ConsolidateError(Exception):
    """Base class for every error app.consolidate raises on purpose."""


class TemplateError(ConsolidateError):
    """Raised when the DOCX template cannot be opened, or lacks or misspells one of its placeholders."""
