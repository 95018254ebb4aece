"""Demo content for the home app, and the page helpers every app's demo loader uses.

Loaders are idempotent: run twice, they leave the same content. Everything they make is marked
as demo; the only real contacts are the 111 line and 112.
"""

from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization

from .models import HelplineSettings, HomePage, StandardPage

LANGUAGE_CODES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "kk"


def locales() -> dict[str, Locale]:
    """The three content locales; ru and en are kept in sync with kk (untranslated pages show as aliases)."""
    found = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGE_CODES}
    for code in LANGUAGE_CODES:
        if code != DEFAULT_LANGUAGE:
            LocaleSynchronization.objects.get_or_create(locale=found[code], sync_from=found[DEFAULT_LANGUAGE])
    return found


def upsert_child(parent: Page, model: type[Page], *, slug: str, **fields) -> Page:
    """The child of ``parent`` with ``slug``, created or updated and published."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, locale=parent.locale, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page


def upsert_translation(source: Page, language_code: str, **fields) -> Page:
    """The translation of ``source`` into ``language_code`` with ``fields`` set, published.

    An alias made by tree synchronisation is turned into a real translation.
    """
    locale = Locale.objects.get(language_code=language_code)
    page = source.get_translation_or_none(locale)
    if page is None:
        page = source.copy_for_translation(locale, copy_parents=True)
    page = page.specific
    if page.alias_of_id:
        page.alias_of = None
        page.save(update_fields=["alias_of"], clean=False)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


HOME = {
    "kk": {
        "title": "Балаларды бірге қорғайық",
        "intro": "Мамандарға арналған оқыту, оқушыларға арналған дәрістер, психологтарға арналған әдістемелік "
        "ұсынымдар және балалар мен отбасыларға көмек көрсететін қызметтер анықтамалығы.",
        "doors": [
            ("Мамандарға", "Оқыту", "Учаскелік инспекторларға, әлеуметтік қызметкерлерге, психологтарға және педагогтарға арналған курстар.", "/kk/trainings/"),
            ("Оқушыларға", "Онлайн дәрістер", "9–11 сынып және колледж студенттеріне арналған қауіпсіздік туралы дәрістер.", "/kk/lectures/"),
            ("Психологтарға", "Әдістемелік ұсынымдар", "Қиын жағдайдағы балаларды анықтау және көмекке жіберу алгоритмі.", "/kk/guidelines/"),
            ("Отбасыларға және балаларға", "Көмек табу", "Сіздің өңіріңіздегі көмек қызметтері және 111 желісі.", "/kk/help/"),
        ],
    },
    "ru": {
        "title": "Защитим детей вместе",
        "intro": "Обучение для специалистов, лекции для учащихся, методические рекомендации для психологов и "
        "справочник служб помощи детям и семьям.",
        "doors": [
            ("Специалистам", "Обучение", "Курсы для школьных инспекторов полиции, социальных работников, психологов и педагогов.", "/ru/trainings/"),
            ("Учащимся", "Онлайн-лекции", "Лекции о безопасности для 9–11 классов и студентов колледжей.", "/ru/lectures/"),
            ("Психологам", "Методические рекомендации", "Как выявить ребёнка в трудной ситуации и куда направить.", "/ru/guidelines/"),
            ("Семьям и детям", "Найти помощь", "Службы помощи в вашем регионе и линия 111.", "/ru/help/"),
        ],
    },
    "en": {
        "title": "Protect Children Together",
        "intro": "Trainings for specialists, lectures for students, guidelines for psychologists and a directory "
        "of services that help children and families.",
        "doors": [
            ("For specialists", "Trainings", "Courses for school police inspectors, social workers, psychologists and pedagogues.", "/en/trainings/"),
            ("For students", "Online lectures", "Lectures on safety for grades 9–11 and college students.", "/en/lectures/"),
            ("For psychologists", "Guidelines", "How to recognise a child in difficulty and where to refer them.", "/en/guidelines/"),
            ("For families and children", "Find help", "Help services in your region and the 111 line.", "/en/help/"),
        ],
    },
}

ABOUT = {
    "kk": ("Бағдарлама туралы", "«Балаларды бірге қорғайық!» жол картасы туралы (демо мәтін).",
           "Бұл — демо бет. Платформа «Балаларды бірге қорғайық!» жол картасының 3.1, 3.7, 4.2, 4.3 және 4.8 тармақтарын жүзеге асырады."),
    "ru": ("О программе", "О дорожной карте «Защитим детей вместе!» (демо-текст).",
           "Это демонстрационная страница. Платформа выполняет пункты 3.1, 3.7, 4.2, 4.3 и 4.8 дорожной карты «Защитим детей вместе!»."),
    "en": ("About the programme", "About the roadmap “Protect Children Together!” (demo text).",
           "This is a demo page. The platform carries out items 3.1, 3.7, 4.2, 4.3 and 4.8 of the roadmap “Protect Children Together!”."),
}


def _doors(language_code: str) -> list[tuple[str, dict]]:
    return [
        ("entry_point", {"audience": audience, "title": title, "text": text, "page": None, "link": link})
        for audience, title, text, link in HOME[language_code]["doors"]
    ]


def _about_body(language_code: str):
    return [("paragraph", f"<p>{ABOUT[language_code][2]}</p>")]


@transaction.atomic
def load(stdout) -> None:
    # Wagtail's placeholder "Welcome" page goes before any locale is synchronised from it.
    Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
    default_locale = Locale.objects.get_or_create(language_code=DEFAULT_LANGUAGE)[0]
    home = HomePage.objects.filter(locale=default_locale, depth=2).first()
    if home is None:
        home = HomePage(title=HOME["kk"]["title"], slug="home", locale=default_locale)
        Page.get_first_root_node().add_child(instance=home)
    locales()
    home.title = HOME["kk"]["title"]
    home.intro = HOME["kk"]["intro"]
    home.entry_points = _doors("kk")
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.root_page, site.site_name = "localhost", 80, home, "Protect Children Together"
    site.save()
    HelplineSettings.for_site(site).save()

    about = upsert_child(
        home, StandardPage, slug="about", title=ABOUT["kk"][0], summary=ABOUT["kk"][1],
        body=_about_body("kk"), show_in_menus=True,
    )
    for code in ("ru", "en"):
        upsert_translation(
            home, code, title=HOME[code]["title"], intro=HOME[code]["intro"], entry_points=_doors(code)
        )
        upsert_translation(
            about, code, title=ABOUT[code][0], summary=ABOUT[code][1], body=_about_body(code), show_in_menus=True
        )
    stdout.write("Home and standard pages in kk, ru and en.")
