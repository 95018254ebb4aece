"""Demo directory: every region gets several clearly synthetic services (names end in "(demo)",
numbers start +7 000, which no operator uses), plus the real 111 line, pinned first.

Idempotent: keys are derived from region and kind, so a second run updates the same rows.
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import Region
from .services import HoursData, LocationData, PhoneData, ServiceData, save_service

NAMESPACE = uuid.UUID("8d7c2a9e-3b4f-4f0e-9a61-2c5d7e1b0a44")
LANGUAGES = ("kk", "ru", "en")
WORKDAYS = ("MO", "TU", "WE", "TH", "FR")
ALL_DAYS = (*WORKDAYS, "SA", "SU")

HELPLINE_KEY = uuid.uuid5(NAMESPACE, "helpline-111")
HELPLINE = {
    "kk": ("111 — балалар мен отбасыларға көмек желісі", "111 байланыс орталығы",
           "Тегін, жасырын, тәулік бойы. Зорлық-зомбылық, буллинг, отбасындағы қиындық немесе балаға қауіп төнсе, қоңырау шалыңыз: маман тыңдап, қайда жүгіну керегін айтады."),
    "ru": ("111 — линия помощи детям и семьям", "Контакт-центр 111",
           "Бесплатно, анонимно, круглосуточно. Звоните при насилии, буллинге, трудностях в семье или если ребёнку угрожает опасность: специалист выслушает и подскажет, куда обратиться."),
    "en": ("111 — help line for children and families", "111 contact centre",
           "Free, anonymous, day and night. Call about violence, bullying, trouble at home or a child in danger: a specialist listens and tells you where to turn."),
}

# kind: names (kk, ru, en) with {r} for the region, descriptions, ages, anonymous, hours
KINDS = {
    "psychological": (
        ("{r}: балалар мен жасөспірімдерге психологиялық қолдау орталығы (демо)",
         "{r}: центр психологической поддержки детей и подростков (демо)",
         "{r}: psychological support centre for children and teenagers (demo)"),
        ("Психологпен жеке және топтық кеңес, буллинг пен күйзеліс кезінде көмек. Демо жазба.",
         "Индивидуальные и групповые консультации психолога, помощь при буллинге и стрессе. Демо-запись.",
         "Individual and group sessions with a psychologist, help with bullying and stress. Demo entry."),
        (7, 18), True, [(WORKDAYS, "09:00", "18:00"), (("SA",), "10:00", "14:00")],
    ),
    "police": (
        ("{r}: кәмелетке толмағандар ісі жөніндегі инспекция (демо)",
         "{r}: инспекция по делам несовершеннолетних (демо)",
         "{r}: juvenile affairs inspectorate (demo)"),
        ("Мектеп инспекторлары, балаға қатысты құқық бұзушылық туралы хабарлау. Шұғыл жағдайда — 112. Демо жазба.",
         "Школьные инспекторы, сообщения о правонарушениях в отношении детей. В экстренном случае — 112. Демо-запись.",
         "School police inspectors; report offences against children. In an emergency call 112. Demo entry."),
        (None, 18), False, [(ALL_DAYS, "08:00", "20:00")],
    ),
    "legal": (
        ("{r}: балалар мен отбасыларға тегін заң кеңесі (демо)",
         "{r}: бесплатная юридическая консультация для детей и семей (демо)",
         "{r}: free legal advice for children and families (demo)"),
        ("Алимент, қорғаншылық, баланың құқықтары бойынша заңгер кеңесі. Демо жазба.",
         "Консультации юриста по алиментам, опеке и правам ребёнка. Демо-запись.",
         "A lawyer's advice on child support, guardianship and children's rights. Demo entry."),
        (None, None), False, [(WORKDAYS, "09:00", "17:00")],
    ),
    "shelter": (
        ("{r}: дағдарыс орталығы және уақытша баспана (демо)",
         "{r}: кризисный центр и временный приют (демо)",
         "{r}: crisis centre and temporary shelter (demo)"),
        ("Зорлық-зомбылықтан зардап шеккен балалар мен аналарға арналған қауіпсіз орын. Демо жазба.",
         "Безопасное место для детей и матерей, пострадавших от насилия. Демо-запись.",
         "A safe place for children and mothers who suffered violence. Demo entry."),
        (None, 18), True, "24/7",
    ),
    "medical": (
        ("{r}: жастар денсаулық орталығы (демо)",
         "{r}: молодёжный центр здоровья (демо)",
         "{r}: youth health centre (demo)"),
        ("Жасөспірімдерге құпия медициналық және психологиялық кеңес. Демо жазба.",
         "Конфиденциальные медицинские и психологические консультации для подростков. Демо-запись.",
         "Confidential medical and psychological advice for teenagers. Demo entry."),
        (10, 24), True, [(WORKDAYS, "08:00", "19:00"), (("SA",), "09:00", "13:00")],
    ),
    "social": (
        ("{r}: отбасын қолдау әлеуметтік қызметі (демо)",
         "{r}: социальная служба поддержки семьи (демо)",
         "{r}: family support social service (demo)"),
        ("Қиын жағдайдағы отбасыларға әлеуметтік көмек және сүйемелдеу. Демо жазба.",
         "Социальная помощь и сопровождение семей в трудной ситуации. Демо-запись.",
         "Social support and case work for families in difficulty. Demo entry."),
        (None, None), False, [(WORKDAYS, "09:00", "18:00")],
    ),
    "education": (
        ("{r}: мектеп психологтары мен әлеуметтік педагогтар қызметі (демо)",
         "{r}: служба школьных психологов и социальных педагогов (демо)",
         "{r}: school psychologists and social pedagogues service (demo)"),
        ("Мектептегі қиындықтар, оқудан шығып қалу, құрдастармен қарым-қатынас. Демо жазба.",
         "Трудности в школе, пропуски учёбы, отношения со сверстниками. Демо-запись.",
         "Trouble at school, missed schooling, relations with classmates. Demo entry."),
        (6, 18), False, [(WORKDAYS, "08:00", "17:00")],
    ),
}
EXTRA_KINDS = ("legal", "shelter", "medical", "social", "education")
STREET = {"kk": "Демо көшесі, {n}", "ru": "ул. Демонстрационная, {n}", "en": "{n} Demo Street"}
ORGANISATION = {"kk": "{r} демо ұйымы", "ru": "Демо-организация ({r})", "en": "{r} demo organisation"}


def _hours(spec) -> list[HoursData]:
    if spec == "24/7":
        return []
    return [
        HoursData(byday=day, opens_at=dt.time.fromisoformat(opens), closes_at=dt.time.fromisoformat(closes))
        for days, opens, closes in spec
        for day in days
    ]


def _helpline(language: str) -> ServiceData:
    name, organisation, description = HELPLINE[language]
    return ServiceData(
        name=name, organization_name=organisation, description=description, kinds=["helpline", "psychological"],
        nationwide=True, is_free=True, anonymous=True, open_24_7=True, pinned=True, languages=["kk", "ru"],
        phones=[PhoneData(kind="voice", number="111", free_of_charge=True, open_24_7=True)],
        assured_date=timezone.localdate(),
    )


def _online(language: str) -> ServiceData:
    names = {
        "kk": ("Жасөспірімдерге арналған SMS-кеңес (демо)", "Демо онлайн-қызмет", "Психологқа SMS жазыңыз; жауап күн сайын 10:00-ден түнгі 02:00-ге дейін. Демо жазба."),
        "ru": ("SMS-консультация для подростков (демо)", "Демо онлайн-служба", "Напишите психологу по SMS; ответ ежедневно с 10:00 до 02:00 ночи. Демо-запись."),
        "en": ("Text-message advice for teenagers (demo)", "Demo online service", "Text a psychologist; answers daily from 10:00 to 02:00 at night. Demo entry."),
    }[language]
    return ServiceData(
        name=names[0], organization_name=names[1], description=names[2], kinds=["psychological", "helpline"],
        nationwide=True, anonymous=True, minimum_age=12, maximum_age=18, languages=["kk", "ru"],
        phones=[PhoneData(kind="sms", number="+7 000 000 0111")],
        hours=_hours([(ALL_DAYS, "10:00", "02:00")]),
        assured_date=timezone.localdate() - dt.timedelta(days=40),
    )


def _regional(region_names: dict[str, str], region: Region, index: int, kind_index: int, kind: str, language: str):
    names, descriptions, ages, anonymous, hours = KINDS[kind]
    position = LANGUAGES.index(language)
    region_name = region_names[language]
    offset = Decimal(kind_index + 1) / Decimal(100)
    return ServiceData(
        name=names[position].format(r=region_name),
        organization_name=ORGANISATION[language].format(r=region_name) + f" #{kind_index + 1}",
        description=descriptions[position],
        kinds=[kind],
        region_codes=[region.code],
        minimum_age=ages[0],
        maximum_age=ages[1],
        is_free=kind != "medical" or index % 2 == 0,
        anonymous=anonymous,
        open_24_7=hours == "24/7",
        languages=["kk", "ru"] + (["en"] if index % 5 == 0 else []),
        phones=[
            PhoneData(kind="voice", number=f"+7 000 {index:03d} {kind_index:02d}01", free_of_charge=True,
                      open_24_7=hours == "24/7"),
        ],
        hours=_hours(hours),
        location=LocationData(
            name=names[position].format(r=region_name).removesuffix(" (демо)").removesuffix(" (demo)"),
            address_1=STREET[language].format(n=kind_index * 10 + 1),
            city=region_name if region.kind == Region.Kind.CITY else "",
            region_code=region.code,
            latitude=(region.latitude or Decimal(0)) + offset,
            longitude=(region.longitude or Decimal(0)) - offset,
        ),
        # Every fifth service was last checked over a year ago, so the "needs verification" list has work.
        assured_date=timezone.localdate() - dt.timedelta(days=400 if (index + kind_index) % 5 == 0 else 30 * kind_index),
        assurer_email="editor@demo.invalid",
    )


@transaction.atomic
def load(stdout) -> None:
    for language in LANGUAGES:
        save_service(translation_key=HELPLINE_KEY, language_code=language, data=_helpline(language))
        save_service(translation_key=uuid.uuid5(NAMESPACE, "online-sms"), language_code=language, data=_online(language))
    regions = list(Region.objects.filter(locale__language_code="kk").order_by("sort_order"))
    names = {}
    for code, language, name in Region.objects.values_list("code", "locale__language_code", "name"):
        names.setdefault(code, {})[language] = name
    count = 2
    for index, region in enumerate(regions):
        kinds = ["psychological", "police", EXTRA_KINDS[index % 5], EXTRA_KINDS[(index + 2) % 5]]
        for kind in kinds:
            kind_index = list(KINDS).index(kind)
            key = uuid.uuid5(NAMESPACE, f"{region.code}:{kind}")
            for language in LANGUAGES:
                data = _regional(names[region.code], region, index, kind_index, kind, language)
                save_service(translation_key=key, language_code=language, data=data)
            count += 1
    stdout.write(f"Directory: the 111 line and {count - 1} demo services in {len(regions)} regions, in kk, ru and en.")
