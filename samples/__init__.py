"""Realistic sample school documents and mail seasons, seeded and deterministic, with their truth."""

from __future__ import annotations


class SamplesError(Exception):
    """Base class for errors raised while making sample documents or seasons."""


class RenderError(SamplesError):
    """Raised when a document cannot be rendered: a font or a system tool it needs is missing."""
