"""The demo directory of load_demo: every region, several kinds of help, clearly synthetic, plus
the real 111 line pinned first; a second run changes nothing."""

import io

import pytest

from directory import demo
from directory.models import Phone, Region, Service, ServiceArea, ServiceAttribute

pytestmark = pytest.mark.django_db


def test_the_demo_directory_is_complete_synthetic_and_loads_twice_to_the_same_rows():
    # One test: loading the demo takes about ten seconds.
    demo.load(io.StringIO())
    check_the_real_111_line_is_there_in_every_language_pinned_free_and_day_and_night()
    check_every_region_has_services_of_several_kinds()
    check_every_other_service_is_clearly_synthetic()
    before = sorted(Service.objects.values_list("translation_key", "locale__language_code", "name"))
    phones = Phone.objects.count()
    demo.load(io.StringIO())
    assert sorted(Service.objects.values_list("translation_key", "locale__language_code", "name")) == before
    assert Phone.objects.count() == phones


def check_the_real_111_line_is_there_in_every_language_pinned_free_and_day_and_night():
    helpline = Service.objects.filter(translation_key=demo.HELPLINE_KEY)
    assert sorted(helpline.values_list("locale__language_code", flat=True)) == ["en", "kk", "ru"]
    assert all(s.pinned and s.nationwide and s.open_24_7 and s.is_free and s.anonymous for s in helpline)
    assert Service.objects.filter(pinned=True).count() == 3, "111 is the only pinned service"
    numbers = set(Phone.objects.filter(service__in=helpline).values_list("number", "free_of_charge"))
    assert ("111", True) in numbers


def check_every_region_has_services_of_several_kinds():
    regions = set(Region.objects.values_list("code", flat=True))
    assert len(regions) == 20
    kinds_by_region: dict[str, set[str]] = {}
    for code, service in ServiceArea.objects.filter(service__locale__language_code="kk").values_list(
        "region__code", "service"
    ):
        kinds_by_region.setdefault(code, set()).update(
            ServiceAttribute.objects.filter(service=service).values_list("taxonomy_term__code", flat=True)
        )
    assert set(kinds_by_region) == regions
    assert all(len(kinds) >= 3 for kinds in kinds_by_region.values()), kinds_by_region
    assert len(set().union(*kinds_by_region.values())) >= 5


def check_every_other_service_is_clearly_synthetic():
    others = Service.objects.exclude(translation_key=demo.HELPLINE_KEY)
    assert others.exists()
    for name, language in others.values_list("name", "locale__language_code"):
        assert ("(демо)" if language in ("kk", "ru") else "(demo)") in name, name
    numbers = Phone.objects.filter(service__in=others).values_list("number", flat=True)
    assert numbers and all(number.startswith("+7 000") for number in numbers), "no real operator's numbers"

