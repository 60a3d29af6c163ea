"""What a pay figure measures (a base salary, a total, a range whose make-up is not given),
so that pay is compared like with like, and pay written briefly ($185k–$280k)."""

from __future__ import annotations

import re
from enum import StrEnum

from core.content.models import Bound, Figure, Role, Unit


class PayKind(StrEnum):
    BASE = "base"
    TOTAL = "total"
    UNSPECIFIED = "unspecified"


KIND_TITLES = {
    PayKind.BASE: "Base salary",
    PayKind.TOTAL: "Total yearly pay",
    PayKind.UNSPECIFIED: "Pay, make-up not given",
}
KIND_WORDS = {PayKind.BASE: "base", PayKind.TOTAL: "total", PayKind.UNSPECIFIED: "pay"}
_ASIDE = re.compile(r"\([^)]*\)")


def pay_kind(figure: Figure) -> PayKind:
    """Read from the label, leaving out its asides in brackets (which may say what the
    figure is not); pay that the label does not call base or total stays unspecified."""
    label = _ASIDE.sub("", figure.label).lower()
    if "base" in label:
        return PayKind.BASE
    if "total" in label or "target pay" in label:
        return PayKind.TOTAL
    return PayKind.UNSPECIFIED


def usd_figures(role: Role) -> list[Figure]:
    return [f for f in role.compensation.figures if f.unit is Unit.USD]


def brief_usd(figure: Figure) -> str:
    """`$185k–$280k`, `about $155k`, `at least $200k`."""
    about = "about " if figure.approximate else ""
    bound = {Bound.AT_LEAST: "at least ", Bound.UNDER: "under ", None: ""}[figure.bound]
    value = _thousands(figure.low)
    if figure.high is not None and figure.high != figure.low:
        value = f"{value}–{_thousands(figure.high)}"
    return f"{about}{bound}{value}"


def _thousands(amount: float) -> str:
    thousands = amount / 1000
    return f"${thousands:,.0f}k" if thousands == int(thousands) else f"${thousands:,.1f}k"
