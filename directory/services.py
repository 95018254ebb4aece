"""Business rules of the directory: saving a service with everything attached, CSV import and export.

The CSV has one row per service and language. Rows sharing an ``id`` are translations of the same
service (the id is the service's ``translation_key``). Import is all-or-nothing: every row is
checked first and, if any is bad, nothing is written and every problem is reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from . import front_cache
from .models import (
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
    ServiceStatus,
    TaxonomyTerm,
)
from .models.services import LANGUAGE_CHOICES, phone_number

KEY_NAMESPACE = uuid.UUID("0f4a3c52-94a4-4a57-8d0c-7a8f6b0e2d91")
CONTENT_LANGUAGES = ("kk", "ru", "en")
WEEKDAYS = [code for code, _label in Schedule.Weekday.choices]


@dataclass
class PhoneData:
    kind: str
    number: str = ""
    messenger: str = ""
    link: str = ""
    free_of_charge: bool = False
    open_24_7: bool = False
    description: str = ""


@dataclass
class HoursData:
    byday: str
    opens_at: dt.time
    closes_at: dt.time


@dataclass
class LocationData:
    name: str
    address_1: str = ""
    city: str = ""
    region_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass
class ServiceData:
    """Everything about one service in one language."""

    name: str
    organization_name: str
    kinds: list[str]
    region_codes: list[str] = field(default_factory=list)
    nationwide: bool = False
    description: str = ""
    alternate_name: str = ""
    status: str = ServiceStatus.ACTIVE
    alert: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    is_free: bool = True
    anonymous: bool = False
    open_24_7: bool = False
    languages: list[str] = field(default_factory=list)
    phones: list[PhoneData] = field(default_factory=list)
    hours: list[HoursData] = field(default_factory=list)
    location: LocationData | None = None
    url: str = ""
    email: str = ""
    eligibility_description: str = ""
    application_process: str = ""
    assured_date: dt.date | None = None
    assurer_email: str = ""
    live: bool = True
    pinned: bool | None = None  # None keeps the current value


SERVICE_FIELDS = (
    "name", "alternate_name", "description", "status", "alert", "minimum_age", "maximum_age", "is_free",
    "anonymous", "nationwide", "open_24_7", "url", "email", "eligibility_description",
    "application_process", "assured_date", "assurer_email",
)


def organization_key(name: str) -> uuid.UUID:
    """The translation key of the organisation called ``name`` (the same in every language)."""
    return uuid.uuid5(KEY_NAMESPACE, f"organization:{name.casefold()}")


def location_key(service_key: uuid.UUID) -> uuid.UUID:
    """The translation key of the location a service's CSV row describes."""
    return uuid.uuid5(KEY_NAMESPACE, f"location:{service_key}")


class Vocabulary:
    """Every kind of help and region, read once, looked up by code for a row's language.

    A code names the same thing in every language; the row in the service's own language is
    used where it exists, else the row of the first locale (by id) that has the code.
    """

    def __init__(self) -> None:
        self._terms = self._by_code(TaxonomyTerm.objects.order_by("locale_id", "pk"), ("code",))
        self._regions = self._by_code(Region.objects.order_by("locale_id", "pk"), ("code", "former_code"))

    @staticmethod
    def _by_code(rows, attributes) -> dict[tuple[int | None, str], object]:
        found: dict[tuple[int | None, str], object] = {}
        for row in rows:
            for attribute in attributes:
                code = getattr(row, attribute)
                if code:
                    found.setdefault((row.locale_id, code), row)
                    found.setdefault((None, code), row)  # the first locale's row: the fallback
        return found

    def term(self, code: str, locale: Locale) -> TaxonomyTerm:
        return self._terms.get((locale.pk, code)) or self._terms[(None, code)]

    def region(self, code: str, locale: Locale) -> Region:
        return self._regions.get((locale.pk, code)) or self._regions[(None, code)]

    def region_or_none(self, code: str, locale: Locale) -> Region | None:
        return self._regions.get((locale.pk, code)) or self._regions.get((None, code))


def apply_service_data(
    service: Service, data: ServiceData, *, organization: Organization, location: Location | None,
    vocabulary: Vocabulary,
) -> None:
    """Set ``service``'s fields and (in memory, saved with it) its children from ``data``."""
    for name in SERVICE_FIELDS:
        setattr(service, name, getattr(data, name))
    if data.pinned is not None:
        service.pinned = data.pinned
    service.organization = organization
    service.live = data.live
    locale = service.locale
    service.attributes = [ServiceAttribute(taxonomy_term=vocabulary.term(code, locale)) for code in data.kinds]
    service.service_areas = [ServiceArea(region=vocabulary.region(code, locale)) for code in data.region_codes]
    service.languages = [ServiceLanguage(code=code) for code in data.languages]
    service.phones = [
        Phone(
            kind=p.kind, number=p.number, messenger=p.messenger, link=p.link,
            free_of_charge=p.free_of_charge, open_24_7=p.open_24_7, description=p.description,
        )
        for p in data.phones
    ]
    service.schedules = [Schedule(byday=h.byday, opens_at=h.opens_at, closes_at=h.closes_at) for h in data.hours]
    service.service_at_locations = [ServiceAtLocation(location=location)] if location is not None else []


def apply_location_data(
    location: Location, data: LocationData, *, organization: Organization, vocabulary: Vocabulary
) -> None:
    location.organization = organization
    location.name = data.name
    location.address_1 = data.address_1
    location.city = data.city
    location.region = vocabulary.region_or_none(data.region_code, location.locale) if data.region_code else None
    location.latitude = data.latitude
    location.longitude = data.longitude


def _organization(*, name: str, locale: Locale, key: uuid.UUID) -> Organization:
    organization = Organization.objects.filter(locale=locale).filter(Q(translation_key=key) | Q(name=name)).first()
    if organization is None:
        return Organization.objects.create(name=name, locale=locale, translation_key=key)
    if organization.name != name:
        organization.name = name
        organization.save(update_fields=["name", "updated_at"])
    return organization


@transaction.atomic
def save_service(*, translation_key: uuid.UUID, language_code: str, data: ServiceData, user=None) -> Service:
    """Create or update the ``language_code`` row of the service ``translation_key`` and publish it.

    One service at a time, through the models' own save paths (signals included). A CSV import
    does the same for many services at once in directory.batch.save_services.
    """
    locale = Locale.objects.get(language_code=language_code)
    vocabulary = Vocabulary()
    organization = _organization(
        name=data.organization_name, locale=locale, key=organization_key(data.organization_name)
    )
    service = Service.objects.filter(translation_key=translation_key, locale=locale).first()
    if service is None:
        service = Service(translation_key=translation_key, locale=locale)
    location = None
    if data.location is not None:
        key = location_key(translation_key)
        location = Location.objects.filter(translation_key=key, locale=locale).first() or Location(
            translation_key=key, locale=locale
        )
        apply_location_data(location, data.location, organization=organization, vocabulary=vocabulary)
        location.save()
    apply_service_data(service, data, organization=organization, location=location, vocabulary=vocabulary)
    service.save()
    # A revision records who changed what; the row itself is already saved with its live state,
    # so the revision is marked live directly instead of publishing it (which saves everything twice).
    revision = service.save_revision(user=user, clean=False)
    if data.live:
        now = timezone.now()
        Service.objects.filter(pk=service.pk).update(
            live_revision=revision, has_unpublished_changes=False, last_published_at=now,
            first_published_at=service.first_published_at or now,
        )
    return service


# --- CSV ---------------------------------------------------------------------------------------

COLUMNS = [
    "id", "language", "name", "alternate_name", "organization", "description", "status", "alert",
    "kinds", "regions", "minimum_age", "maximum_age", "free", "anonymous", "open_24_7", "languages",
    "phone", "phone_free", "phone_24_7", "sms", "whatsapp", "telegram", "hours",
    "location_name", "address", "city", "latitude", "longitude", "url", "email",
    "eligibility", "how_to_get_help", "assured_date", "assurer_email", "published",
]
REQUIRED_COLUMNS = ["language", "name", "organization", "kinds", "regions"]
YES = {"yes", "y", "true", "1", "да", "иә", "ия", "иа"}
NO = {"no", "n", "false", "0", "нет", "жоқ", ""}
NATIONWIDE = {"nationwide", "kz", "все", "вся страна", "барлық өңір", "бүкіл ел"}
HOURS_PART = re.compile(
    r"^(?P<first>[A-Z]{2})(?:\s*-\s*(?P<last>[A-Z]{2}))?\s+(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2})$"
)


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


class _RowParser:
    """Turns one CSV row into ServiceData, collecting every problem instead of stopping at the first."""

    def __init__(self, row_number: int, row: dict[str, str], *, kinds: set[str], regions: dict[str, str]):
        self.row_number = row_number
        self.row = {key: (value or "").strip() for key, value in row.items() if key}
        self.errors: list[RowError] = []
        self.kinds = kinds
        self.regions = regions

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row_number, column, message))

    def text(self, column: str, *, required: bool = False, max_length: int = 255) -> str:
        value = self.row.get(column, "")
        if required and not value:
            self.error(column, _("This value is required."))
        elif len(value) > max_length:
            self.error(column, _("At most %(limit)d characters (this has %(count)d).") % {
                "limit": max_length, "count": len(value)})
        return value

    def boolean(self, column: str, default: bool = False) -> bool:
        value = self.row.get(column, "").casefold()
        if value == "":
            return default
        if value in YES:
            return True
        if value not in NO:
            self.error(column, _("Write “yes” or “no”, not “%(value)s”.") % {"value": self.row[column]})
        return False

    def age(self, column: str) -> int | None:
        value = self.row.get(column, "")
        if not value:
            return None
        if not value.isdigit() or int(value) > 120:
            self.error(column, _("Write an age in whole years from 0 to 120, not “%(value)s”.") % {"value": value})
            return None
        return int(value)

    def listing(self, column: str) -> list[str]:
        return [part.strip() for part in re.split(r"[;,]", self.row.get(column, "")) if part.strip()]

    def coordinate(self, column: str, limit: int) -> Decimal | None:
        value = self.row.get(column, "").replace(",", ".")
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) > limit:
            self.error(column, _("Write a number between -%(limit)d and %(limit)d, not “%(value)s”.") % {
                "limit": limit, "value": value})
            return None
        return number.quantize(Decimal("0.000001"))

    def validated(self, column: str, validator) -> str:
        value = self.text(column)
        if value:
            try:
                validator(value)
            except ValidationError as error:
                self.error(column, " ".join(error.messages))
        return value

    def phones(self) -> list[PhoneData]:
        phones = []
        free, always = self.boolean("phone_free"), self.boolean("phone_24_7")
        for kind, column in ((Phone.Kind.VOICE, "phone"), (Phone.Kind.SMS, "sms")):
            for number in self.listing(column):
                try:
                    phone_number(number)
                except ValidationError:
                    self.error(column, _("“%(value)s” is not a phone number.") % {"value": number})
                phones.append(PhoneData(
                    kind=kind, number=number, free_of_charge=free and kind == Phone.Kind.VOICE,
                    open_24_7=always and kind == Phone.Kind.VOICE,
                ))
        for messenger in (Phone.Messenger.WHATSAPP, Phone.Messenger.TELEGRAM):
            for link in self.listing(messenger.value):
                try:
                    URLValidator(schemes=["https"])(link)
                except ValidationError:
                    self.error(messenger.value, _("“%(value)s” is not an https:// link.") % {"value": link})
                phones.append(PhoneData(kind=Phone.Kind.MESSENGER, messenger=messenger.value, link=link))
        return phones

    def hours(self) -> list[HoursData]:
        hours = []
        for part in [p.strip() for p in self.row.get("hours", "").split(";") if p.strip()]:
            match = HOURS_PART.match(part.upper())
            times = None
            if match:
                try:
                    times = (
                        dt.time.fromisoformat(match["opens"].zfill(5)),
                        dt.time.fromisoformat(match["closes"].zfill(5)),
                    )
                except ValueError:
                    times = None
            first, last = (match["first"], match["last"] or match["first"]) if match else ("", "")
            if times is None or first not in WEEKDAYS or last not in WEEKDAYS:
                self.error("hours", _(
                    "Could not read “%(value)s”. Write days and times like “MO-FR 09:00-18:00; SA 10:00-14:00”."
                ) % {"value": part})
                continue
            for day in WEEKDAYS[WEEKDAYS.index(first): WEEKDAYS.index(last) + 1]:
                hours.append(HoursData(byday=day, opens_at=times[0], closes_at=times[1]))
        return hours

    def parse(self) -> tuple[uuid.UUID | None, str, ServiceData | None]:
        key = None
        if self.row.get("id"):
            try:
                key = uuid.UUID(self.row["id"])
            except ValueError:
                self.error("id", _("“%(value)s” is not a valid id; leave it empty for a new service.") % {
                    "value": self.row["id"]})
        language = self.row.get("language", "").lower()
        if language not in CONTENT_LANGUAGES:
            self.error("language", _("Write kk, ru or en, not “%(value)s”.") % {"value": self.row.get("language", "")})
        status = self.row.get("status", "") or ServiceStatus.ACTIVE
        if status not in ServiceStatus.values:
            self.error("status", _("Write one of: %(choices)s.") % {"choices": ", ".join(ServiceStatus.values)})
        kinds = self.listing("kinds")
        if not kinds:
            self.error("kinds", _("Give at least one kind of help."))
        for code in kinds:
            if code not in self.kinds:
                self.error("kinds", _("Unknown kind of help “%(value)s”. Use: %(choices)s.") % {
                    "value": code, "choices": ", ".join(sorted(self.kinds))})
        region_values = self.listing("regions")
        nationwide = any(value.casefold() in NATIONWIDE for value in region_values)
        region_codes = []
        for value in region_values:
            if value.casefold() in NATIONWIDE:
                continue
            code = self.regions.get(value.upper())
            if code is None:
                self.error("regions", _("Unknown region “%(value)s”: use ISO codes such as KZ-75, or “nationwide”.") % {
                    "value": value})
            elif code not in region_codes:
                region_codes.append(code)
        if not region_values:
            self.error("regions", _("Give at least one region code, or “nationwide”."))
        languages = [code.lower() for code in self.listing("languages")]
        known = {code for code, _label in LANGUAGE_CHOICES}
        for code in languages:
            if code not in known:
                self.error("languages", _("Unknown language “%(value)s”. Use: %(choices)s.") % {
                    "value": code, "choices": ", ".join(sorted(known))})
        minimum_age, maximum_age = self.age("minimum_age"), self.age("maximum_age")
        if minimum_age is not None and maximum_age is not None and minimum_age > maximum_age:
            self.error("maximum_age", _("The maximum age is lower than the minimum age."))
        assured = None
        if self.row.get("assured_date"):
            try:
                assured = dt.date.fromisoformat(self.row["assured_date"])
            except ValueError:
                self.error("assured_date", _("Write the date as YYYY-MM-DD, not “%(value)s”.") % {
                    "value": self.row["assured_date"]})
            else:
                if assured > timezone.localdate():
                    self.error("assured_date", _("The date is in the future."))
        latitude, longitude = self.coordinate("latitude", 90), self.coordinate("longitude", 180)
        if (latitude is None) != (longitude is None) and not self.errors_for("latitude", "longitude"):
            missing = "longitude" if longitude is None else "latitude"
            self.error(missing, _("Give both latitude and longitude, or neither."))
        organization = self.text("organization", required=True)
        address, city = self.text("address"), self.text("city", max_length=100)
        location = None
        if address or city or latitude is not None:
            location = LocationData(
                name=self.text("location_name") or organization,
                address_1=address,
                city=city,
                region_code=region_codes[0] if region_codes else "",
                latitude=latitude,
                longitude=longitude,
            )
        data = ServiceData(
            name=self.text("name", required=True),
            alternate_name=self.text("alternate_name"),
            organization_name=organization,
            description=self.text("description", max_length=5000),
            status=status,
            alert=self.text("alert", max_length=500),
            kinds=kinds,
            region_codes=region_codes,
            nationwide=nationwide,
            minimum_age=minimum_age,
            maximum_age=maximum_age,
            is_free=self.boolean("free", default=True),
            anonymous=self.boolean("anonymous"),
            open_24_7=self.boolean("open_24_7"),
            languages=languages,
            phones=self.phones(),
            hours=self.hours(),
            location=location,
            url=self.validated("url", URLValidator(schemes=["http", "https"])),
            email=self.validated("email", EmailValidator()),
            eligibility_description=self.text("eligibility"),
            application_process=self.text("how_to_get_help", max_length=5000),
            assured_date=assured,
            assurer_email=self.validated("assurer_email", EmailValidator()),
            live=self.boolean("published", default=True),
        )
        return key, language, (None if self.errors else data)

    def errors_for(self, *columns: str) -> bool:
        return any(error.field in columns for error in self.errors)


def _read_rows(content: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    sample = content[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample.splitlines()[0] if sample else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # Rows are numbered as a spreadsheet shows them (the header is row 1), not by the file's
    # lines: a description may hold line breaks, and a blank line is a row too.
    reader = csv.reader(io.StringIO(content), dialect=dialect)
    header = [name.strip() for name in next(reader, [])]
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values[: len(header)]):
            continue
        rows.append((number, dict(zip(header, values, strict=False))))
    return header, rows


def decode_upload(raw: bytes) -> str | None:
    """The text of an uploaded CSV (UTF-8, with or without BOM, or Windows-1251 from old Excel)."""
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def import_services_csv(*, content: str, dry_run: bool, user=None, max_rows: int | None = None) -> ImportReport:
    """Check every row of ``content``; write them all (unless ``dry_run``) only if none is bad.

    ``max_rows``: refuse a longer file (the admin view must answer within the app server's timeout).
    """
    report = ImportReport(dry_run=dry_run)
    header, rows = _read_rows(content)
    if max_rows is not None and len(rows) > max_rows:
        report.errors.append(RowError(rows[max_rows][0], "", _(
            "At most %(limit)d rows can be imported at once here; this file has %(count)d. "
            "Split it into smaller files."
        ) % {"limit": max_rows, "count": len(rows)}))
        return report
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        report.errors.append(RowError(1, ", ".join(missing), _("These columns are missing from the first row.")))
        return report
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        report.errors.append(RowError(1, ", ".join(unknown), _("Unknown columns; expected: %(columns)s.") % {
            "columns": ", ".join(COLUMNS)}))
        return report
    if not rows:
        report.errors.append(RowError(2, "", _("The file has no rows to import.")))
        return report
    kinds = set(TaxonomyTerm.objects.values_list("code", flat=True))
    regions: dict[str, str] = {}
    for code, former in Region.objects.values_list("code", "former_code"):
        regions[code] = code
        if former:
            regions[former] = code
    parsed = []
    seen: dict[tuple, int] = {}
    for row_number, row in rows:
        parser = _RowParser(row_number, row, kinds=kinds, regions=regions)
        key, language, data = parser.parse()
        if key is not None and language:
            if (key, language) in seen:
                message = _("Row %(row)d already has this id in this language.") % {"row": seen[key, language]}
                parser.error("id", message)
                data = None
            seen[(key, language)] = row_number
        report.errors.extend(parser.errors)
        parsed.append((key, language, data))
    report.rows = len(parsed)
    existing = {
        (key, code)
        for key, code in Service.objects.filter(translation_key__in=[key for key, _l, _d in parsed if key]).values_list(
            "translation_key", "locale__language_code"
        )
    }
    report.created = sum(1 for key, language, _d in parsed if (key, language) not in existing)
    report.updated = report.rows - report.created
    if report.errors or dry_run:
        return report
    from .batch import ServiceRow, save_services  # batch builds on this module

    save_services(
        [ServiceRow(key or uuid.uuid4(), language, data) for key, language, data in parsed], user=user
    )
    return report


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def export_services_csv(*, services=None) -> str:
    """Every service row (all languages) in the import's shape."""
    from .selectors import with_details

    services = with_details(services if services is not None else Service.objects.all()).select_related(
        "locale"
    ).order_by("translation_key", "locale__language_code")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for service in services:
        phones = list(service.phones.all())
        voice = [p for p in phones if p.kind == Phone.Kind.VOICE]
        locations = [link.location for link in service.service_at_locations.all()]
        location = locations[0] if locations else None
        writer.writerow({
            "id": str(service.translation_key),
            "language": service.locale.language_code,
            "name": service.name,
            "alternate_name": service.alternate_name,
            "organization": service.organization.name,
            "description": service.description,
            "status": service.status,
            "alert": service.alert,
            "kinds": "; ".join(a.taxonomy_term.code for a in service.attributes.all()),
            "regions": "; ".join(
                (["nationwide"] if service.nationwide else []) + [a.region.code for a in service.service_areas.all()]
            ),
            "minimum_age": "" if service.minimum_age is None else service.minimum_age,
            "maximum_age": "" if service.maximum_age is None else service.maximum_age,
            "free": _yes(service.is_free),
            "anonymous": _yes(service.anonymous),
            "open_24_7": _yes(service.open_24_7),
            "languages": "; ".join(language.code for language in service.languages.all()),
            "phone": "; ".join(p.number for p in voice),
            "phone_free": _yes(bool(voice) and all(p.free_of_charge for p in voice)),
            "phone_24_7": _yes(bool(voice) and all(p.open_24_7 for p in voice)),
            "sms": "; ".join(p.number for p in phones if p.kind == Phone.Kind.SMS),
            "whatsapp": "; ".join(p.link for p in phones if p.messenger == Phone.Messenger.WHATSAPP and p.link),
            "telegram": "; ".join(p.link for p in phones if p.messenger == Phone.Messenger.TELEGRAM and p.link),
            "hours": "; ".join(
                f"{s.byday} {s.opens_at:%H:%M}-{s.closes_at:%H:%M}"
                for s in sorted(service.schedules.all(), key=lambda s: (WEEKDAYS.index(s.byday), s.opens_at))
            ),
            "location_name": location.name if location else "",
            "address": location.address_1 if location else "",
            "city": location.city if location else "",
            "latitude": "" if location is None or location.latitude is None else location.latitude,
            "longitude": "" if location is None or location.longitude is None else location.longitude,
            "url": service.url,
            "email": service.email,
            "eligibility": service.eligibility_description,
            "how_to_get_help": service.application_process,
            "assured_date": service.assured_date.isoformat() if service.assured_date else "",
            "assurer_email": service.assurer_email,
            "published": _yes(service.live),
        })
    return out.getvalue()


@transaction.atomic
def mark_verified(*, service: Service, user, today: dt.date | None = None) -> None:
    """Record that ``service`` (in every language) was checked today by ``user``.

    A change like any other: ``updated_at`` moves (the API's ``last_modified`` and
    ``modified_after``, the card cache's key) and the service's pages are purged."""
    today = today or timezone.localdate()
    Service.objects.filter(translation_key=service.translation_key).update(
        assured_date=today, assurer_email=getattr(user, "email", "") or "", updated_at=timezone.now()
    )
    front_cache.purge_after_commit([service.translation_key])
