"""Money in the store: integer units of 0.01 元, so sums are exact on every database."""

from __future__ import annotations

from decimal import Decimal

AMOUNT_SCALE = 1_000_000  # stored units per 万元


def wan(units: int) -> Decimal:
    """Stored units → 万元, exact."""
    return Decimal(units) / AMOUNT_SCALE


def format_wan(units: int) -> str:
    """Stored units → 万元 as a plain decimal string ('1234.5', '0')."""
    value = wan(units).normalize()
    return format(value, "f")
