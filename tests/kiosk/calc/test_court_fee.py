"""Court fees by the 诉讼费用交纳办法, against figures worked out by hand from Arts. 13, 15 and 16."""

from decimal import Decimal

import pytest

from kiosk.calc import CalcInputError, court_fee

D = Decimal

PROPERTY = [
    # amount, fee: 50 up to 10,000, then the rate of each bracket on the part inside it
    ("1", "50"),
    ("10000", "50"),
    ("10000.01", "50.00"),  # 0.01 x 2.5 % = 0.00025: rounds away
    ("10040", "51"),  # 50 + 40 x 2.5 %
    ("50000", "1050"),  # 50 + 40,000 x 2.5 %
    ("100000", "2300"),  # 50 + 90,000 x 2.5 %
    ("123456.78", "2769.14"),  # 2,300 + 23,456.78 x 2 % = 2,769.1356
    ("200000", "4300"),  # + 100,000 x 2 %
    ("500000", "8800"),  # + 300,000 x 1.5 %
    ("1000000", "13800"),  # + 500,000 x 1 %
    ("2000000", "22800"),  # + 1,000,000 x 0.9 %
    ("5000000", "46800"),  # + 3,000,000 x 0.8 %
    ("10000000", "81800"),  # + 5,000,000 x 0.7 %
    ("20000000", "141800"),  # + 10,000,000 x 0.6 %
    ("30000000", "191800"),  # + 10,000,000 x 0.5 %
]


@pytest.mark.parametrize(("amount", "fee"), PROPERTY)
def test_property_case_brackets(amount, fee):
    result = court_fee(amount=D(amount))
    assert result.figures == {"fee": D(fee), "fee_max": D(fee)}
    assert [a.article for a in result.basis] == [13]


@pytest.mark.parametrize(
    ("amount", "procedure", "fee", "article"),
    [
        ("100000", "simple", "1150", 16),
        ("10040", "simple", "25.50", 16),
        ("10000", "mediated", "25", 15),
        ("1000000", "withdrawn", "6900", 15),
    ],
)
def test_mediation_withdrawal_and_simple_procedure_halve_the_fee(amount, procedure, fee, article):
    result = court_fee(amount=D(amount), procedure=procedure)
    assert result.figures["fee"] == D(fee)
    assert [a.article for a in result.basis] == [13, article]


CASES = [
    # case, amount, procedure, lowest, highest
    ("labor", None, "ordinary", "10", "10"),
    ("labor", None, "simple", "5", "5"),
    ("divorce", None, "ordinary", "50", "300"),
    ("divorce", "200000", "ordinary", "50", "300"),  # property up to 200,000: nothing more
    ("divorce", "200001", "ordinary", "50.01", "300.01"),  # 1 x 0.5 % = 0.005, half up
    ("divorce", "300000", "ordinary", "550", "800"),  # + 100,000 x 0.5 %
    ("divorce", "300000", "mediated", "275", "400"),
    ("personality", "50000", "ordinary", "100", "500"),
    ("personality", "80000", "ordinary", "400", "800"),  # + 30,000 x 1 %
    ("personality", "150000", "ordinary", "850", "1250"),  # + 500 + 50,000 x 0.5 %
    ("non-property", None, "ordinary", "50", "100"),
    ("ip", None, "ordinary", "500", "1000"),
    ("ip", "100000", "ordinary", "2300", "2300"),  # with an amount: a property case
    ("administrative", None, "ordinary", "50", "50"),
    ("administrative-ip", None, "ordinary", "100", "100"),
    ("jurisdiction", None, "ordinary", "50", "100"),
]


@pytest.mark.parametrize(("case", "amount", "procedure", "low", "high"), CASES)
def test_non_property_cases(case, amount, procedure, low, high):
    result = court_fee(case=case, amount=None if amount is None else D(amount), procedure=procedure)
    assert result.figures == {"fee": D(low), "fee_max": D(high)}


@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({}, "amount", "required"),
        ({"case": "labor", "amount": D("100")}, "amount", "not_for_case"),
        ({"case": "murder"}, "case", "unknown_choice"),
        ({"amount": D("100"), "procedure": "fast"}, "procedure", "unknown_choice"),
    ],
)
def test_bad_input_names_the_figure(kwargs, field, reason):
    with pytest.raises(CalcInputError) as raised:
        court_fee(**kwargs)
    assert (raised.value.field, raised.value.reason) == (field, reason)


def test_steps_show_the_residents_numbers():
    from contract.i18n import Translator

    answer = court_fee(amount=D("50000"), procedure="simple").as_json(Translator("zh_CN"))
    assert answer["steps"] == [
        "财产案件，请求金额 50,000 元。",
        "不超过 10,000 元的部分，每件交纳 50 元。",
        "10,000 元至 50,000 元的部分 40,000 元 × 2.5% = 1,000 元。",
        "适用简易程序审理，减半交纳：525 元。",
        "案件受理费合计约 525 元。",
    ]
    assert answer["basis"] == [
        {"law": "诉讼费用交纳办法", "article": 13},
        {"law": "诉讼费用交纳办法", "article": 16},
    ]
    assert "12348" in answer["notice"]
