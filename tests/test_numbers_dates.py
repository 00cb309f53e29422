import pytest

from claimgraph import dates
from claimgraph.extract import numbers


@pytest.mark.parametrize("words, language, value", [
    (["Fourteen"], "en", 14), (["vingt-deux"], "fr", 22), (["3,7", "millions"], "fr", 3_700_000),
    (["689,000"], "en", 689_000), (["une", "douzaine"], "fr", 12), (["a", "dozen"], "en", 12),
    (["1.5", "million"], "en", 1_500_000), (["twenty", "two"], "en", 22), (["cent", "vingt"], "fr", 120),
])
def test_number_words_and_digits(words, language, value):
    assert numbers.phrase_value(words, language) == value


@pytest.mark.parametrize("qualifier, expected", [
    (None, (22, 22)), ("min", (33, None)), ("min_plus_one", (31, None)), ("nearly", (3_600_000, 4_000_000)),
    ("about", (36, 44)), ("max", (None, 40)),
])
def test_bounds(qualifier, expected):
    value = {"nearly": 4_000_000, "about": 40, "max": 40, "min": 33, "min_plus_one": 30}.get(qualifier, 22)
    b = numbers.bounds(value, qualifier)
    assert (b.count_min, b.count_max) == expected


def test_explicit_dates_take_the_publication_year():
    found = dates.find_dates("Au moins 9 morts, mardi 3 mars, à Kaboul", "fr", "2021-03")
    assert [d.value for d in found] == ["2021-03-03"]
    found = dates.find_dates("a speech on Friday, January 8", "en", "2021-01-10")
    assert [d.value for d in found] == ["2021-01-08"]


def test_bare_weekday_resolves_against_document_then_publication_date():
    assert dates.resolve_weekday(1, ["2021-03-02"], "2021-03") == "2021-03-02"  # Tuesday in the document
    assert dates.resolve_weekday(4, [], "2021-03-10") == "2021-03-05"  # last Friday before publication
    assert dates.resolve_weekday(4, [], "2021-03") is None  # month-only publication date: unknown day
