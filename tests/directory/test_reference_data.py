import pytest

from directory.models import Region, TaxonomyTerm
from directory.selectors import region_by_code

pytestmark = pytest.mark.django_db


def test_seventeen_regions_and_three_cities_in_every_language():
    for language in ("kk", "ru", "en"):
        regions = Region.objects.filter(locale__language_code=language)
        assert regions.filter(kind="region").count() == 17
        assert set(regions.filter(kind="city").values_list("code", flat=True)) == {"KZ-71", "KZ-75", "KZ-79"}


def test_regions_are_found_by_current_or_former_iso_code():
    assert region_by_code(language_code="ru", code="KZ-ALA").name == "Алматы"
    assert region_by_code(language_code="en", code="kz-11").name == "Akmola Region"


def test_the_eight_kinds_of_help_exist_in_every_language():
    codes = {"psychological", "legal", "medical", "shelter", "helpline", "police", "social", "education"}
    for language in ("kk", "ru", "en"):
        assert set(TaxonomyTerm.objects.filter(locale__language_code=language).values_list("code", flat=True)) == codes
