"""Reads that pages, views and services share: outlines, progress and the learner's overview."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Count, Q

from . import quiz_api
from .models import Certificate, CoursePage, Enrolment, LessonPage, ModulePage

if TYPE_CHECKING:
    from quizzes.selectors import QuizCard


@dataclass
class LessonItem:
    lesson: LessonPage
    done: bool = False
    current: bool = False


@dataclass
class ModuleItem:
    module: ModulePage
    lessons: list[LessonItem] = field(default_factory=list)


@dataclass
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class Outline:
    course: CoursePage
    modules: list[ModuleItem]
    enrolment: Enrolment | None
    progress: Progress
    resume: LessonPage | None
    can_enrol: bool
    certificate: Certificate | None = None
    requirements: list = field(default_factory=list)
    # The cards of the pre-test and post-test (in the reader's language), read at once.
    pre_test: "QuizCard | None" = None
    post_test: "QuizCard | None" = None

    @property
    def lessons(self) -> list[LessonItem]:
        return [item for module in self.modules for item in module.lessons]


def lessons_of(*, course: CoursePage):
    return LessonPage.objects.live().descendant_of(course).order_by("path")


def lesson_keys(*, course: CoursePage) -> list[UUID]:
    return list(lessons_of(course=course).values_list("translation_key", flat=True))


def quiz_pks(*, body) -> list[int]:
    """The quizzes a lesson body's quiz blocks chose, in order, read from the stored data without
    loading the blocks (a quiz since deleted is left out where the quizzes are read)."""
    return [item["value"] for item in body.raw_data if item["type"] == "quiz" and item["value"] is not None]


def required_quizzes(*, course: CoursePage) -> list:
    """Every quiz a learner must pass: each quiz block in a live lesson, then the post-test.

    Two queries however many lessons and quizzes: the quiz blocks are read from the lessons' stored
    data (as the blocks themselves would, skipping a quiz since deleted) and the quizzes all at once.
    """
    pks = [pk for body in lessons_of(course=course).values_list("body", flat=True) for pk in quiz_pks(body=body)]
    if course.post_test_id is not None:
        pks.append(course.post_test_id)
    found = quiz_api.quizzes_by_pk(pks=pks)
    return [found[pk] for pk in pks if pk in found]


def enrolment_for(*, user, course: CoursePage) -> Enrolment | None:
    """The learner's enrolment with its progress read along, so the page and the completion rules
    share one read of it."""
    if not user.is_authenticated:
        return None
    enrolment = (
        Enrolment.objects.filter(user=user, course_key=course.translation_key).prefetch_related("progress").first()
    )
    if enrolment is not None:
        enrolment.user = user  # known already: the completion rules need not read it again
    return enrolment


def done_keys(*, enrolment: Enrolment | None) -> set[UUID]:
    if enrolment is None:
        return set()
    return {progress.lesson_key for progress in enrolment.progress.all()}


def resume_lesson(*, lessons: list[LessonPage], done: set[UUID], last_key: UUID | None) -> LessonPage | None:
    """Where to carry on: the lesson last opened if unfinished, else the next unfinished one after it."""
    if not lessons:
        return None
    start = 0
    for position, lesson in enumerate(lessons):
        if lesson.translation_key == last_key:
            start = position
            break
    ordered = lessons[start:] + lessons[:start]
    return next((lesson for lesson in ordered if lesson.translation_key not in done), None)


def course_outline(*, course: CoursePage, user) -> Outline:
    from . import completion

    modules = list(
        ModulePage.objects.live()
        .child_of(course)
        .order_by("path")
        .only("id", "title", "path", "depth", "url_path", "locale_id", "intro")
    )
    lessons = list(
        lessons_of(course=course).only(
            "id", "title", "path", "depth", "url_path", "locale_id", "translation_key", "summary", "minutes"
        )
    )
    enrolment = enrolment_for(user=user, course=course)
    done = done_keys(enrolment=enrolment)
    by_module = {module.path: ModuleItem(module=module) for module in modules}
    for lesson in lessons:
        parent = by_module.get(lesson.path[: -course.steplen])
        if parent is not None:
            parent.lessons.append(LessonItem(lesson=lesson, done=lesson.translation_key in done))
    visible = [lesson for lesson in lessons if lesson.path[: -course.steplen] in by_module]
    outline = Outline(
        course=course,
        modules=list(by_module.values()),
        enrolment=enrolment,
        progress=Progress(done=sum(1 for lesson in visible if lesson.translation_key in done), total=len(visible)),
        resume=resume_lesson(lessons=visible, done=done, last_key=enrolment.last_lesson_key) if enrolment else None,
        can_enrol=bool(user.is_authenticated and enrolment is None and course.is_open_to(user.role)),
    )
    if enrolment is not None:
        outline.certificate = enrolment.certificates.order_by("-issued_on").first()
        if not enrolment.is_complete:
            outline.requirements = completion.evaluate(enrolment=enrolment, course=course)
    cards = quiz_api.quiz_cards(pks=[pk for pk in (course.pre_test_id, course.post_test_id) if pk], user=user)
    outline.pre_test, outline.post_test = cards.get(course.pre_test_id), cards.get(course.post_test_id)
    return outline


def lesson_context(*, lesson: LessonPage, user) -> dict:
    course = lesson.course
    lessons = list(
        lessons_of(course=course).only("id", "title", "path", "depth", "url_path", "locale_id", "translation_key")
    )
    enrolment = enrolment_for(user=user, course=course)
    done = done_keys(enrolment=enrolment)
    position = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), 0)
    return {
        "course": course,
        "enrolment": enrolment,
        "lesson_done": lesson.translation_key in done,
        "previous_lesson": lessons[position - 1] if position > 0 else None,
        "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
        "lesson_position": position + 1,
        "lesson_count": len(lessons),
        "progress": Progress(done=sum(1 for item in lessons if item.translation_key in done), total=len(lessons)),
    }


def lesson_quiz_cards(*, lesson: LessonPage, user) -> dict:
    """The cards of every quiz block of the lesson, read at once; each block finds its own here."""
    return quiz_api.quiz_cards(pks=quiz_pks(body=lesson.body), user=user)


@dataclass
class CourseCard:
    course: CoursePage
    enrolment: Enrolment | None
    progress: Progress | None


def course_cards(*, index, user) -> list[CourseCard]:
    courses = list(CoursePage.objects.live().child_of(index).order_by("path"))
    enrolments = {}
    if user.is_authenticated:
        enrolments = {
            enrolment.course_key: enrolment
            for enrolment in Enrolment.objects.filter(user=user, course_key__in=[c.translation_key for c in courses])
        }
    counts = _progress_by_course(courses=courses, enrolments=list(enrolments.values()))
    return [
        CourseCard(
            course=course,
            enrolment=enrolments.get(course.translation_key),
            progress=counts.get(course.translation_key) if course.translation_key in enrolments else None,
        )
        for course in courses
    ]


def _progress_by_course(*, courses: list[CoursePage], enrolments: list[Enrolment]) -> dict[UUID, Progress]:
    """Done/total lessons for each course in two queries, however many courses there are."""
    if not courses:
        return {}

    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth__gt=course.depth)
    keys_by_course: dict[UUID, set[UUID]] = {course.translation_key: set() for course in courses}
    for path, key in LessonPage.objects.live().filter(condition).values_list("path", "translation_key"):
        for course in courses:
            if path.startswith(course.path):
                keys_by_course[course.translation_key].add(key)
    done_by_course: dict[UUID, set[UUID]] = {}
    if enrolments:
        rows = Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).values_list(
            "course_key", "progress__lesson_key"
        )
        for course_key, lesson_key in rows:
            if lesson_key:
                done_by_course.setdefault(course_key, set()).add(lesson_key)
    return {
        key: Progress(done=len(lessons & done_by_course.get(key, set())), total=len(lessons))
        for key, lessons in keys_by_course.items()
    }


@dataclass
class LearningRow:
    enrolment: Enrolment
    course: CoursePage
    progress: Progress


def my_learning(*, user, language_code: str) -> dict:
    """Everything "My learning" shows, in a fixed number of queries."""
    enrolments = list(
        Enrolment.objects.filter(user=user).select_related("course").annotate(done_count=Count("progress"))
    )
    # Show each course in the reader's language when it has been translated.
    translations = {
        page.translation_key: page
        for page in CoursePage.objects.live().filter(
            translation_key__in=[e.course_key for e in enrolments], locale__language_code=language_code
        )
    }
    courses = {e.pk: translations.get(e.course_key, e.course) for e in enrolments}
    progress = _progress_by_course(courses=list({c.pk: c for c in courses.values()}.values()), enrolments=enrolments)
    rows = [
        LearningRow(enrolment=e, course=courses[e.pk], progress=progress.get(e.course_key, Progress(0, 0)))
        for e in enrolments
    ]
    certificates = list(Certificate.objects.filter(user=user).order_by("-issued_on", "-id"))
    return {
        "in_progress": [row for row in rows if not row.enrolment.is_complete],
        "completed": [row for row in rows if row.enrolment.is_complete],
        "certificates": certificates,
    }


__all__ = [
    "CourseCard",
    "LessonItem",
    "ModuleItem",
    "Outline",
    "Progress",
    "course_cards",
    "course_outline",
    "done_keys",
    "enrolment_for",
    "lesson_context",
    "lesson_keys",
    "lesson_quiz_cards",
    "lessons_of",
    "my_learning",
    "quiz_pks",
    "required_quizzes",
    "resume_lesson",
]
