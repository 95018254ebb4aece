"""The directory of help services, shaped on Open Referral HSDS 3.0 (see ../shared/hsds/).

Field names follow the HSDS tables so that the open-data API can map them one to one.

Every "content" model below is a wagtail-localize translatable snippet (``TranslatableMixin``):
each language (kk, ru, en) is its own row sharing a ``translation_key``. Codes that identify
things across languages (``Region.code``, ``TaxonomyTerm.code``) are the same in every row, so
filters and URLs use codes, never row ids.

- ``Region``: one of Kazakhstan's 17 regions or 3 cities of republican significance, with its
  ISO 3166-2:KZ ``code`` (and the alphabetic ``former_code`` still used by accounts). Data,
  loaded by a data migration, editable.
- ``Taxonomy`` / ``TaxonomyTerm``: the "kind of help" vocabulary (psychological, legal, medical,
  shelter, helpline, police, social, education); HSDS taxonomy and taxonomy_term.
- ``Organization``: who provides services (HSDS organization).
- ``Location``: a place where services are given, with address text and coordinates
  (HSDS location + its physical address folded in: address_1, city, region, postal_code, country).
- ``Service``: a help service (HSDS service) with eligibility ages, ``is_free``, ``anonymous``,
  ``status``, ``alert``, ``assured_date`` / ``assurer_email``, ``nationwide``, ``open_24_7`` and
  ``pinned`` (the 111 line: shown first on every directory page). Has draft/live state.
  Its children (modelcluster orderables, copied into translations):
  - ``ServiceAtLocation``: the service delivered at a Location (HSDS service_at_location).
  - ``Phone``: voice, SMS or messenger contact; free of charge; 24/7 (HSDS phone).
  - ``Schedule``: weekly opening hours, one row per weekday and interval (HSDS schedule, freq WEEKLY).
  - ``ServiceArea``: a region the service covers (HSDS service_area); ``Service.nationwide`` covers all.
  - ``ServiceLanguage``: a language the service is given in (HSDS language, ISO 639-1 code).
  - ``ServiceAttribute``: a taxonomy term classifying the service (HSDS attribute).
- ``SearchWord``: every word of the services' search documents, for expanding typed prefixes.
"""

from .organizations import Location, Organization
from .regions import Region
from .search_words import SearchWord
from .services import (
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceLanguage,
    ServiceStatus,
)
from .taxonomy import Taxonomy, TaxonomyTerm

__all__ = [
    "Location",
    "Organization",
    "Phone",
    "Region",
    "Schedule",
    "SearchWord",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceAttribute",
    "ServiceLanguage",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
]
