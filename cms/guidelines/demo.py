"""Demo guideline: one methodical recommendation in Kazakh and Russian, version 1.0 superseded by 2.0.

Design: a major version is its own page (2.0 names 1.0 in ``supersedes``), so the old text stays
citable at its own address with a notice; minor corrections are published revisions of the same
page (2.0 then 2.1), and the change log reads both. Everything here is marked demo; the only real
contacts are 111 and 112. Idempotent: an existing guideline is left as it is, so re-running never
adds revisions to its change log.
"""

import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction
from wagtail.models import PageLogEntry
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from cms.home.demo import locales, upsert_child, upsert_translation
from cms.home.models import HomePage
from directory import demo as directory_demo
from directory.models import Service, TaxonomyTerm

from .models import Audience, AudienceCode, GuidelineIndexPage, GuidelinePage
from .services import ensure_review_workflow

INDEX = {
    "kk": (
        "Әдістемелік ұсынымдар",
        "Мектеп және медицина психологтарына, педагогтарға арналған ұсынымдар: "
        "қиын өмірлік жағдайдағы және зорлық-зомбылық көрген балаларды қалай анықтау және көмекке қалай жіберу. "
        "Демо мазмұн.",
    ),
    "ru": (
        "Методические рекомендации",
        "Рекомендации для школьных и медицинских психологов и педагогов: как "
        "выявить ребёнка в трудной жизненной ситуации или пострадавшего от насилия и направить за помощью. "
        "Демо-содержание.",
    ),
}

APPROVING_BODY = {
    "kk": "Ведомствоаралық жұмыс тобы (демо)",
    "ru": "Межведомственная рабочая группа (демо)",
}

TITLE = {
    "kk": "Қиын өмірлік жағдайдағы және зорлық-зомбылық көрген балаларды анықтау (демо)",
    "ru": "Выявление детей в трудной жизненной ситуации и пострадавших от насилия (демо)",
}

SUMMARY = {
    "kk": "Демо мәтін. Психолог баланың қиын жағдайын қалай байқайды, не істейді және оны кімге жібереді.",
    "ru": "Демо-текст. Как психологу заметить, что ребёнок в беде, что делать и куда его направить.",
}

TEXT = {
    "kk": {
        "purpose": (
            "Мақсаты және қолданылу аясы",
            "<p>Бұл ұсынымдар мектеп және медицина психологтарына, педагогтарға баланың қиын жағдайын ерте "
            "байқауға және оны уақытында тиісті қызметке жіберуге көмектеседі. Бұл — демо мәтін.</p>",
        ),
        "signs": (
            "Қиын жағдай мен зорлық-зомбылық белгілері",
            "<p>Бір белгі дәлел емес. Белгілер жиынтығына және баланың мінез-құлқының өзгеруіне назар "
            "аударыңыз.</p><ul><li>түсініксіз жарақаттар, көгерулер;</li><li>күрт тұйықталу, қорқыныш, "
            "ұйқының бұзылуы;</li><li>сабақтан жиі қалу, ашығу, күтімнің болмауы;</li>"
            "<li>өзіне зиян келтіру туралы сөздер.</li></ul>",
        ),
        "algorithm": "Әрекет алгоритмі",
        "checklist": (
            "Баламен сөйлесуге арналған тексеру парағы",
            [
                "Қауіпсіз, жеке орын таңдадым",
                "Баланы тыңдадым, сөзін бөлмедім, кінәламадым",
                "Құпиялылықты сақтаймын деп уәде бермедім, кімге айтатынымды түсіндірдім",
                "Баланың сөзін өзгертпей жаздым",
                "111 желісінің нөмірін балаға бердім",
            ],
        ),
        "privacy": (
            "Құпиялылық және деректерді қорғау",
            "<p>Баланың аты-жөні мен жағдайы туралы мәліметтерді тек көмек көрсету үшін қажет мамандарға "
            "беріңіз. Жазбаларды жабық жерде сақтаңыз.</p>",
        ),
    },
    "ru": {
        "purpose": (
            "Цель и сфера применения",
            "<p>Рекомендации помогают школьным и медицинским психологам и педагогам рано заметить, что "
            "ребёнок в беде, и вовремя направить его в нужную службу. Это демонстрационный текст.</p>",
        ),
        "signs": (
            "Признаки трудной ситуации и насилия",
            "<p>Один признак — не доказательство. Обращайте внимание на сочетание признаков и на перемены "
            "в поведении ребёнка.</p><ul><li>необъяснимые травмы, синяки;</li><li>резкая замкнутость, "
            "страх, нарушения сна;</li><li>частые пропуски, голод, отсутствие ухода;</li>"
            "<li>слова о причинении себе вреда.</li></ul>",
        ),
        "algorithm": "Алгоритм действий",
        "checklist": (
            "Чек-лист беседы с ребёнком",
            [
                "Выбрал безопасное место без посторонних",
                "Выслушал, не перебивал, не обвинял",
                "Не обещал хранить тайну, объяснил, кому расскажу",
                "Записал слова ребёнка без изменений",
                "Дал ребёнку номер линии 111",
            ],
        ),
        "privacy": (
            "Конфиденциальность и защита данных",
            "<p>Передавайте имя ребёнка и сведения о его ситуации только тем специалистам, которые нужны "
            "для помощи. Храните записи в закрытом месте.</p>",
        ),
    },
}

STEPS = {
    "kk": [
        (
            "Белгілерді байқау",
            ["Бала зорлық-зомбылық туралы айтты", "Бірнеше белгі қатар байқалады"],
            ["Баланы тыңдаңыз, сабыр сақтаңыз", "Не естігеніңізді сол күні жазып алыңыз"],
            [("Мектеп психологы немесе әлеуметтік педагог", "сол күні", "psychological", None)],
            False,
        ),
        (
            "Қауіпті бағалау",
            ["Бала үйге қайтуға қорқады", "Өміріне немесе денсаулығына қауіп бар"],
            ["Баланы жалғыз қалдырмаңыз", "Мектеп әкімшілігіне хабарлаңыз"],
            [("", "қауіп болса — дереу", "police", None)],
            True,
        ),
        (
            "Көмекке жіберу",
            ["Бала мен отбасына ұзақ көмек қажет"],
            ["Жолдама жазыңыз", "Бір аптадан кейін баланың жағдайын біліңіз"],
            [("", "ұзақ әлеуметтік көмек", "social", None), ("", "баланың өзі жаза алады", None, "online")],
            False,
        ),
    ],
    "ru": [
        (
            "Заметить признаки",
            ["Ребёнок рассказал о насилии", "Заметно несколько признаков сразу"],
            ["Выслушайте ребёнка, сохраняйте спокойствие", "Запишите услышанное в тот же день"],
            [("Школьный психолог или социальный педагог", "в тот же день", "psychological", None)],
            False,
        ),
        (
            "Оценить опасность",
            ["Ребёнок боится идти домой", "Есть угроза жизни или здоровью"],
            ["Не оставляйте ребёнка одного", "Сообщите администрации школы"],
            [("", "при угрозе — немедленно", "police", None)],
            True,
        ),
        (
            "Направить за помощью",
            ["Ребёнку и семье нужна длительная помощь"],
            ["Оформите направление", "Через неделю узнайте, как дела у ребёнка"],
            [("", "длительная социальная помощь", "social", None), ("", "ребёнок может написать сам", None, "online")],
            False,
        ),
    ],
}

CHANGES = {
    "kk": {
        "1.0": "Алғашқы нұсқа.",
        "2.0": "Әрекет алгоритміне қауіпті бағалау қадамы қосылды; құпиялылық туралы бөлім қосылды.",
        "2.1": "Тексеру парағының тұжырымы нақтыланды.",
    },
    "ru": {
        "1.0": "Первая редакция.",
        "2.0": "В алгоритм действий добавлен шаг оценки опасности; добавлен раздел о конфиденциальности.",
        "2.1": "Уточнены формулировки чек-листа.",
    },
}


def _kind(code: str | None):
    if code is None:
        return None
    term = TaxonomyTerm.objects.filter(code=code, locale__language_code="kk").first()
    return term


def _service(name: str | None):
    # The directory demo's online text service; a referral to it stays valid in every language
    # because the block resolves services by translation key.
    if name != "online":
        return None
    service = Service.objects.filter(
        translation_key=uuid.uuid5(directory_demo.NAMESPACE, "online-sms"), locale__language_code="kk"
    ).first()
    return service


def _step(title, signs, actions, referrals, danger):
    return {
        "title": title,
        "signs": signs,
        "actions": actions,
        "referrals": [
            {"label": label, "page": None, "note": note, "kind_of_help": _kind(kind), "service": _service(service)}
            for label, note, kind, service in referrals
            if label or _kind(kind) or _service(service)
        ],
        "danger_to_life": danger,
    }


def sections(code: str, version: str) -> list[tuple[str, dict]]:
    text = TEXT[code]
    steps = STEPS[code] if version != "1.0" else [STEPS[code][0], STEPS[code][2]]
    checklist_title, items = text["checklist"]
    if version == "2.1":
        items = [
            *items[:-1],
            items[-1] + " (112 — " + ("төтенше жағдайда" if code == "kk" else "в экстренном случае") + ")",
        ]
    found = [
        ("section", {"title": text["purpose"][0], "content": [("paragraph", text["purpose"][1])]}),
        ("section", {"title": text["signs"][0], "content": [("paragraph", text["signs"][1])]}),
        (
            "section",
            {
                "title": text["algorithm"],
                "content": [
                    ("algorithm", {"title": text["algorithm"], "intro": "", "steps": [_step(*step) for step in steps]}),
                ],
            },
        ),
        ("section", {"title": checklist_title, "content": [("checklist", {"title": checklist_title, "items": items})]}),
    ]
    if version != "1.0":
        found.append(("section", {"title": text["privacy"][0], "content": [("paragraph", text["privacy"][1])]}))
    return found


def _fields(code: str, version: str, approved_on: str) -> dict:
    return {
        "title": TITLE[code] + ("" if version != "1.0" else " — 1.0"),
        "summary": SUMMARY[code],
        "version": version,
        "approving_body": APPROVING_BODY[code],
        "approved_on": approved_on,
        "change_summary": CHANGES[code][version],
        "sections": sections(code, version),
    }


def _backdate_last_publication(page: GuidelinePage, approved_on: str) -> None:
    """Date the latest publication of ``page`` on its approval day, so the change log reads like history."""
    entry = PageLogEntry.objects.filter(page=page, action="wagtail.publish").order_by("-timestamp", "-pk").first()
    if entry is not None:
        moment = datetime.combine(date.fromisoformat(approved_on), time(10), tzinfo=ZoneInfo("Asia/Almaty"))
        PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=moment)


def _publish_versions(page: GuidelinePage, code: str, versions: list[tuple[str, str]], **extra) -> GuidelinePage:
    for version, approved_on in versions:
        for name, value in {**_fields(code, version, approved_on), **extra}.items():
            setattr(page, name, value)
        page.save_revision().publish()
        _backdate_last_publication(page, approved_on)
    return page


@transaction.atomic
def load(stdout) -> None:
    found = locales()
    home = HomePage.objects.get(locale=found["kk"], depth=2)
    index = GuidelineIndexPage.objects.child_of(home).first() or upsert_child(
        home, GuidelineIndexPage, slug="guidelines", title=INDEX["kk"][0], intro=INDEX["kk"][1], show_in_menus=True
    )
    index_ru = upsert_translation(index, "ru", title=INDEX["ru"][0], intro=INDEX["ru"][1], show_in_menus=True)
    for page in (index, index_ru):
        ensure_review_workflow(index=page)
    if GuidelinePage.objects.child_of(index).exists():
        for synchronisation in LocaleSynchronization.objects.filter(sync_from=found["kk"]):
            synchronize_tree(synchronisation.sync_from, synchronisation.locale)
        stdout.write("Guidelines: demo guideline already present, left as it is.")
        return

    audiences = list(
        Audience.objects.filter(code__in=[AudienceCode.SCHOOL_PSYCHOLOGIST, AudienceCode.HEALTH_PSYCHOLOGIST])
    )
    old = upsert_child(
        index,
        GuidelinePage,
        slug="identifying-children-at-risk-1-0",
        audiences=audiences,
        **_fields("kk", "1.0", "2025-09-01"),
    )
    old_ru = upsert_translation(old, "ru", audiences=audiences, **_fields("ru", "1.0", "2025-09-01"))
    for page in (old, old_ru):
        _backdate_last_publication(page, "2025-09-01")

    new = upsert_child(
        index,
        GuidelinePage,
        slug="identifying-children-at-risk",
        supersedes=old,
        audiences=audiences,
        **_fields("kk", "2.0", "2026-03-02"),
    )
    _backdate_last_publication(new, "2026-03-02")
    _publish_versions(new, "kk", [("2.1", "2026-06-15")], supersedes=old, audiences=audiences)
    new_ru = upsert_translation(new, "ru", supersedes=old_ru, audiences=audiences, **_fields("ru", "2.0", "2026-03-02"))
    _backdate_last_publication(new_ru, "2026-03-02")
    _publish_versions(new_ru, "ru", [("2.1", "2026-06-15")], supersedes=old_ru, audiences=audiences)
    # English has no translation: the synchronised locales get aliases (shown with a fallback notice).
    for synchronisation in LocaleSynchronization.objects.filter(sync_from=found["kk"]):
        synchronize_tree(synchronisation.sync_from, synchronisation.locale)
    stdout.write("Guidelines: index and one guideline (1.0 superseded by 2.0 and 2.1) in kk and ru.")
