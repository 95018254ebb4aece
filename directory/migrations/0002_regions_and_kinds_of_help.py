"""Kazakhstan's 17 regions and 3 cities of republican significance, and the kinds of help.

Rows are made in kk, ru and en (one translation_key per region or term, derived from its code so
every database gets the same keys). Editors may rename them later; reversing deletes the rows
this migration made, found by code.
"""

import uuid

from django.db import migrations

NAMESPACE = uuid.UUID("5b0c8f1e-6a3e-4c55-9a57-6f2f4a1d0c11")

# code, former alphabetic code, slug, kind, (kk, ru, en), latitude, longitude of the centre
REGIONS = [
    ("KZ-10", "", "abai", "region", ("Абай облысы", "Область Абай", "Abai Region"), "50.411100", "80.227500"),
    ("KZ-11", "KZ-AKM", "akmola", "region", ("Ақмола облысы", "Акмолинская область", "Akmola Region"), "53.283300", "69.383300"),
    ("KZ-15", "KZ-AKT", "aktobe", "region", ("Ақтөбе облысы", "Актюбинская область", "Aktobe Region"), "50.283900", "57.166700"),
    ("KZ-19", "KZ-ALM", "almaty-region", "region", ("Алматы облысы", "Алматинская область", "Almaty Region"), "43.866700", "77.066700"),
    ("KZ-23", "KZ-ATY", "atyrau", "region", ("Атырау облысы", "Атырауская область", "Atyrau Region"), "47.094500", "51.923800"),
    ("KZ-27", "KZ-ZAP", "west-kazakhstan", "region", ("Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"), "51.233300", "51.366700"),
    ("KZ-31", "KZ-ZHA", "jambyl", "region", ("Жамбыл облысы", "Жамбылская область", "Jambyl Region"), "42.900000", "71.366700"),
    ("KZ-33", "", "jetisu", "region", ("Жетісу облысы", "Область Жетысу", "Jetisu Region"), "45.016700", "78.366700"),
    ("KZ-35", "KZ-KAR", "karaganda", "region", ("Қарағанды облысы", "Карагандинская область", "Karaganda Region"), "49.806700", "73.085300"),
    ("KZ-39", "KZ-KUS", "kostanay", "region", ("Қостанай облысы", "Костанайская область", "Kostanay Region"), "53.214400", "63.624600"),
    ("KZ-43", "KZ-KZY", "kyzylorda", "region", ("Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"), "44.852800", "65.509200"),
    ("KZ-47", "KZ-MAN", "mangystau", "region", ("Маңғыстау облысы", "Мангистауская область", "Mangystau Region"), "43.650000", "51.160000"),
    ("KZ-55", "KZ-PAV", "pavlodar", "region", ("Павлодар облысы", "Павлодарская область", "Pavlodar Region"), "52.287300", "76.967400"),
    ("KZ-59", "KZ-SEV", "north-kazakhstan", "region", ("Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan Region"), "54.866700", "69.150000"),
    ("KZ-61", "KZ-YUZ", "turkistan", "region", ("Түркістан облысы", "Туркестанская область", "Turkistan Region"), "43.297300", "68.251700"),
    ("KZ-62", "", "ulytau", "region", ("Ұлытау облысы", "Область Улытау", "Ulytau Region"), "47.783300", "67.700000"),
    ("KZ-63", "KZ-VOS", "east-kazakhstan", "region", ("Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"), "49.948300", "82.627900"),
    ("KZ-71", "KZ-AST", "astana", "city", ("Астана", "Астана", "Astana"), "51.169400", "71.449100"),
    ("KZ-75", "KZ-ALA", "almaty", "city", ("Алматы", "Алматы", "Almaty"), "43.238900", "76.889700"),
    ("KZ-79", "KZ-SHY", "shymkent", "city", ("Шымкент", "Шымкент", "Shymkent"), "42.341700", "69.590100"),
]

TAXONOMY = ("Көмек түрлері", "Виды помощи", "Kinds of help")
TERMS = [
    ("helpline", ("Сенім телефоны", "Телефон доверия", "Helpline")),
    ("psychological", ("Психологиялық көмек", "Психологическая помощь", "Psychological help")),
    ("legal", ("Заң көмегі", "Юридическая помощь", "Legal help")),
    ("medical", ("Медициналық көмек", "Медицинская помощь", "Medical help")),
    ("shelter", ("Баспана және дағдарыс орталығы", "Приют и кризисный центр", "Shelter and crisis centre")),
    ("police", ("Полиция және кәмелетке толмағандар ісі жөніндегі инспектор", "Полиция и инспектор по делам несовершеннолетних", "Police and juvenile inspector")),
    ("social", ("Әлеуметтік қызметтер", "Социальные службы", "Social services")),
    ("education", ("Білім беру және мектептегі көмек", "Образование и помощь в школе", "Education and help at school")),
]
LANGUAGES = ("kk", "ru", "en")


def load(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Region = apps.get_model("directory", "Region")
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
    for order, (code, former, slug, kind, names, lat, lng) in enumerate(REGIONS):
        key = uuid.uuid5(NAMESPACE, f"region:{code}")
        for language, name in zip(LANGUAGES, names, strict=True):
            Region.objects.update_or_create(
                code=code,
                locale=locales[language],
                defaults={
                    "translation_key": key, "former_code": former, "slug": slug, "kind": kind, "name": name,
                    "sort_order": order, "latitude": lat, "longitude": lng,
                },
            )
    taxonomy_key = uuid.uuid5(NAMESPACE, "taxonomy:kinds-of-help")
    taxonomies = {}
    for language, name in zip(LANGUAGES, TAXONOMY, strict=True):
        taxonomies[language], _ = Taxonomy.objects.update_or_create(
            translation_key=taxonomy_key, locale=locales[language], defaults={"name": name}
        )
    for order, (code, names) in enumerate(TERMS):
        key = uuid.uuid5(NAMESPACE, f"term:{code}")
        for language, name in zip(LANGUAGES, names, strict=True):
            TaxonomyTerm.objects.update_or_create(
                taxonomy=taxonomies[language], code=code,
                defaults={"translation_key": key, "locale": locales[language], "name": name, "sort_order": order},
            )


def unload(apps, schema_editor):
    apps.get_model("directory", "TaxonomyTerm").objects.filter(code__in=[code for code, _ in TERMS]).delete()
    taxonomy_key = uuid.uuid5(NAMESPACE, "taxonomy:kinds-of-help")
    apps.get_model("directory", "Taxonomy").objects.filter(translation_key=taxonomy_key).delete()
    apps.get_model("directory", "Region").objects.filter(code__in=[row[0] for row in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, unload)]
