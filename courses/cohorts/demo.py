"""Demo focus groups in Almaty (KZ-75) and Astana (KZ-71): approved schedules with attendance,
quiz results and certificates, so the reports show real-looking numbers; and one schedule waiting
for approval. Every person is on the reserved .invalid domain; idempotent (groups are matched by name).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from random import Random

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from cms.accounts import services as account_services
from cms.accounts.demo import DEMO_PASSWORD
from cms.accounts.models import Role, User
from courses.models import Certificate, CoursePage, Enrolment

from . import services
from .models import Attendance, AttendanceRequirement, AttendanceStatus, FocusGroup, Membership, Session, SessionFormat

COORDINATOR = "coordinator@demo.invalid"
APPROVER = "approver@demo.invalid"
COORDINATOR_AST = "coordinator.ast@demo.invalid"
TRAINER = "lecturer@demo.invalid"

FIRST = [
    "Айгерім",
    "Бауыржан",
    "Гүлмира",
    "Дәурен",
    "Жанар",
    "Ильяс",
    "Камила",
    "Мадина",
    "Нұржан",
    "Ольга",
    "Руслан",
    "Сәуле",
    "Тимур",
    "Әлия",
]
LAST = [
    "Демо-Әбенова",
    "Демо-Байжанов",
    "Демо-Ғалиева",
    "Демо-Иванов",
    "Демо-Қасымова",
    "Демо-Петрова",
    "Демо-Сейітов",
    "Демо-Тұрсынова",
    "Демо-Өмірзақов",
    "Демо-Ким",
]
ROLES = [Role.PSYCHOLOGIST, Role.SOCIAL_PEDAGOGUE, Role.INSPECTOR, Role.SOCIAL_WORKER, Role.CHILD_RIGHTS]
AGENCIES = ["Демо: Білім басқармасы", "Демо: Полиция департаменті", "Демо: Әлеуметтік қорғау басқармасы"]

GROUPS = [
    {
        "key": "ala",
        "name": "Демо: Алматы — мектеп психологтары мен педагогтар",
        "region": "KZ-75",
        "agency": AGENCIES[0],
        "roles": [Role.PSYCHOLOGIST, Role.SOCIAL_PEDAGOGUE],
        "members": 14,
        "coordinator": COORDINATOR,
        "approve": True,
        "venue": "Демо: Алматы, Абай даңғылы 10, 3-қабат, 305 аудитория",
    },
    {
        "key": "ala2",
        "name": "Демо: Алматы — учаскелік инспекторлар",
        "region": "KZ-75",
        "agency": AGENCIES[1],
        "roles": [Role.INSPECTOR],
        "members": 8,
        "coordinator": COORDINATOR_AST,  # drafted by a colleague, so the demo coordinator can approve it
        "approve": False,
        "venue": "Демо: Алматы, Төле би 55, мәжіліс залы",
    },
    {
        "key": "ast",
        "name": "Демо: Астана — әлеуметтік қызметкерлер",
        "region": "KZ-71",
        "agency": AGENCIES[2],
        "roles": [Role.SOCIAL_WORKER, Role.CHILD_RIGHTS],
        "members": 12,
        "coordinator": COORDINATOR_AST,
        "approve": True,
        "venue": "Демо: Астана, Мәңгілік Ел 8, 12 кабинет",
    },
]


def _user(email: str, **fields) -> User:
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def _staff() -> dict[str, User]:
    approve = Permission.objects.get(codename="approve_schedule", content_type__app_label="cohorts")
    coordinator = _user(
        COORDINATOR, first_name="Асхат", last_name="Демо-Үйлестіруші", role=Role.COORDINATOR, region="KZ-75"
    )
    # The demo coordinator may also approve schedules drafted by others (never their own).
    coordinator.user_permissions.add(approve)
    approver = _user(APPROVER, first_name="Гүлнар", last_name="Демо-Бекітуші", role=Role.COORDINATOR, region="KZ-71")
    approver.user_permissions.add(approve)
    other = _user(
        COORDINATOR_AST, first_name="Ерлан", last_name="Демо-Үйлестіруші", role=Role.COORDINATOR, region="KZ-71"
    )
    trainer = _user(TRAINER, first_name="Ольга", last_name="Демо-Лектор", role=Role.LECTURER, region="KZ-71")
    return {"coordinator": coordinator, "approver": approver, "other": other, "trainer": trainer}


def _learners(spec: dict, rng: Random) -> list[User]:
    people = []
    for n in range(spec["members"]):
        role = spec["roles"][n % len(spec["roles"])]
        people.append(
            _user(
                f"learner-{spec['key']}-{n + 1:02d}@demo.invalid",
                first_name=FIRST[(n + len(spec["key"])) % len(FIRST)],
                last_name=LAST[(n * 3 + len(spec["key"])) % len(LAST)],
                role=role,
                region=spec["region"],
                agency=spec["agency"] if n % 4 else rng.choice(AGENCIES),
                organisation=f"Демо ұйым №{n % 5 + 1}",
            )
        )
    return people


def _results(*, course: CoursePage | None, learners: list[User], sessions: list[Session], rng: Random, by) -> None:
    """Attendance on held sessions, pre/post tests and completions, with some learners behind."""
    from quizzes.models import Attempt, AttemptStatus, Quiz

    post = Quiz.objects.filter(pre_test__isnull=False, locale__language_code="kk").select_related("pre_test").first()
    today = timezone.localdate()
    held = [s for s in sessions if s.ends_at < timezone.now() and not s.cancelled]
    for session in held:
        marks = {}
        for learner in learners:
            roll = rng.random()
            marks[learner.pk] = (
                AttendanceStatus.PRESENT
                if roll < 0.8
                else AttendanceStatus.EXCUSED
                if roll < 0.9
                else AttendanceStatus.ABSENT
            )
        if not Attendance.objects.filter(session=session).exists():
            services.mark_attendance(session=session, by=by, marks=marks)
    for index, learner in enumerate(learners):
        if post is not None:
            pre_percent = Decimal(rng.randrange(25, 65))
            post_percent = min(Decimal(100), pre_percent + Decimal(rng.randrange(5, 45)))
            for quiz, percent, when in (
                (post.pre_test, pre_percent, held[0].starts_at if held else timezone.now()),
                (post, post_percent, held[-1].ends_at if held else timezone.now()),
            ):
                Attempt.objects.get_or_create(
                    quiz_key=quiz.translation_key,
                    user=learner,
                    number=1,
                    defaults={
                        "quiz": quiz,
                        "status": AttemptStatus.SUBMITTED,
                        "started_at": when - timedelta(minutes=20),
                        "submitted_at": when,
                        "score": percent,
                        "max_score": 100,
                        "percent": percent,
                        "passed": percent >= quiz.pass_mark,
                        "context": "demo",
                    },
                )
        if course is None or index % 3 == 2:
            continue  # a third of each group is still working through the course
        enrolment = Enrolment.objects.filter(user=learner, course_key=course.translation_key).first()
        if enrolment is None or enrolment.completed_at:
            continue
        completed = timezone.now() - timedelta(days=rng.randrange(1, 20))
        Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=completed)
        # Two learners hold an older certificate that comes up for renewal soon.
        issued = today - timedelta(days=700) if index in (0, 4) else completed.date()
        Certificate.objects.get_or_create(
            enrolment=enrolment,
            completed_at=completed,
            defaults={
                "user": learner,
                "course": course,
                "course_key": course.translation_key,
                "holder_name": learner.full_name,
                "course_title": course.title,
                "hours": course.estimated_hours,
                "language": "kk",
                "issued_on": issued,
                "expires_on": issued + timedelta(days=730) if course.certificate_validity_months else None,
            },
        )


def _schedule(group: FocusGroup, spec: dict, trainer: User, coordinator: User) -> list[Session]:
    if group.sessions.exists():
        return list(group.sessions.all())
    today = timezone.localdate()
    plan = [
        ("Балаға қатыгездік белгілерін анықтау", -21, SessionFormat.IN_PERSON),
        ("Отбасымен алғашқы сұхбат", -14, SessionFormat.ONLINE),
        ("Ведомствоаралық жолдау: кімге және қалай", -7, SessionFormat.IN_PERSON),
        ("Кейстер талдауы және қорытынды тест", 3, SessionFormat.IN_PERSON),
    ]
    sessions = []
    for title, offset, fmt in plan:
        session = Session(
            title=title,
            format=fmt,
            starts_at=_at(today + timedelta(days=offset), 10),
            duration_minutes=180,
            trainer=trainer,
            venue=spec["venue"] if fmt == SessionFormat.IN_PERSON else "",
            online_url="https://meet.demo.invalid/protect-children" if fmt == SessionFormat.ONLINE else "",
            capacity=spec["members"] + 6,
        )
        sessions.append(services.create_session(group=group, by=coordinator, session=session))
    return sessions


@transaction.atomic
def load(stdout) -> None:
    rng = Random(37)  # the same numbers on every load
    staff = _staff()
    course = CoursePage.objects.live().filter(slug="families-in-difficulty", locale__language_code="kk").first()
    course = course or CoursePage.objects.live().filter(locale__language_code="kk").first()
    if course is not None:
        # Focus-group learners of the demo course must attend three quarters of their sessions.
        AttendanceRequirement.objects.get_or_create(course=course, defaults={"min_percent": 75})
    for spec in GROUPS:
        coordinator = staff["coordinator"] if spec["coordinator"] == COORDINATOR else staff["other"]
        group, created = FocusGroup.objects.get_or_create(
            name=spec["name"],
            defaults={
                "region": spec["region"],
                "agency": spec["agency"],
                "target_roles": list(spec["roles"]),
                "is_demo": True,
            },
        )
        learners = _learners(spec, rng)
        for learner in learners:
            Membership.objects.get_or_create(group=group, user=learner, defaults={"added_by": coordinator})
        services.save_group(group=group, by=coordinator, courses=[course] if course else [], coordinators=[coordinator])
        sessions = _schedule(group, spec, staff["trainer"], coordinator)
        if created:
            services.submit_schedule(group=group, by=coordinator)
            if spec["approve"]:
                services.approve_schedule(group=group, by=staff["approver"], comment="Демо: келісілді / согласовано")
                # One change after approval, so the audit trail has something to show.
                last = sessions[-1]
                services.update_session(
                    session=last, by=coordinator, notify=False, starts_at=last.starts_at + timedelta(hours=4)
                )
        group.refresh_from_db()
        if group.is_approved:
            _results(course=course, learners=learners, sessions=sessions, rng=rng, by=staff["trainer"])
    codes = account_services.issue_backup_codes(user=staff["approver"], count=3)
    other_codes = account_services.issue_backup_codes(user=staff["other"], count=3)
    stdout.write("")
    stdout.write("Demo focus groups: /kk/staff/groups/ (reports at /kk/staff/reports/)")
    stdout.write(f"  {COORDINATOR} (KZ-75) can approve “{GROUPS[1]['name']}”, which waits for approval")
    stdout.write(f"  {APPROVER:32} approver (KZ-71); backup codes: {' '.join(codes)}")
    stdout.write(f"  {COORDINATOR_AST:32} coordinator (KZ-71); backup codes: {' '.join(other_codes)}")
    stdout.write(f"  {TRAINER} trains every demo session: /kk/staff/sessions/")
    if course is None:
        stdout.write("  (no demo course found: groups have no course, so enrolment and certificates are empty)")
