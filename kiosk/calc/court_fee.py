"""Court acceptance fees (案件受理费) by the 诉讼费用交纳办法 (State Council, in force 2007-04-01).

Property cases pay by the brackets of Art. 13(1), each rate on the part of the amount inside its
bracket; non-property cases pay a fixed fee or a range within which each province fixes its own
figure (Art. 13(2)-(6)), divorce and personality-rights cases plus a share of the property or
damages above a threshold. A case closed by mediation or withdrawn (Art. 15) or heard under the
simple procedure (Art. 16) pays half.
"""

from __future__ import annotations

from decimal import Decimal

from kiosk.calc.errors import CalcInputError
from kiosk.calc.money import percent_text, to_fen
from kiosk.calc.result import Calculation, LawArticle, Step

LAW = "诉讼费用交纳办法"
PROCEDURES = ("ordinary", "simple", "mediated", "withdrawn")
HALVING_ARTICLE = {"simple": 16, "mediated": 15, "withdrawn": 15}

# (upper bound of the bracket in yuan or None, rate on the part inside it); the first bracket is
# a flat 50 yuan for amounts up to 10,000.
FIRST_BRACKET = (Decimal("10000"), Decimal("50"))
PROPERTY_BRACKETS = (
    (Decimal("100000"), Decimal("0.025")),
    (Decimal("200000"), Decimal("0.02")),
    (Decimal("500000"), Decimal("0.015")),
    (Decimal("1000000"), Decimal("0.01")),
    (Decimal("2000000"), Decimal("0.009")),
    (Decimal("5000000"), Decimal("0.008")),
    (Decimal("10000000"), Decimal("0.007")),
    (Decimal("20000000"), Decimal("0.006")),
    (None, Decimal("0.005")),
)

# Non-property cases: (lowest, highest fee per case, extra brackets on an amount or None).
# Divorce: property above 200,000 pays 0.5 % of the part above. Personality rights: damages
# above 50,000 pay 1 % up to 100,000 and 0.5 % above. Intellectual property without an amount
# pays 500-1,000; with one it pays as a property case.
CASE_KINDS: dict[str, tuple[Decimal, Decimal, tuple | None]] = {
    "labor": (Decimal("10"), Decimal("10"), None),
    "divorce": (
        Decimal("50"),
        Decimal("300"),
        ((Decimal("200000"), Decimal("0")), (None, Decimal("0.005"))),
    ),
    "personality": (
        Decimal("100"),
        Decimal("500"),
        (
            (Decimal("50000"), Decimal("0")),
            (Decimal("100000"), Decimal("0.01")),
            (None, Decimal("0.005")),
        ),
    ),
    "non-property": (Decimal("50"), Decimal("100"), None),
    "ip": (Decimal("500"), Decimal("1000"), None),
    "administrative": (Decimal("50"), Decimal("50"), None),
    "administrative-ip": (Decimal("100"), Decimal("100"), None),
    "jurisdiction": (Decimal("50"), Decimal("100"), None),
}
CASES_WITH_AMOUNT = ("divorce", "personality", "ip")


def _brackets(amount: Decimal, brackets, start: Decimal) -> tuple[Decimal, list[Step]]:
    """The fee on ``amount`` above ``start`` by ``brackets``, with one step per bracket used."""
    fee, steps, lower = Decimal("0"), [], start
    for upper, rate in brackets:
        if amount <= lower:
            break
        top = amount if upper is None else min(amount, upper)
        part = top - lower
        if rate:
            share = part * rate
            fee += share
            steps.append(
                Step("bracket", {"lower": lower, "upper": top, "part": part,
                                 "rate": percent_text(rate), "fee": share})
            )  # fmt: skip
        lower = top if upper is None else upper
    return fee, steps


def _property_fee(amount: Decimal) -> tuple[Decimal, list[Step]]:
    limit, flat = FIRST_BRACKET
    steps = [Step("first_bracket", {"limit": limit, "fee": flat})]
    more, bracket_steps = _brackets(amount, PROPERTY_BRACKETS, limit)
    return flat + more, steps + bracket_steps


def court_fee(
    *, amount: Decimal | None = None, case: str | None = None, procedure: str = "ordinary"
) -> Calculation:
    """The acceptance fee of one case.

    :param amount: the amount claimed (property case) or, with ``case`` ``divorce``,
        ``personality`` or ``ip``, the property to divide, the damages claimed, the IP claim.
    :param case: a kind of :data:`CASE_KINDS`; None is a property case (``amount`` required).
    :param procedure: one of :data:`PROCEDURES`; all but ``ordinary`` halve the fee.
    :returns: figures ``fee`` (the lowest fee) and ``fee_max`` (the highest, equal to ``fee`` when
        the law fixes one figure), in yuan.
    :raises CalcInputError: an unknown case or procedure, or an amount missing or not allowed.
    """
    if procedure not in PROCEDURES:
        raise CalcInputError("procedure", "unknown_choice")
    basis = [LawArticle(LAW, 13)]
    if case is None:
        if amount is None:
            raise CalcInputError("amount", "required")
        low, steps = _property_fee(amount)
        high = low
        steps.insert(0, Step("property_case", {"amount": amount}))
    elif case not in CASE_KINDS:
        raise CalcInputError("case", "unknown_choice")
    elif case == "ip" and amount is not None:
        low, steps = _property_fee(amount)
        high = low
        steps.insert(0, Step("ip_with_amount", {"amount": amount}))
    else:
        if amount is not None and case not in CASES_WITH_AMOUNT:
            raise CalcInputError("amount", "not_for_case")
        low, high, extra = CASE_KINDS[case]
        steps = [Step(f"case_{case.replace('-', '_')}", {"low": low, "high": high})]
        if amount is not None and extra:
            more, extra_steps = _brackets(amount, extra, Decimal("0"))
            steps.append(Step("amount_of_case", {"amount": amount}))
            steps.extend(extra_steps or [Step("no_extra", {"amount": amount})])
            low, high = low + more, high + more
    if procedure != "ordinary":
        low, high = low / 2, high / 2
        steps.append(Step(f"halved_{procedure}", {"low": low, "high": high}))
        basis.append(LawArticle(LAW, HALVING_ARTICLE[procedure]))
    low, high = to_fen(low), to_fen(high)
    steps.append(Step("total" if low == high else "total_range", {"low": low, "high": high}))
    return Calculation({"fee": low, "fee_max": high}, steps, basis)
