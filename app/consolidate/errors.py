"""Errors raised while drafting the office's consolidated report."""


class ConsolidateError(Exception):
    """Base class for every error app.consolidate raises on purpose."""


class NoSchoolsError(ConsolidateError):
    """Raised when no school had to report to the unit that season: there is nothing to consolidate."""


class NotBegunError(ConsolidateError):
    """Raised when the season had not begun at the moment asked about and no school had sent anything."""


class TemplateError(ConsolidateError):
    """Raised when the DOCX template cannot be opened, or lacks or misspells one of its placeholders."""
