"""Demo lectures: a series in Kazakh and Russian with a past session (recording, captions,
check-ins, feedback, self-check results) and upcoming ones. Everything is marked as demo."""

from datetime import datetime, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cms.accounts.models import User
from cms.home.demo import locales, upsert_child, upsert_translation
from cms.home.models import HomePage
from quizzes.demo import SELF_CHECK
from quizzes.selectors import quiz_by_slug

from .choices import Audience, Grade, LectureLanguage, ModerationStatus, Provider
from .models import (
    ClassCheckIn,
    Feedback,
    LectureIndexPage,
    LectureLecturer,
    LecturePage,
    Lecturer,
    LecturerFocusGroup,
    LectureSeriesPage,
    LectureSession,
    SelfCheckResult,
)
from .services import normalise_school

DEMO_MEDIA = Path(__file__).parent / "demo_media"
# Current ISO 3166-2:KZ codes (cms.regions).
ALMATY, ASTANA, KARAGANDA = "KZ-75", "KZ-71", "KZ-35"
JITSI_DEMO = "https://meet.lectures.demo.invalid/demo-safety-lecture"

INDEX = {
    "kk": (
        "Онлайн дәрістер",
        "9–11 сынып оқушыларына және колледждің 1–2 курс студенттеріне арналған зорлық-зомбылықтың алдын алу және қауіпсіздік туралы дәрістер (демо).",
    ),
    "ru": (
        "Онлайн-лекции",
        "Лекции о профилактике насилия и безопасности для учащихся 9–11 классов и студентов 1–2 курсов колледжей (демо).",
    ),
    "en": (
        "Online lectures",
        "Lectures on preventing violence and on safety for grades 9–11 and college years 1–2 (demo).",
    ),
}
SERIES = {
    "kk": (
        "Қауіпсіздік және зорлық-зомбылықтың алдын алу",
        "Үш дәрістен тұратын цикл: шекаралар, интернеттегі қауіпсіздік, көмекке қайдан жүгінуге болады (демо).",
    ),
    "ru": (
        "Безопасность и профилактика насилия",
        "Цикл лекций: личные границы, безопасность в интернете, куда обратиться за помощью (демо).",
    ),
}
LECTURES = [
    {
        "slug": "personal-boundaries",
        "audience": Audience.SCHOOL,
        "language": LectureLanguage.KAZAKH,
        "duration_minutes": 45,
        "kk": (
            "Жеке шекаралар және қауіпсіз қарым-қатынас",
            "Жеке шекаралар",
            "Шекараны қалай тануға және қорғауға болады, қандай әрекет зорлық-зомбылық болып саналады, кімге айтуға болады (демо дәріс).",
        ),
        "ru": (
            "Личные границы и безопасные отношения",
            "Личные границы",
            "Как распознать и защитить свои границы, что считается насилием и кому можно рассказать (демо-лекция).",
        ),
    },
    {
        "slug": "online-safety",
        "audience": Audience.COLLEGE,
        "language": LectureLanguage.RUSSIAN,
        "duration_minutes": 40,
        "kk": (
            "Интернеттегі қауіпсіздік: груминг, бопсалау, кибербуллинг",
            "Интернеттегі қауіпсіздік",
            "Интернеттегі қауіп белгілері және не істеу керек (демо дәріс).",
        ),
        "ru": (
            "Безопасность в интернете: груминг, шантаж, кибербуллинг",
            "Безопасность в интернете",
            "Признаки опасности в сети и что делать (демо-лекция).",
        ),
    },
]
LECTURERS = [
    (
        "Демо Ольга Лектор",
        "Демо ҮЕҰ «Қауіпсіз балалық»",
        "Демо ҮЕҰ психологы, 10 жыл жасөспірімдермен жұмыс істейді.",
        "Демо Ольга Лектор",
        "Демо-НКО «Безопасное детство»",
        "Психолог демо-НКО, 10 лет работает с подростками.",
        "lecturer@demo.invalid",
    ),
    (
        "Демо Серік Инспектор",
        "Демо ІІД ювеналдық полиция",
        "Ювеналдық полиция инспекторы (демо).",
        "Демо Серик Инспектор",
        "Демо ДП, ювенальная полиция",
        "Инспектор ювенальной полиции (демо).",
        None,
    ),
]
CAPTIONS = {
    "kk": [
        ("00:00:00.000", "00:00:02.000", "Сәлеметсіздер ме! Бұл — демо дәріс."),
        (
            "00:00:02.000",
            "00:00:04.000",
            "Егер сізге немесе досыңызға көмек керек болса, 111 нөміріне қоңырау шалыңыз.",
        ),
        ("00:00:04.000", "00:00:06.000", "Қоңырау тегін, тәулік бойы, атыңызды айтпауға болады."),
    ],
}


def _webvtt(cues) -> bytes:
    lines = ["WEBVTT", "", "NOTE Demo captions", ""]
    for number, (start, end, text) in enumerate(cues, 1):
        lines += [str(number), f"{start} --> {end}", text, ""]
    return "\n".join(lines).encode()


def _at(days: int, hour: int) -> datetime:
    today = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(today.year, today.month, today.day, hour, 0))


def _lecturers() -> list[Lecturer]:
    found = locales()
    made = []
    for kk_name, kk_org, kk_bio, ru_name, ru_org, ru_bio, email in LECTURERS:
        user = User.objects.filter(email=email).first() if email else None
        lecturer, _created = Lecturer.objects.update_or_create(
            locale=found["kk"], name=kk_name, defaults={"organisation": kk_org, "bio": kk_bio, "user": user}
        )
        russian = lecturer.get_translation_or_none(found["ru"])
        if russian is None:
            russian = lecturer.copy_for_translation(found["ru"])
        russian.name, russian.organisation, russian.bio, russian.user = ru_name, ru_org, ru_bio, user
        russian.save()
        made.append(lecturer)
    group, _created = LecturerFocusGroup.objects.update_or_create(
        name="Демо фокус-топ: дәріскерлер / Демо фокус-группа лекторов",
        defaults={"purpose": "Демо: агенттіктер мен ҮЕҰ дәріскерлері / лекторы ведомств и НКО (дорожная карта 4.2)."},
    )
    group.members.set(made)
    return made


def _session(code: str, lecture: LecturePage, **fields) -> LectureSession:
    session, _created = LectureSession.objects.update_or_create(
        check_in_code=code, defaults={"lecture": lecture, **fields}
    )
    return session


def _past_session_records(session: LectureSession) -> None:
    if not session.recording_file:
        session.recording_file.save(
            "demo-lecture.webm", ContentFile((DEMO_MEDIA / "placeholder.webm").read_bytes()), save=False
        )
    if not session.captions:
        session.captions.save("demo-lecture-kk.vtt", ContentFile(_webvtt(CAPTIONS["kk"])), save=False)
    session.save()
    classes = [
        ("Демо мектеп №5", ALMATY, Grade.GRADE_9, "А", 24),
        ("Демо мектеп №5", ALMATY, Grade.GRADE_10, "Б", 27),
        ("Демо гимназия №12", ASTANA, Grade.GRADE_11, "", 19),
        ("Демо колледж", KARAGANDA, Grade.COLLEGE_1, "", 30),
    ]
    for school, region, grade, letter, count in classes:
        ClassCheckIn.objects.update_or_create(
            session=session,
            school_key=normalise_school(school),
            region=region,
            grade=grade,
            class_letter=letter,
            defaults={"school": school, "students_present": count},
        )
    Feedback.objects.filter(session=session).delete()
    answers = [
        (5, 4, True, "Өте пайдалы болды, рахмет! (демо)", ModerationStatus.APPROVED, ALMATY),
        (4, 4, True, "", "", ALMATY),
        (3, 5, False, "Көбірек мысал керек (демо).", ModerationStatus.PENDING, ASTANA),
        (5, 5, True, "", "", KARAGANDA),
        (4, 3, True, "", "", ""),
    ]
    Feedback.objects.bulk_create(
        Feedback(
            session=session,
            usefulness=u,
            clarity=c,
            knows_where_to_get_help=k,
            comment=text,
            comment_status=status,
            region=region,
        )
        for u, c, k, text, status, region in answers
    )
    SelfCheckResult.objects.filter(session=session).delete()
    SelfCheckResult.objects.bulk_create(
        SelfCheckResult(session=session, score_percent=score, region=region)
        for score, region in ((80, ALMATY), (100, ALMATY), (60, ASTANA), (90, KARAGANDA))
    )


@transaction.atomic
def load(stdout) -> None:
    found = locales()
    home = HomePage.objects.filter(locale=found["kk"], depth=2).first()
    if home is None:
        stdout.write("Lectures: no home page; run the home loader first.")
        return
    index = upsert_child(home, LectureIndexPage, slug="lectures", title=INDEX["kk"][0], intro=INDEX["kk"][1], show_in_menus=True)
    for code in ("ru", "en"):
        upsert_translation(index, code, title=INDEX[code][0], intro=INDEX[code][1], show_in_menus=True)
    series = upsert_child(
        index, LectureSeriesPage, slug="safety", title=SERIES["kk"][0], summary=SERIES["kk"][1], audience=""
    )
    upsert_translation(series, "ru", title=SERIES["ru"][0], summary=SERIES["ru"][1])
    lecturers = _lecturers()
    # The quizzes loader (run before this one) makes the anonymous self-check in kk and ru.
    quiz = quiz_by_slug(slug=SELF_CHECK, language_code="kk")
    pages = []
    for number, spec in enumerate(LECTURES):
        title, topic, summary = spec["kk"]
        links = {"lecture_lecturers": [LectureLecturer(lecturer=lecturers[number % len(lecturers)], sort_order=0)]}
        lecture = upsert_child(
            series,
            LecturePage,
            slug=spec["slug"],
            title=title,
            topic=topic,
            summary=summary,
            audience=spec["audience"],
            language=spec["language"],
            duration_minutes=spec["duration_minutes"],
            self_check_quiz=quiz,
            **links,
        )
        ru_title, ru_topic, ru_summary = spec["ru"]
        upsert_translation(
            lecture,
            "ru",
            title=ru_title,
            topic=ru_topic,
            summary=ru_summary,
            self_check_quiz=quiz,
            lecture_lecturers=[LectureLecturer(lecturer=lecturers[number % len(lecturers)], sort_order=0)],
        )
        pages.append(lecture)

    past = _session(
        "DEMK47",
        pages[0],
        starts_at=_at(-3, 11),
        ends_at=_at(-3, 11) + timedelta(minutes=45),
        provider=Provider.JITSI,
        join_url=JITSI_DEMO,
        captions_language="kk",
        embed_html=f'<iframe src="{JITSI_DEMO}" title="Jitsi" allow="camera; microphone; fullscreen"></iframe>',
    )
    _past_session_records(past)
    _session(
        "DEMK49",
        pages[0],
        starts_at=_at(4, 11),
        ends_at=_at(4, 11) + timedelta(minutes=45),
        provider=Provider.JITSI,
        join_url=JITSI_DEMO,
        embed_html=f'<iframe src="{JITSI_DEMO}" title="Jitsi" allow="camera; microphone; fullscreen"></iframe>',
    )
    _session(
        "DEMR43",
        pages[1],
        starts_at=_at(6, 14),
        ends_at=_at(6, 14) + timedelta(minutes=40),
        provider=Provider.LINK,
        join_url="https://lectures.demo.invalid/online-safety",
    )
    stdout.write("Lectures: a demo series in kk and ru, one past session with a recording and two upcoming ones.")
