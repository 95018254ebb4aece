"""SearchWord holds every word of the search documents; PostgreSQL searches expand typed
prefixes to those words (directory.selectors._expansions) and find exactly what the prefixes find."""

import datetime as dt

import pytest
from django.db import connection

from directory import selectors
from directory.models import SearchWord, Service
from directory.search import MARK
from directory.selectors import ALMATY, ServiceFilters, result_keys

from .factories import make_service

pytestmark = pytest.mark.django_db

WEDNESDAY_NOON = dt.datetime(2026, 11, 25, 12, 0, tzinfo=ALMATY)
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="prefixes are expanded on PostgreSQL")


def document_words() -> set[str]:
    return {
        word
        for document in Service.objects.values_list("search_document", flat=True)
        for word in document.split()
        if not word.startswith(MARK)
    }


def test_every_word_of_every_saved_document_is_a_search_word():
    make_service(names={"kk": "Психологиялық көмек орталығы"})
    make_service(locales=("kk", "ru"), names={"kk": "Заң кеңесі", "ru": "Юридическая консультация"}, kinds=["legal"])
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert document_words() <= words
    assert not any(word.startswith(MARK) for word in words)


def test_a_renamed_service_adds_its_new_words():
    service = make_service(names={"kk": "Көмек"})
    service.name = "Жаңашыл кеңесші"
    service.save()
    assert document_words() <= set(SearchWord.objects.values_list("word", flat=True))


def test_a_bulk_import_adds_its_words():
    from directory.batch import save_services

    from .test_csv_batch import rows

    save_services(rows())
    assert document_words() <= set(SearchWord.objects.values_list("word", flat=True))


def _keys(filters: ServiceFilters) -> list:
    return list(result_keys(language_code="kk", filters=filters, now=WEDNESDAY_NOON)[:101])


@postgresql_only
@pytest.mark.parametrize(
    "filters",
    [
        {"q": "көмек"},
        {"q": "komek ortalyq", "kind": "psychological"},
        {"q": "псих", "region": "KZ-75"},
        {"q": "кеңес", "free": True},
        {"q": "ж"},  # begins more words than are expanded: left a prefix
        {"q": "жоқсөз"},  # begins no word
    ],
)
def test_expanded_prefixes_find_what_the_prefixes_find(filters, monkeypatch):
    for number in range(6):
        make_service(
            names={"kk": f"Көмек орталығы {number}", "ru": f"Помощь {number}"},
            description="Психологиялық көмек, заң кеңесі, жастар жұмысы" if number % 2 else "Жедел желі",
            kinds=["psychological"] if number % 3 else ["legal"],
            is_free=number % 2 == 0,
        )
    SearchWord.objects.bulk_create([SearchWord(word=f"zhword{n}") for n in range(selectors.EXPANSION_LIMIT + 1)])
    expanded = _keys(ServiceFilters(**filters))
    monkeypatch.setattr(selectors, "_expansions", lambda words: {})
    from directory import compiled

    compiled.forget()
    assert expanded == _keys(ServiceFilters(**filters))


@postgresql_only
def test_a_prefix_is_expanded_to_the_words_it_begins_unless_they_are_too_many():
    make_service(names={"kk": "Көмекші көмек"})
    SearchWord.objects.bulk_create([SearchWord(word=f"zhword{n}") for n in range(selectors.EXPANSION_LIMIT + 1)])
    expansions = selectors._expansions(["komek", "zhword", "nothinglikethis"])
    begun = sorted(word for word in document_words() if word.startswith("komek"))
    assert len(begun) >= 2  # the word and its stem for "көмекші"
    assert expansions["komek"] == begun
    # The same number of prefixes again runs the compiled query with the new ones.
    again = selectors._expansions(["zhword1", "komeksh", "nothing"])
    zhword1 = sorted(f"zhword{n}" for n in range(selectors.EXPANSION_LIMIT + 1) if f"zhword{n}".startswith("zhword1"))
    assert again == {"zhword1": zhword1, "komeksh": sorted(w for w in begun if w.startswith("komeksh"))}
    assert "zhword" not in expansions and "nothinglikethis" not in expansions
