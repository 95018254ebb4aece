"""Factories for the outreach tests (placements, posters, widget, API). Directory records are
made directly so these tests do not depend on another module's factories."""

import datetime
import uuid

import factory
from django.utils import timezone
from wagtail.models import Locale

from directory.models import (
    Location,
    Organization,
    Phone,
    Region,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceLanguage,
    TaxonomyTerm,
)
from directory.outreach.models import Placement, PlacementKind, PlacementScan


def locale(code: str = "kk") -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def region(code: str = "KZ-75", language: str = "kk") -> Region:
    return Region.objects.get(code=code, locale__language_code=language)


def term(code: str = "psychological", language: str = "kk") -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(code=code, locale__language_code=language)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Демо ұйым {n}")
    description = "Демо ұйым (синтетикалық дерек)."
    email = factory.Sequence(lambda n: f"org{n}@example.test")
    website = "https://example.test/org"
    locale = factory.LazyFunction(locale)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Демо орталық {n}")
    address_1 = "Абай даңғылы, 1"
    city = "Алматы"
    region = factory.LazyFunction(region)
    postal_code = "050000"
    latitude = "43.238900"
    longitude = "76.889700"
    locale = factory.LazyFunction(locale)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    kind = PlacementKind.SCHOOL
    name = factory.Sequence(lambda n: f"№{n} мектеп-гимназия")
    region = factory.LazyFunction(region)


def make_service(
    *,
    name: str = "Жасөспірімдерге психологиялық көмек",
    language: str = "kk",
    organization: Organization | None = None,
    regions: tuple[str, ...] = ("KZ-75",),
    nationwide: bool = False,
    terms: tuple[str, ...] = ("psychological",),
    phone: str = "+7 727 000 00 01",
    open_24_7: bool = False,
    pinned: bool = False,
    live: bool = True,
    status: str = "active",
    location: Location | None = None,
    translation_of: Service | None = None,
    **fields,
) -> Service:
    """A service with a phone, opening hours, a language, kinds of help, regions and (optionally)
    a location. ``translation_of`` makes it the ``language`` row of an existing service."""
    organization = organization or (translation_of.organization if translation_of else OrganizationFactory())
    service = Service(
        name=name,
        description=f"{name}: демо сипаттама.",
        organization=organization,
        locale=locale(language),
        nationwide=nationwide,
        open_24_7=open_24_7,
        pinned=pinned,
        live=live,
        status=status,
        minimum_age=fields.pop("minimum_age", 10),
        maximum_age=fields.pop("maximum_age", 18),
        assured_date=fields.pop("assured_date", datetime.date(2026, 9, 1)),
        assurer_email="editor@example.test",
        anonymous=fields.pop("anonymous", True),
        **fields,
    )
    if translation_of is not None:
        service.translation_key = translation_of.translation_key
    service.phones = [Phone(kind=Phone.Kind.VOICE, number=phone, free_of_charge=True, open_24_7=open_24_7)]
    service.schedules = [
        Schedule(byday=day, opens_at=datetime.time(9), closes_at=datetime.time(18)) for day in ("MO", "TU", "WE")
    ]
    service.languages = [ServiceLanguage(code="kk"), ServiceLanguage(code="ru")]
    service.attributes = [ServiceAttribute(taxonomy_term=term(code, language)) for code in terms]
    service.service_areas = [ServiceArea(region=region(code, language)) for code in regions]
    if location is not None:
        service.service_at_locations = [ServiceAtLocation(location=location, description="Кіре беріс ауладан")]
    service.save()
    return service


def scans(placement: Placement, *counts: tuple[datetime.date, int]) -> None:
    for day, count in counts:
        PlacementScan.objects.create(placement=placement, day=day, count=count)


def today() -> datetime.date:
    return timezone.localdate()


def new_key() -> uuid.UUID:
    return uuid.uuid4()
