"""HSDS 3.0 JSON for directory records (shapes in ../shared/hsds: service.json and friends).

Every record's ``id`` is its translation key, the same in every language; children of a
service (phones, schedules...) keep their own row ids. Empty optional fields are left out
rather than sent as "" or null, which the HSDS schemas do not allow for typed fields. The
verifier's email (``assurer_email``) is a staff member's address and is not published.
"""

import uuid
from functools import cached_property

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from directory.models import (
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from directory.models.services import LANGUAGE_CHOICES

from ..selectors import region_names
from . import queries

# Ids of records the API derives (the 24/7 schedule, the free-of-charge cost option...).
DERIVED = uuid.UUID("6f1d1f8e-7a8e-4d0c-9a53-2b1f0c5e1111")
TIMEZONE_OFFSET = 5  # Asia/Almaty, UTC+5 all year since 2024
PHONE_TYPES = {Phone.Kind.VOICE: "voice", Phone.Kind.SMS: "text", Phone.Kind.MESSENGER: "messaging"}
ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"

SERVICE_PREFETCH = [
    "phones",
    "schedules",
    "languages",
    Prefetch("service_areas", queryset=ServiceArea.objects.select_related("region")),
    Prefetch("attributes", queryset=ServiceAttribute.objects.select_related("taxonomy_term")),
    Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location__region")),
]

# What a fully nested service_at_location reads of its service.
SERVICE_AT_LOCATION_PREFETCH = [
    "service__phones",
    "service__schedules",
    Prefetch("service__attributes", queryset=ServiceAttribute.objects.select_related("taxonomy_term")),
]


def derived_id(*parts) -> str:
    return str(uuid.uuid5(DERIVED, ":".join(str(part) for part in parts)))


def compact(data: dict, *, keep: tuple[str, ...] = ()) -> dict:
    """Drop empty optional values; ``keep`` names required fields that stay even when blank."""
    return {key: value for key, value in data.items() if key in keep or value not in (None, "", [])}


def time_text(value) -> str:
    return value.strftime("%H:%M")


class Serializer:
    """Turns rows into HSDS objects in one language. Lookups it needs (region names, the terms of
    the taxonomy, translations of organisations and locations) are loaded once per request."""

    def __init__(self, *, language: str):
        self.language = language

    # --- lookups -------------------------------------------------------------------------------

    @cached_property
    def regions(self) -> dict[str, str]:
        return region_names(language=self.language)

    @cached_property
    def terms(self) -> dict[uuid.UUID, TaxonomyTerm]:
        rows = queries.taxonomy_terms(self.language).select_related("taxonomy", "parent", "locale")
        return {term.translation_key: term for term in rows}

    @cached_property
    def language_names(self) -> dict[str, str]:
        with translation.override(self.language):
            return {code: str(name) for code, name in LANGUAGE_CHOICES}

    def organizations_for(self, services: list[Service]) -> dict[uuid.UUID, Organization]:
        keys = {service.organization.translation_key for service in services}
        rows = queries.in_language(Organization.objects.filter(translation_key__in=keys), self.language)
        return {row.translation_key: row for row in rows}

    def locations_for(self, links: list[ServiceAtLocation]) -> dict[uuid.UUID, Location]:
        keys = {link.location.translation_key for link in links}
        rows = queries.in_language(
            Location.objects.filter(translation_key__in=keys).select_related("region", "organization"), self.language
        )
        return {row.translation_key: row for row in rows}

    # --- services ------------------------------------------------------------------------------

    def service_core(self, service: Service, organization: Organization | None = None) -> dict:
        organization = organization or service.organization
        return compact(
            {
                "id": str(service.translation_key),
                "organization_id": str(organization.translation_key),
                "name": service.name,
                "alternate_name": service.alternate_name,
                "description": service.description,
                "url": service.url,
                "email": service.email,
                "status": service.status,
                "interpretation_services": service.interpretation_services,
                "application_process": service.application_process,
                "fees_description": service.fees_description,
                "eligibility_description": service.eligibility_description,
                "minimum_age": service.minimum_age,
                "maximum_age": service.maximum_age,
                "assured_date": service.assured_date.isoformat() if service.assured_date else None,
                "alert": service.alert,
                "last_modified": service.updated_at.isoformat(),
            },
            keep=("id", "name", "status"),
        )

    @staticmethod
    def service_minimal(rows: list[tuple]) -> list[dict]:
        """minimal=true: "just service 'id' and 'modified_date'" (openapi.json), from
        (translation_key, updated_at) pairs; modified_date is what ``last_modified`` holds."""
        return [{"id": str(key), "modified_date": updated_at.isoformat()} for key, updated_at in rows]

    def service_list(self, services: list[Service]) -> list[dict]:
        organizations = self.organizations_for(services)
        items = []
        for service in services:
            organization = organizations.get(service.organization.translation_key, service.organization)
            items.append(
                self.service_core(service, organization) | {"organization": self.organization_core(organization)}
            )
        return items

    def service_full_list(self, services: list[Service]) -> list[dict]:
        organizations = self.organizations_for(services)
        locations = self.locations_for([link for service in services for link in service.service_at_locations.all()])
        return [
            self.service_full(
                service, organizations.get(service.organization.translation_key, service.organization), locations
            )
            for service in services
        ]

    def service_full(self, service: Service, organization: Organization, locations: dict) -> dict:
        service_id = str(service.translation_key)
        data = self.service_core(service, organization)
        data["organization"] = self.organization_core(organization)
        data["phones"] = [self.phone(phone, service_id) for phone in service.phones.all()]
        data["schedules"] = self.schedules(service, service_id)
        data["service_areas"] = self.service_areas(service, service_id)
        data["service_at_locations"] = [
            self.service_at_location_core(link, service_id, locations) for link in service.service_at_locations.all()
        ]
        data["languages"] = [
            compact(
                {
                    "id": str(row.id),
                    "service_id": service_id,
                    "name": self.language_names.get(row.code, row.code),
                    "code": row.code,
                    "note": row.note,
                },
                keep=("id",),
            )
            for row in service.languages.all()
        ]
        data["attributes"] = self.attributes(service, service_id)
        if service.is_free:
            data["cost_options"] = [
                {
                    "id": derived_id(service_id, "free"),
                    "service_id": service_id,
                    "option": _("Free of charge"),
                    "amount": 0,
                    "currency": "KZT",
                }
            ]
        return compact(data, keep=("id", "name", "status"))

    def phone(self, phone: Phone, service_id: str) -> dict:
        notes = [phone.get_messenger_display() if phone.messenger else "", phone.link, phone.description]
        if phone.free_of_charge:
            notes.append(_("free call"))
        if phone.open_24_7:
            notes.append(_("24/7"))
        extension = int(phone.extension) if phone.extension.isdigit() else None
        if phone.extension and extension is None:
            notes.append(phone.extension)
        return compact(
            {
                "id": str(phone.id),
                "service_id": service_id,
                "number": phone.number,
                "extension": extension,
                "type": PHONE_TYPES.get(phone.kind, "voice"),
                "description": " · ".join(note for note in notes if note),
            },
            keep=("id", "number"),
        )

    def schedules(self, service: Service, service_id: str) -> list[dict]:
        if service.open_24_7:
            return [
                {
                    "id": derived_id(service_id, "24/7"),
                    "service_id": service_id,
                    "freq": "WEEKLY",
                    "byday": ALL_DAYS,
                    "opens_at": "00:00",
                    "closes_at": "23:59",
                    "timezone": TIMEZONE_OFFSET,
                    "description": _("Open 24 hours a day, 7 days a week"),
                }
            ]
        return [
            compact(
                {
                    "id": str(row.id),
                    "service_id": service_id,
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": row.byday,
                    "opens_at": time_text(row.opens_at),
                    "closes_at": time_text(row.closes_at),
                    "timezone": TIMEZONE_OFFSET,
                    "description": row.description,
                },
                keep=("id",),
            )
            for row in service.schedules.all()
        ]

    def service_areas(self, service: Service, service_id: str) -> list[dict]:
        if service.nationwide:
            return [
                {
                    "id": derived_id(service_id, "KZ"),
                    "service_id": service_id,
                    "name": _("Kazakhstan"),
                    "extent": "KZ",
                    "extent_type": "text",
                }
            ]
        return [
            compact(
                {
                    "id": str(area.id),
                    "service_id": service_id,
                    "name": self.regions.get(area.region.code, area.region.name),
                    "extent": area.region.code,
                    "extent_type": "text",
                    "description": area.description,
                },
                keep=("id",),
            )
            for area in service.service_areas.all()
        ]

    def attributes(self, service: Service, service_id: str) -> list[dict]:
        items = []
        for attribute in service.attributes.all():
            term = self.terms.get(attribute.taxonomy_term.translation_key, attribute.taxonomy_term)
            items.append(
                {
                    "id": str(attribute.id),
                    "link_id": service_id,
                    "link_entity": "service",
                    "link_type": "kind_of_help",
                    "taxonomy_term_id": str(term.translation_key),
                    "taxonomy_term": self.taxonomy_term(term),
                }
            )
        if service.anonymous:
            items.append(
                {
                    "id": derived_id(service_id, "anonymous"),
                    "link_id": service_id,
                    "link_entity": "service",
                    "link_type": "anonymous",
                    "value": "true",
                }
            )
        return items

    # --- locations -----------------------------------------------------------------------------

    def service_at_location_core(self, link: ServiceAtLocation, service_id: str, locations: dict) -> dict:
        location = locations.get(link.location.translation_key, link.location)
        return compact(
            {
                "id": str(link.id),
                "service_id": service_id,
                "location_id": str(location.translation_key),
                "description": link.description,
                "location": self.location(location),
            },
            keep=("id",),
        )

    def location(self, location: Location, *, with_address: bool = True) -> dict:
        location_id = str(location.translation_key)
        data = {
            "id": location_id,
            "location_type": location.location_type,
            "organization_id": str(location.organization.translation_key),
            "name": location.name,
            "alternate_name": location.alternate_name,
            "description": location.description,
            "transportation": location.transportation,
            "url": location.url,
            "latitude": float(location.latitude) if location.latitude is not None else None,
            "longitude": float(location.longitude) if location.longitude is not None else None,
        }
        if with_address and (location.address_1 or location.city):
            region = location.region
            data["addresses"] = [
                compact(
                    {
                        "id": derived_id(location_id, "address"),
                        "location_id": location_id,
                        "address_1": location.address_1,
                        "address_2": location.address_2,
                        "city": location.city,
                        "state_province": self.regions.get(region.code, region.name) if region else "",
                        "postal_code": location.postal_code,
                        "country": location.country,
                        "address_type": "physical",
                    },
                    keep=("id", "address_1", "city", "state_province", "postal_code", "country", "address_type"),
                )
            ]
        return compact(data, keep=("id", "location_type"))

    def service_at_location_list(self, links: list[ServiceAtLocation]) -> list[dict]:
        locations = self.locations_for(links)
        services = [link.service for link in links]
        organizations = self.organizations_for(services)
        items = []
        for link in links:
            service = link.service
            organization = organizations.get(service.organization.translation_key, service.organization)
            core = self.service_core(service, organization)
            item = self.service_at_location_core(link, core["id"], locations)
            item["location"] = self.location(
                locations.get(link.location.translation_key, link.location), with_address=False
            )
            item["service"] = core | {"organization": self.organization_core(organization)}
            items.append(item)
        return items

    def service_at_location_full(self, link: ServiceAtLocation) -> dict:
        return self.service_at_location_full_list([link])[0]

    def service_at_location_full_list(self, links: list[ServiceAtLocation]) -> list[dict]:
        """Fully nested service_at_location objects; links come with SERVICE_AT_LOCATION_PREFETCH.
        Organisations and locations are looked up once for all the links."""
        organizations = self.organizations_for([link.service for link in links])
        locations = self.locations_for(links)
        items = []
        for link in links:
            service = link.service
            organization = organizations.get(service.organization.translation_key, service.organization)
            core = self.service_core(service, organization)
            service_id = core["id"]
            item = self.service_at_location_core(link, service_id, locations)
            item["phones"] = [self.phone(phone, service_id) for phone in service.phones.all()]
            item["schedules"] = self.schedules(service, service_id)
            item["attributes"] = self.attributes(service, service_id)
            item["service"] = core | {"organization": self.organization_core(organization)}
            items.append(compact(item, keep=("id",)))
        return items

    # --- organisations and taxonomy ------------------------------------------------------------

    def organization_core(self, organization: Organization) -> dict:
        return compact(
            {
                "id": str(organization.translation_key),
                "name": organization.name,
                "alternate_name": organization.alternate_name,
                "description": organization.description,
                "email": organization.email,
                "website": organization.website,
                "legal_status": organization.legal_status,
            },
            keep=("id", "name", "description"),
        )

    def organization_full(self, organization: Organization, services: list[Service], *, full_service: bool) -> dict:
        return self.organization_full_list([organization], services, full_service=full_service)[0]

    def organization_full_list(
        self, organizations: list[Organization], services: list[Service], *, full_service: bool
    ) -> list[dict]:
        """Fully nested organisations with ``services`` (their public services, with
        SERVICE_PREFETCH when ``full_service``) and their locations, in one query for all."""
        keys = [organization.translation_key for organization in organizations]
        by_organization: dict[uuid.UUID, list[Service]] = {key: [] for key in keys}
        for service in services:
            by_organization.setdefault(service.organization.translation_key, []).append(service)
        locations: dict[uuid.UUID, list[Location]] = {key: [] for key in keys}
        rows = queries.locations(self.language).filter(organization__translation_key__in=keys)
        for location in rows.select_related("organization").order_by("name", "translation_key"):
            locations[location.organization.translation_key].append(location)
        full_services = (
            {item["id"]: item for item in self.service_full_list(services)} if full_service and services else {}
        )
        items = []
        for organization in organizations:
            key = organization.translation_key
            data = self.organization_core(organization)
            if full_service:
                data["services"] = [full_services[str(service.translation_key)] for service in by_organization[key]]
            else:
                data["services"] = [self.service_core(service, organization) for service in by_organization[key]]
            data["locations"] = [self.location(location, with_address=False) for location in locations[key]]
            items.append(compact(data, keep=("id", "name", "description")))
        return items

    def taxonomy(self, taxonomy: Taxonomy) -> dict:
        return compact(
            {
                "id": str(taxonomy.translation_key),
                "name": taxonomy.name,
                "description": taxonomy.description,
                "uri": taxonomy.uri,
            },
            keep=("id", "name", "description"),
        )

    def taxonomy_term(self, term: TaxonomyTerm) -> dict:
        parent = self.terms.get(term.parent.translation_key) if term.parent_id else None
        return compact(
            {
                "id": str(term.translation_key),
                "code": term.code,
                "name": term.name,
                "description": term.description,
                "parent_id": str(parent.translation_key if parent else term.parent.translation_key)
                if term.parent_id
                else None,
                "taxonomy": term.taxonomy.name,
                "taxonomy_id": str(term.taxonomy.translation_key),
                "language": term.locale.language_code,
                "term_uri": term.term_uri,
            },
            keep=("id", "name", "description"),
        )
