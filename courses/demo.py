"""The demo course, in Kazakh and Russian, and a demo learner who has completed it.

Idempotent: pages are found by slug and updated, the learner's records are reused. Everything is
marked as demo; the only real contacts are 111 and 112. The pre-test and post-test are the quizzes
app's demo pair (loaded before this), found as the demo post-test that names its pre-test.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.accounts.models import User
from cms.home.demo import locales, upsert_child, upsert_translation
from cms.home.models import HomePage

from . import services
from .models import (
    Certificate,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    EnrolmentSource,
    LessonPage,
    LessonProgress,
    ModulePage,
)

DEMO_LEARNER_EMAIL = "psychologist@demo.invalid"
VIDEO_URL = "https://vimeo.com/76979871"  # a provider's public sample video, standing in for a real lecture

INDEX = {
    "kk": (
        "Оқыту",
        "Мамандарға арналған қашықтан оқыту курстары: учаскелік инспекторларға, әлеуметтік қызметкерлерге, психологтарға, әлеуметтік педагогтарға және бала құқықтары жөніндегі мамандарға. (Демо)",
    ),
    "ru": (
        "Обучение",
        "Дистанционные курсы для специалистов: школьных инспекторов полиции, социальных работников, психологов, социальных педагогов и специалистов по правам ребёнка. (Демо)",
    ),
}

COURSE = {
    "kk": {
        "title": "Қиын жағдайдағы отбасыларды анықтау және сүйемелдеу (демо)",
        "summary": "Баланың қиын жағдайын қалай байқауға, не істеуге және кімге жүгінуге болатыны туралы қысқа курс. Бұл — демо курс.",
        "description": "<p>Курс «Балаларды бірге қорғайық!» жол картасының 3.7-тармағы бойынша мамандарды оқытуға арналған. Мазмұны демонстрациялық.</p>",
        "outcomes": [
            "Баланың қиын жағдайда екенін көрсететін белгілерді тану",
            "Алгоритм бойынша әрекет ету және ақпаратты дұрыс тіркеу",
            "Отбасын ведомствоаралық сүйемелдеуді ұйымдастыру",
        ],
    },
    "ru": {
        "title": "Выявление и сопровождение семей в трудной ситуации (демо)",
        "summary": "Короткий курс о том, как заметить, что ребёнок в трудной ситуации, что делать и куда обращаться. Это демонстрационный курс.",
        "description": "<p>Курс предназначен для обучения специалистов по пункту 3.7 дорожной карты «Защитим детей вместе!». Содержание демонстрационное.</p>",
        "outcomes": [
            "Распознавать признаки того, что ребёнок в трудной ситуации",
            "Действовать по алгоритму и правильно фиксировать сведения",
            "Организовать межведомственное сопровождение семьи",
        ],
    },
}

MODULES = [
    (
        "signs",
        {
            "kk": ("1. Белгілерді тану", "Баланың мінез-құлқындағы, сыртқы түріндегі және отбасындағы өзгерістер."),
            "ru": ("1. Распознавание признаков", "Изменения в поведении, внешнем виде ребёнка и в семье."),
        },
    ),
    (
        "actions",
        {
            "kk": ("2. Әрекет ету алгоритмі", "Күдік туғанда не істеу керек және оны қалай тіркеу керек."),
            "ru": ("2. Алгоритм действий", "Что делать при подозрении и как это зафиксировать."),
        },
    ),
    (
        "support",
        {
            "kk": ("3. Сүйемелдеу", "Отбасымен жұмыс және ведомстволардың өзара іс-қимылы."),
            "ru": ("3. Сопровождение", "Работа с семьёй и взаимодействие ведомств."),
        },
    ),
]


def _lessons(lang: str, *, memo, post_test) -> dict[str, list[tuple[str, str, str, int, list]]]:
    def t(kazakh: str, russian: str) -> str:
        return kazakh if lang == "kk" else russian

    return {
        "signs": [
            (
                "what-to-notice",
                t("Неге назар аудару керек", "На что обратить внимание"),
                t("Қиын жағдайдың жиі кездесетін белгілері.", "Частые признаки трудной ситуации."),
                10,
                [
                    (
                        "text",
                        t(
                            "<h2>Мінез-құлық</h2><p>Бала кенеттен тұйықталып қалды ма, сабақтан жиі қалады ма, үйге барғысы келмей ме? Бір белгі ештеңені дәлелдемейді, бірақ бірнеше белгі бірге кездессе, назар аударыңыз.</p><ul><li>ұйқының және тәбеттің бұзылуы</li><li>ересектерден қорқу</li><li>жасына сай емес білім немесе мінез</li></ul>",
                            "<h2>Поведение</h2><p>Ребёнок вдруг замкнулся, часто пропускает уроки, не хочет идти домой? Один признак ничего не доказывает, но если их несколько, обратите внимание.</p><ul><li>нарушения сна и аппетита</li><li>страх перед взрослыми</li><li>знания или поведение не по возрасту</li></ul>",
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "important",
                            "title": t("Бала қауіпте болса", "Если ребёнок в опасности"),
                            "text": t(
                                "<p>Тікелей қауіп төнсе, <b>112</b> нөміріне қоңырау шалыңыз. Балалар мен отбасыларға көмек — <b>111</b>, тегін, тәулік бойы.</p>",
                                "<p>При прямой угрозе звоните <b>112</b>. Помощь детям и семьям — <b>111</b>, бесплатно, круглосуточно.</p>",
                            ),
                        },
                    ),
                ],
            ),
            (
                "talking-to-a-child",
                t("Баламен сөйлесу", "Разговор с ребёнком"),
                t("Бейне сабақ және жиі қойылатын сұрақтар.", "Видеоурок и частые вопросы."),
                15,
                [
                    (
                        "video",
                        {
                            "title": t(
                                "Баламен сенімді әңгіме (демо бейне)", "Доверительный разговор с ребёнком (демо-видео)"
                            ),
                            "file": None,
                            "embed_url": VIDEO_URL,
                            "captions": None,
                            "captions_language": lang,
                            "transcript": t(
                                "<p>Демо транскрипт. Баламен тыныш жерде, асықпай сөйлесіңіз. Ашық сұрақтар қойыңыз және баланы кінәламаңыз. Естігеніңізді баланың сөзімен жазып алыңыз.</p>",
                                "<p>Демо-расшифровка. Говорите с ребёнком в спокойном месте, не торопясь. Задавайте открытые вопросы и не обвиняйте ребёнка. Запишите услышанное словами ребёнка.</p>",
                            ),
                        },
                    ),
                    (
                        "accordion",
                        {
                            "items": [
                                {
                                    "title": t(
                                        "Бала құпия сақтауды сұраса ше?", "А если ребёнок просит сохранить тайну?"
                                    ),
                                    "body": t(
                                        "<p>Баланың қауіпсіздігі үшін кімге айтатыныңызды адал түсіндіріңіз. Бос уәде бермеңіз.</p>",
                                        "<p>Честно объясните, кому вы расскажете ради его безопасности. Не давайте пустых обещаний.</p>",
                                    ),
                                },
                                {
                                    "title": t("Қандай сұрақтар қоюға болмайды?", "Каких вопросов избегать?"),
                                    "body": t(
                                        "<p>Жауапты меңзейтін сұрақтардан аулақ болыңыз: «Сені әкең ұрды ма?» орнына «Не болғанын айтып берші» деңіз.</p>",
                                        "<p>Избегайте наводящих вопросов: вместо «Тебя ударил папа?» скажите «Расскажи, что случилось».</p>",
                                    ),
                                },
                            ]
                        },
                    ),
                ],
            ),
        ],
        "actions": [
            (
                "case-study",
                t("Жағдаяттық талдау", "Разбор случая"),
                t("Мектеп психологының тәжірибесінен бір жағдай.", "Случай из практики школьного психолога."),
                20,
                [
                    (
                        "case_study",
                        {
                            "title": t("Сабаққа келмей жүрген оқушы", "Ученица, которая перестала ходить в школу"),
                            "situation": t(
                                "<p>7-сынып оқушысы екі аптадан бері сабаққа жиі келмейді. Сынып жетекшісі оның арықтағанын және ұзын жеңді киім киетінін байқаған. Анасы телефон көтермейді.</p>",
                                "<p>Ученица 7 класса две недели часто пропускает уроки. Классный руководитель заметил, что она похудела и носит одежду с длинными рукавами. Мама не берёт трубку.</p>",
                            ),
                            "questions": [
                                t("Қандай белгілер алаңдатады?", "Какие признаки тревожат?"),
                                t("Бүгін кімге хабарлайсыз?", "Кому вы сообщите сегодня?"),
                            ],
                            "discussion": t(
                                "<p>Бірнеше белгі бірге кездеседі. Баламен жеке сөйлесіп, әкімшілікке және учаскелік инспекторға сол күні хабарлаңыз, бәрін жазбаша тіркеңіз.</p>",
                                "<p>Признаков несколько. Поговорите с ученицей наедине, в тот же день сообщите администрации и школьному инспектору полиции, всё зафиксируйте письменно.</p>",
                            ),
                        },
                    ),
                    (
                        "documents",
                        {
                            "heading": t("Жүктеп алуға", "Скачать"),
                            "documents": [
                                {
                                    "document": memo,
                                    "title": t("Әрекет ету жадынамасы (демо, PDF)", "Памятка по действиям (демо, PDF)"),
                                }
                            ],
                        },
                    ),
                ],
            ),
            (
                "recording",
                t("Ақпаратты тіркеу", "Фиксация сведений"),
                t("Не жазу керек және оны кіммен бөлісуге болады.", "Что записать и с кем этим можно делиться."),
                10,
                [
                    (
                        "text",
                        t(
                            "<p>Күнін, уақытын, баланың сөздерін өзгертпей жазыңыз. Өз болжамдарыңызды фактілерден бөлек жазыңыз. Баланың жеке деректерін тек қажетті мамандармен бөлісіңіз.</p>",
                            "<p>Запишите дату, время и слова ребёнка без изменений. Свои предположения пишите отдельно от фактов. Персональными данными ребёнка делитесь только с теми специалистами, кому это необходимо.</p>",
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": t("Кеңес", "Совет"),
                            "text": t(
                                "<p>Жазбаны сол күні жасаңыз: кейін егжей-тегжейлер ұмытылады.</p>",
                                "<p>Делайте запись в тот же день: потом детали забываются.</p>",
                            ),
                        },
                    ),
                ],
            ),
        ],
        "support": [
            (
                "working-together",
                t("Ведомстволардың өзара іс-қимылы", "Взаимодействие ведомств"),
                t("Кім не істейді және қалай бірге жұмыс істеу керек.", "Кто что делает и как работать вместе."),
                15,
                [
                    (
                        "text",
                        t(
                            "<p>Отбасын сүйемелдеуге мектеп, әлеуметтік қызмет, денсаулық сақтау және полиция қатысады. Бір үйлестіруші тағайындалып, жоспар бірге жасалады.</p>",
                            "<p>В сопровождении семьи участвуют школа, социальная служба, здравоохранение и полиция. Назначается один координатор, план составляется совместно.</p>",
                        ),
                    ),
                    (
                        "accordion",
                        {
                            "items": [
                                {
                                    "title": t("Мектеп", "Школа"),
                                    "body": t(
                                        "<p>Баланы бақылайды, психологиялық қолдау көрсетеді.</p>",
                                        "<p>Наблюдает за ребёнком, оказывает психологическую поддержку.</p>",
                                    ),
                                },
                                {
                                    "title": t("Әлеуметтік қызмет", "Социальная служба"),
                                    "body": t(
                                        "<p>Отбасының қажеттіліктерін бағалайды, көмек ұйымдастырады.</p>",
                                        "<p>Оценивает нужды семьи, организует помощь.</p>",
                                    ),
                                },
                            ]
                        },
                    ),
                ],
            ),
            (
                "final-test",
                t("Қорытынды тест", "Итоговый тест"),
                t("Курсты аяқтау үшін тесттен өтіңіз.", "Пройдите тест, чтобы завершить курс."),
                10,
                [
                    (
                        "text",
                        t("<p>Тест курстың барлық тақырыптарын қамтиды.</p>", "<p>Тест охватывает все темы курса.</p>"),
                    )
                ]
                + ([("quiz", post_test)] if post_test else []),
            ),
        ],
    }


def _memo():
    """A small demo PDF for the document-downloads block (made once, then reused)."""
    from weasyprint import HTML

    Document = get_document_model()
    existing = Document.objects.filter(title="Демо: әрекет ету жадынамасы / памятка").first()
    if existing:
        return existing
    html = (
        "<html><body style='font-family: \"DejaVu Sans\"'><h1>Демо жадынама / Демо-памятка</h1>"
        "<p>1. Баланы тыңдаңыз / Выслушайте ребёнка. 2. Тіркеңіз / Зафиксируйте. 3. Хабарлаңыз / Сообщите.</p>"
        "<p>111 — балалар мен отбасыларға көмек / помощь детям и семьям. 112 — шұғыл қызмет / экстренная служба.</p></body></html>"
    )
    document = Document(title="Демо: әрекет ету жадынамасы / памятка", collection=Collection.get_first_root_node())
    document.file.save("demo-memo.pdf", ContentFile(HTML(string=html).write_pdf()), save=False)
    document.save()
    return document


def _quiz_demo():
    try:
        from quizzes import demo
    except ImportError:  # the quizzes app ships no demo loader
        return None
    return demo


def _demo_tests():
    """The quizzes app's demo pre-test and post-test (its loader runs before this one)."""
    from quizzes.selectors import quiz_by_slug

    quiz_demo = _quiz_demo()

    pre_slug = getattr(quiz_demo, "PRE_TEST", "demo-child-protection-pre-test")
    post_slug = getattr(quiz_demo, "POST_TEST", "demo-child-protection-post-test")
    return quiz_by_slug(slug=pre_slug, language_code="kk"), quiz_by_slug(slug=post_slug, language_code="kk")


def _course_fields(lang: str) -> dict:
    data = COURSE[lang]
    return {
        "title": data["title"],
        "summary": data["summary"],
        "description": data["description"],
        "learning_outcomes": [("outcome", text) for text in data["outcomes"]],
    }


@transaction.atomic
def load(stdout) -> None:
    locales()
    home = HomePage.objects.get(depth=2, locale__language_code="kk")
    memo = _memo()
    pre_test, post_test = _demo_tests()
    index = upsert_child(
        home, CourseIndexPage, slug="trainings", title=INDEX["kk"][0], intro=INDEX["kk"][1], show_in_menus=True
    )
    upsert_translation(index, "ru", title=INDEX["ru"][0], intro=INDEX["ru"][1], show_in_menus=True)
    course = upsert_child(
        index,
        CoursePage,
        slug="families-in-difficulty",
        estimated_hours=2,
        language="",
        audiences=[],
        certificate_enabled=True,
        certificate_validity_months=24,
        require_quizzes_passed=True,
        pre_test=pre_test,
        post_test=post_test,
        **_course_fields("kk"),
    )
    upsert_translation(course, "ru", **_course_fields("ru"))
    lessons_by_lang = {lang: _lessons(lang, memo=memo, post_test=post_test) for lang in ("kk", "ru")}
    for slug, titles in MODULES:
        module = upsert_child(course, ModulePage, slug=slug, title=titles["kk"][0], intro=titles["kk"][1])
        upsert_translation(module, "ru", title=titles["ru"][0], intro=titles["ru"][1])
        for position, (lesson_slug, title, summary, minutes, body) in enumerate(lessons_by_lang["kk"][slug]):
            lesson = upsert_child(
                module, LessonPage, slug=lesson_slug, title=title, summary=summary, minutes=minutes, body=body
            )
            _slug, ru_title, ru_summary, _minutes, ru_body = lessons_by_lang["ru"][slug][position]
            upsert_translation(lesson, "ru", title=ru_title, summary=ru_summary, minutes=minutes, body=ru_body)
    _alias_tree_in(index, "en")
    certificate = _demo_learner(course, pre_test=pre_test, post_test=post_test)
    stdout.write(
        f"Demo course “{course.title}” at /kk/trainings/ and /ru/trainings/ "
        f"({'with' if post_test else 'WITHOUT (no demo quizzes found)'} pre-test and post-test)."
    )
    if certificate:
        stdout.write(f"  {DEMO_LEARNER_EMAIL} has completed it: certificate /kk/certificates/{certificate.code}/")


def _take_demo_tests(learner, *, pre_test, post_test) -> None:
    """A weak pre-test and a passed post-test, recorded through the quiz services, so reports
    show knowledge gained. Skipped once the learner has passed (the loader is idempotent)."""
    from quizzes.selectors import has_passed

    complete_attempt = getattr(_quiz_demo(), "complete_attempt", None)
    if complete_attempt is None or post_test is None or has_passed(quiz=post_test, user=learner):
        return
    if pre_test is not None:
        complete_attempt(quiz=pre_test, user=learner, full_marks=False)
    complete_attempt(quiz=post_test, user=learner, full_marks=True)


def _alias_tree_in(index: CourseIndexPage, language_code: str) -> None:
    """English readers get the Kazakh course, marked by the site as not translated yet."""
    locale = locales()[language_code]
    for page in [index, *index.get_descendants().order_by("path")]:
        if page.get_translation_or_none(locale) is None:
            page.specific.copy_for_translation(locale, copy_parents=True, alias=True)


def _demo_learner(course: CoursePage, *, pre_test, post_test) -> Certificate | None:
    learner = User.objects.filter(email=DEMO_LEARNER_EMAIL).first()
    if learner is None:
        return None
    enrolment = services.enrol(user=learner, course=course, source=EnrolmentSource.DEMO)
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path"):
        LessonProgress.objects.get_or_create(
            enrolment=enrolment, lesson_key=lesson.translation_key, defaults={"lesson": lesson}
        )
    _take_demo_tests(learner, pre_test=pre_test, post_test=post_test)
    services.evaluate_completion(enrolment=enrolment, language_code="kk")
    enrolment.refresh_from_db()
    if not enrolment.is_complete:
        # Without the quizzes app's demo attempts the rule cannot hold: demo data marks the course done.
        Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    return services.issue_certificate(enrolment_id=enrolment.pk, language_code="kk", notify=False)
