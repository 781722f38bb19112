"""How a count is written for Vietnamese readers: a dot groups the thousands ("1.250"), a comma starts the
decimals ("12,5 %")."""

from __future__ import annotations


def grouped(value: int) -> str:
    """1250 -> "1.250"; -1250 -> "-1.250"."""
    return f"{value:,}".replace(",", ".")


def percent(part: int, whole: int) -> str:
    """29 of 37 -> "78,4 %"; 1 of 2 -> "50 %": one decimal, dropped when it is zero. Never "100 %" while one
    is missing, nor "0 %" when one is there (1999 of 2000 -> "99,9 %")."""
    tenths = round(part * 1000 / whole) if whole else 0
    if 0 < part < whole:
        tenths = min(max(tenths, 1), 999)
    units, decimal = divmod(tenths, 10)
    return f"{grouped(units)},{decimal} %" if decimal else f"{grouped(units)} %"
