"""Fill a database with N synthetic help services for benchmarks (never for real sites).

    DATABASE_URL=sqlite:///var/bench-10k.sqlite3 .venv/bin/python bench/directory_fill.py 10000

Migrates the database, loads the home page demo (site and helpline settings), adds the pinned 111
line and N services spread over every region and kind of help, in Kazakh with a Russian
translation for every third one, and indexes them for search. Rows are bulk-inserted: the
normal save path (revisions, one service at a time) would take hours at 100k.
"""

import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from wagtail.models import Locale  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from directory.models import (  # noqa: E402
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
from directory.search import filter_tokens, record_words, terms  # noqa: E402

WORDS_KK = (
    "көмек", "бала", "отбасы", "кеңес", "орталық", "психолог", "заңгер", "қолдау",
    "жасөспірім", "мектеп", "денсаулық", "қауіпсіздік", "құқық", "баспана", "әлеуметтік",
)
WORDS_RU = (
    "помощь", "ребёнок", "семья", "консультация", "центр", "психолог", "юрист", "поддержка",
    "подросток", "школа", "здоровье", "безопасность", "право", "приют", "социальная",
)
BATCH = 2000
WORKDAYS = ("MO", "TU", "WE", "TH", "FR")
# Filler words so that a real word matches a realistic share of services, not most of them.
SYLLABLES = ("ба", "ла", "қа", "ту", "ра", "ми", "со", "ке", "не", "да", "ро", "жы", "ли", "ша", "гу")
FILLER = [a + b + c for a in SYLLABLES for b in SYLLABLES[:6] for c in SYLLABLES[:4]]


def main(count: int) -> None:
    rng = random.Random(count)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from cms.home.demo import load as load_home
    from directory.demo import _helpline
    from directory.services import save_service

    load_home(sys.stdout)
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    for language in ("kk", "ru", "en"):
        save_service(translation_key=uuid.UUID(int=111), language_code=language, data=_helpline(language))
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    regions = {code: list(Region.objects.filter(locale=locales[code])) for code in ("kk", "ru")}
    kinds = {code: list(TaxonomyTerm.objects.filter(locale=locales[code])) for code in ("kk", "ru")}
    organizations = {
        code: Organization.objects.bulk_create(
            [Organization(name=f"Бенч ұйым {n}", locale=locales[code]) for n in range(200)]
        )
        for code in ("kk", "ru")
    }
    backend = get_search_backend()
    index = backend.get_index_for_model(Service)
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            rows = []
            for n in range(made, made + size):
                key = uuid.uuid4()
                region_index = rng.randrange(len(regions["kk"]))
                kind_index = rng.randrange(len(kinds["kk"]))
                translated = n % 3 == 0
                for code in ("kk", "ru") if translated else ("kk",):
                    words = WORDS_KK if code == "kk" else WORDS_RU
                    region, kind = regions[code][region_index], kinds[code][kind_index]
                    name = f"{kind.name} {region.name} {n}"
                    description = " ".join(rng.choices(words, k=2) + rng.choices(FILLER, k=10))
                    service = Service(
                        translation_key=key, locale=locales[code], live=True, name=name, description=description,
                        organization=organizations[code][n % 200], minimum_age=rng.choice([None, 0, 6, 12, 14]),
                        maximum_age=rng.choice([None, 18, 24]), is_free=rng.random() < 0.8,
                        anonymous=rng.random() < 0.4, open_24_7=rng.random() < 0.1,
                        nationwide=rng.random() < 0.01, assured_date=dt.date(2026, 1, 1),
                        search_document=" ".join(terms(f"{name} {description}")),  # + filter tokens below
                        # The rule of directory.listing: each language shows its own row, else Kazakh.
                        listed_kk=code == "kk", listed_en=code == "kk",
                        listed_ru=code == "ru" or not translated,
                    )
                    rows.append((service, region, kind, code))
            for service, region, kind, _code in rows:
                # The filter tokens directory.search.document_for adds on a normal save.
                service.search_document += " " + " ".join(filter_tokens(
                    region_codes=[region.code], nationwide=service.nationwide, kind_codes=[kind.code],
                    languages=("kk", "ru"), is_free=service.is_free, anonymous=service.anonymous,
                    open_24_7=service.open_24_7,
                    schedules=[] if service.open_24_7 else [(day, dt.time(9), dt.time(18)) for day in WORKDAYS],
                ))
            Service.objects.bulk_create([row[0] for row in rows])
            # The words a typed prefix is expanded to, as Service.save records them.
            record_words(row[0].search_document for row in rows)
            children = {model: [] for model in (ServiceArea, ServiceAttribute, ServiceLanguage, Phone, Schedule)}
            locations, links = [], []
            for service, region, kind, _code in rows:
                children[ServiceArea].append(ServiceArea(service=service, region=region))
                children[ServiceAttribute].append(ServiceAttribute(service=service, taxonomy_term=kind))
                children[ServiceLanguage] += [ServiceLanguage(service=service, code=code) for code in ("kk", "ru")]
                children[Phone].append(Phone(service=service, number="+7 000 000 0000", free_of_charge=True))
                if not service.open_24_7:
                    children[Schedule] += [
                        Schedule(service=service, byday=day, opens_at=dt.time(9), closes_at=dt.time(18))
                        for day in WORKDAYS
                    ]
                location = Location(
                    organization=service.organization, locale=service.locale, name=service.name[:200],
                    address_1="Бенч көшесі, 1", region=region,
                    latitude=(region.latitude or Decimal(0)) + Decimal(rng.randrange(-500, 500)) / 10000,
                    longitude=(region.longitude or Decimal(0)) + Decimal(rng.randrange(-500, 500)) / 10000,
                )
                locations.append(location)
                links.append(ServiceAtLocation(service=service, location=location))
            Location.objects.bulk_create(locations)
            ServiceAtLocation.objects.bulk_create(links)
            for model, objects in children.items():
                model.objects.bulk_create(objects)
            index.add_items(Service, [row[0] for row in rows])
        made += size
        print(f"{made} services ({time.perf_counter() - started:.0f} s)", flush=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Done: {Service.objects.count()} service rows in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
