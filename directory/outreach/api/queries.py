"""Which rows the API shows, in which language.

Directory content is translatable: each language is its own row sharing a ``translation_key``.
The API names every record by that key, so an id is the same in every language, and it shows
the row in the requested language, or the default language's row where no translation exists.
"""

import math
import uuid
from collections.abc import Callable, Iterator
from operator import attrgetter

from django.conf import settings
from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Replace, Sin, Sqrt, Upper

from directory import selectors
from directory.models import Location, Organization, Service, ServiceAtLocation, ServiceStatus, Taxonomy, TaxonomyTerm


def in_language(rows: QuerySet, language: str) -> QuerySet:
    """One row per translation_key: the ``language`` row, else the default language's row."""
    default = settings.LANGUAGE_CODE
    if language == default:
        return rows.filter(locale__language_code=default)
    translated = rows.filter(locale__language_code=language, translation_key=OuterRef("translation_key"))
    return rows.filter(Q(locale__language_code=language) | (Q(locale__language_code=default) & ~Exists(translated)))


def public_services() -> QuerySet[Service]:
    """Published and active rows in every language: drafts, inactive, defunct and closed
    services are never shown."""
    return Service.objects.filter(live=True, status=ServiceStatus.ACTIVE)


def services(language: str) -> QuerySet[Service]:
    """One row per public service, in ``language`` where translated (the directory's own rule)."""
    return selectors.public_services(language_code=language)


def organizations(language: str) -> QuerySet[Organization]:
    """Organisations that provide at least one public service."""
    providing = public_services().values("organization__translation_key")
    return in_language(Organization.objects.filter(translation_key__in=providing), language)


def locations(language: str) -> QuerySet[Location]:
    return in_language(Location.objects.all(), language)


def taxonomies(language: str) -> QuerySet[Taxonomy]:
    return in_language(Taxonomy.objects.all(), language)


def taxonomy_terms(language: str) -> QuerySet[TaxonomyTerm]:
    return in_language(TaxonomyTerm.objects.all(), language)


def service_at_locations(language: str) -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(service__in=services(language))


# --- postcode and proximity (openapi.json, components.parameters: postcode, proximity) ----------
#
# The directory has no table of postcode areas or centroids for Kazakhstan, and a service's area is
# a region, not a set of postcodes. So a postcode is matched against the postal codes of the
# directory's own addresses, and its centroid is the mean position of the public locations that
# have it: an estimate that is only as good as the directory's coverage of that postcode, which
# the API's landing response says.

EARTH_RADIUS_METRES = 6_371_008.8  # the mean radius (IUGG)


def normalised_postcode(field: str):
    """A postal code column as ``params.normal_postcode`` writes a postcode: no spaces or hyphens,
    in capitals, so '050 000' and 'a05a0y0' find '050000' and 'A05A0Y0'."""
    return Upper(Replace(Replace(F(field), Value(" "), Value("")), Value("-"), Value("")))


def in_postcode(links: QuerySet[ServiceAtLocation], postcode: str) -> QuerySet[ServiceAtLocation]:
    """Services at a location whose address has ``postcode`` (already normalised)."""
    return links.alias(postcode=normalised_postcode("location__postal_code")).filter(postcode=postcode)


def postcode_centroid(postcode: str) -> tuple[float, float] | None:
    """The mean latitude and longitude of the public locations with ``postcode`` (normalised), or
    None when none of them has coordinates. One query; each location counts once whatever its
    translations (coordinates and postal code are synchronised across them), averaged here
    because a postcode holds a handful of the directory's locations."""
    public = ServiceAtLocation.objects.filter(service__in=public_services()).values("location__translation_key")
    rows = (
        Location.objects.filter(translation_key__in=public, latitude__isnull=False, longitude__isnull=False)
        .alias(postcode=normalised_postcode("postal_code"))
        .filter(postcode=postcode)
        .values_list("translation_key", "latitude", "longitude")
    )
    points = {key: (float(latitude), float(longitude)) for key, latitude, longitude in rows}
    if not points:
        return None
    return (
        sum(latitude for latitude, _ in points.values()) / len(points),
        sum(longitude for _, longitude in points.values()) / len(points),
    )


def distance_from(latitude: float, longitude: float, *, prefix: str = "location__"):
    """The great-circle (haversine) distance in metres from a point to a location, in SQL, so the
    database can filter, count and order by it (SQLite gets these functions from Django)."""
    lat = Radians(Cast(F(f"{prefix}latitude"), FloatField()))
    lon = Radians(Cast(F(f"{prefix}longitude"), FloatField()))
    lat0, lon0 = math.radians(latitude), math.radians(longitude)
    half_chord = Power(Sin((lat - Value(lat0)) / 2), 2) + Value(math.cos(lat0)) * Cos(lat) * Power(
        Sin((lon - Value(lon0)) / 2), 2
    )
    return Value(2 * EARTH_RADIUS_METRES) * ASin(Sqrt(half_chord), output_field=FloatField())


def within(
    links: QuerySet[ServiceAtLocation], centre: tuple[float, float], metres: float
) -> QuerySet[ServiceAtLocation]:
    """Services at a location no further than ``metres`` from ``centre``, nearest first; locations
    without coordinates are left out. A box around the centre is tested first: plain comparisons
    that spare the trigonometry for rows far away."""
    latitude, longitude = centre
    degrees_lat = math.degrees(metres / EARTH_RADIUS_METRES)
    cos_lat = math.cos(math.radians(latitude))
    degrees_lon = 180.0 if cos_lat < 1e-6 else min(180.0, degrees_lat / cos_lat)
    boxed = links.filter(
        location__latitude__gte=latitude - degrees_lat,
        location__latitude__lte=latitude + degrees_lat,
    )
    # A box that would wrap round the antimeridian (or a pole) gets no longitude test: Kazakhstan
    # is far from both, but stay correct.
    if degrees_lon < 180.0 and longitude - degrees_lon >= -180 and longitude + degrees_lon <= 180:
        boxed = boxed.filter(
            location__longitude__gte=longitude - degrees_lon, location__longitude__lte=longitude + degrees_lon
        )
    return (
        boxed.filter(location__longitude__isnull=False)
        .annotate(distance=distance_from(latitude, longitude))
        .filter(distance__lte=metres)
    )


# --- streaming (format=ndjson) ------------------------------------------------------------------

STREAM_CHUNK_SIZE = 500


def in_chunks(
    rows: QuerySet | list, key: str, *, size: int | None = None, key_of_row: Callable | None = None
) -> Iterator[list]:
    """Every row of ``rows``, ``size`` at a time, ordered by the unique field ``key``.

    Each chunk is its own query that starts after the last key seen (keyset paging), so memory
    holds one chunk, each chunk costs the same few queries however far the stream has gone (no
    growing OFFSET), and prefetch_related works per chunk. No server-side cursor stays open
    while the client reads. A list (small vocabularies matched in Python) is sliced.
    """
    size = size or STREAM_CHUNK_SIZE
    if isinstance(rows, list):
        for start in range(0, len(rows), size):
            yield rows[start : start + size]
        return
    key_of_row = key_of_row or attrgetter(key)
    rows = rows.order_by(key)
    last = None
    while True:
        chunk = list((rows if last is None else rows.filter(**{f"{key}__gt": last}))[:size])
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        last = key_of_row(chunk[-1])


def key_of(model, value: uuid.UUID) -> uuid.UUID | None:
    """The translation key for an id: ids are translation keys, but a row's own id is accepted too."""
    row = model._default_manager.filter(Q(translation_key=value) | Q(pk=value)).values("translation_key").first()
    return row["translation_key"] if row else None
