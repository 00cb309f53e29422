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


def test_a_day_without_year_takes_the_year_written_before_it_in_the_paragraph():
    from claimgraph.dates import find_dates

    text = ("Le 3 mars 2011, des manifestants ont été arrêtés. Le lendemain, la police a tiré. "
            "Puis le 6 mars, l'armée est entrée dans la ville.")
    values = {d.text: d.value for d in find_dates(text, "fr", "2019-10-02")}
    assert values == {"3 mars 2011": "2011-03-03", "Le lendemain": "2011-03-04", "6 mars": "2011-03-06"}


def test_a_day_without_year_is_the_latest_one_not_after_publication():
    from claimgraph.dates import find_dates

    [day] = find_dates("The strike on January 9 destroyed the depot.", "en", "2020-09-11")
    assert day.value == "2020-01-09"


def test_months_and_relative_days():
    from claimgraph.dates import find_dates

    values = {d.text: d.value for d in find_dates(
        "Floods hit the valley in November and again in March 2019. Two days ago the river rose; "
        "yesterday it fell.", "en", "2020-06-15")}
    assert values["in November"] == "2019-11" and values["in March 2019"] == "2019-03"
    assert values["Two days ago"] == "2020-06-13" and values["yesterday"] == "2020-06-14"
    values = {d.text: d.value for d in find_dates(
        "Fin novembre, un incendie a éclaté. Le procès, prévu le 7 mai, a été reporté par respect pour "
        "les victimes de l'explosion trois jours plus tôt.", "fr", "2020-06-15")}
    assert values["Fin novembre"] == "2019-11" and values["trois jours plus tôt"] == "2020-05-04"


def test_an_undated_sentence_takes_the_day_its_paragraph_was_talking_about():
    from conftest import claims_of

    text = ("Le 2 mars, trois personnes ont été blessées par un homme armé d'un couteau à Lille. "
            "L'assaillant a été tué par la police.")
    cas = sorted((c for c in claims_of(text, "fr", date="2020-06-22") if c.kind == "casualty"), key=lambda c: c.start)
    assert [(c.count_min, c.outcome, c.date) for c in cas] == [(3, "injured", "2020-03-02"), (1, "killed", "2020-03-02")]
