from datetime import date

import pytest

from graph.dates import DateParser


@pytest.fixture(scope="module")
def parser(rules):
    return DateParser(rules.lexicon)


@pytest.mark.parametrize("sentence, published, expected", [
    ("held from January 18 to 20 in the city", "2025-02-10", ("2025-01-18", "2025-01-20", "date", "year")),
    ("scheduled for October 19-24, ending", None, ("--10-19", "--10-24", "gMonthDay", None)),
    ("في الفترة من 12 إلى 13 سبتمبر 2024 تحت", None, ("2024-09-12", "2024-09-13", "date", None)),
    ("was held in Tehran on Sunday, exploring", "2025-02-10", ("2025-02-09", None, "date", "day")),
    ("runs on 11-12 November 2018.", None, ("2018-11-11", "2018-11-12", "date", None)),
    ("من 27 إلى 29 مايو الحالي", "2006-05-19", ("2006-05-27", "2006-05-29", "date", "year")),
    ("يعقد الاجتماع يوم الأحد المقبل", "2024-03-06", ("2024-03-10", None, "date", "day")),
    ("Tehran: 11/11/2018", None, ("2018-11-11", None, "date", None)),
    ("the report of March 2021 says", None, ("2021-03", None, "gYearMonth", None)),
    ("said today that", "2003-10-26", ("2003-10-26", None, "date", "day")),
    ("the Summit will open on Monday", "2024-05-01", ("2024-05-06", None, "date", "day")),
])
def test_dates(parser, sentence, published, expected):
    values = parser.find(sentence, date.fromisoformat(published) if published else None)
    assert [(v.start, v.end, v.datatype, v.inferred) for v in values] == [expected]


def test_numbers_and_bare_years_are_not_dates(parser):
    assert parser.find("from 175,000 in 1978 to over 4 million", None) == []
    assert parser.find("an invalid 31 February 2020 date", None) == []


def test_weekday_without_publication_date_gives_nothing(parser):
    assert parser.find("met on Sunday", None) == []
