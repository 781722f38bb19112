"""How a count is written for Vietnamese readers: a dot groups the thousands ("1.250")."""

from __future__ import annotations


def grouped(value: int) -> str:
    """1250 -> "1.250"; -1250 -> "-1.250"."""
    return f"{value:,}".replace(",", ".")
