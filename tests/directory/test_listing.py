import pytest

from directory.listing import choose_listed
from directory.models import Service
from directory.selectors import ServiceFilters, search_services

from .factories import make_service

pytestmark = pytest.mark.django_db


def names(language):
    return {s.name for s in search_services(language_code=language, filters=ServiceFilters())}


def test_choose_listed_prefers_the_language_then_kazakh_russian_english():
    rows = [(1, "ru", True), (2, "en", True)]
    assert choose_listed(rows) == {"kk": 1, "ru": 1, "en": 2}
    assert choose_listed([(1, "kk", False), (2, "ru", True)]) == {"kk": 2, "ru": 2, "en": 2}
    assert choose_listed([(1, "kk", False)]) == {"kk": None, "ru": None, "en": None}


def test_unpublishing_a_translation_falls_back_to_kazakh():
    service = make_service(locales=("kk", "ru"), names={"kk": "Көмек", "ru": "Помощь"})
    assert names("ru") == {"Помощь"}
    russian = Service.objects.get(translation_key=service.translation_key, locale__language_code="ru")
    russian.unpublish()
    assert names("ru") == {"Көмек"}
    assert names("kk") == {"Көмек"}


def test_deleting_the_kazakh_row_lists_the_russian_one_everywhere():
    service = make_service(locales=("kk", "ru"), names={"kk": "Көмек", "ru": "Помощь"})
    Service.objects.get(translation_key=service.translation_key, locale__language_code="kk").delete()
    assert names("kk") == {"Помощь"}
    assert names("en") == {"Помощь"}


def test_a_defunct_service_disappears_in_every_language():
    service = make_service(locales=("kk", "ru"), names={"kk": "Көмек", "ru": "Помощь"})
    for row in Service.objects.filter(translation_key=service.translation_key):
        row.status = "defunct"
        row.save()
    assert names("kk") == names("ru") == names("en") == set()
