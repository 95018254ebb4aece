"""A learner's way through a course in a real browser: enrol, finish a lesson, pass the final quiz
with the keyboard only, download the certificate, and the pages involved pass axe."""

import pytest

from courses.models import Certificate
from tests.courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory, ModulePageFactory
from tests.factories import PASSWORD, UserFactory
from tests.quizzes.factories import QuizFactory, true_false

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def course(site_url, home_tree):
    home = home_tree["home"]["kk"]
    index = CourseIndexPageFactory(parent=home, locale=home.locale)
    quiz = QuizFactory(title="Қорытынды тест", pass_mark=100)
    true_false(quiz, answer=True, text="111 — тегін желі ме?")
    course = CoursePageFactory(parent=index, slug="course", title="Балаларды қорғау", post_test=quiz)
    module = ModulePageFactory(parent=course, slug="module")
    lesson = LessonPageFactory(
        parent=module,
        slug="lesson",
        title="Белгілер",
        body=[
            ("text", "<p>Сабақ мәтіні.</p>"),
            ("accordion", {"items": [{"title": "Толығырақ", "body": "<p>Ішкі мәтін</p>"}]}),
            (
                "case_study",
                {
                    "title": "Жағдай",
                    "situation": "<p>Оқушы</p>",
                    "questions": ["Не істейсіз?"],
                    "discussion": "<p>Талқылау</p>",
                },
            ),
        ],
    )
    return {"course": course, "lesson": lesson, "quiz": quiz}


def sign_in(page, site_url, user):
    page.goto(f"{site_url}/kk/accounts/login/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def test_learner_enrols_finishes_a_lesson_passes_the_quiz_by_keyboard_and_downloads_the_certificate(
    axe_page, site_url, course, assert_accessible
):
    page = axe_page
    learner = UserFactory(first_name="Әсел", last_name="Ғалымқызы", role="psychologist")
    sign_in(page, site_url, learner)

    page.goto(site_url + course["course"].url)
    assert_accessible(page)
    page.click("form[action*='/enrol/'] button")
    page.wait_for_url(site_url + course["lesson"].url)
    assert_accessible(page)

    page.click("form[action*='/complete/'] button")
    page.wait_for_url(site_url + course["course"].url)
    assert page.locator("progress#course-progress").get_attribute("value") == "100"

    # The final test, by keyboard only.
    page.locator(".quiz-card a, a[href*='/quizzes/']").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/quizzes/**")
    assert_accessible(page)
    page.locator("form[action*='/start/'] button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/quizzes/attempts/**")
    assert_accessible(page)
    page.locator("input[type=radio][value=true]").focus()
    page.keyboard.press("Space")
    assert page.locator("input[type=radio][value=true]").is_checked()
    page.locator("button[name=action][value=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)

    certificate = Certificate.objects.get(user=learner)
    page.goto(f"{site_url}/kk/my-learning/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.click(f"a[href$='/certificates/{certificate.code}.pdf']")
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.goto(f"{site_url}/kk/certificates/{certificate.code}/")
    assert "Әсел Ғалымқызы" in page.content()
    assert_accessible(page)


def test_lesson_reads_and_folds_open_without_javascript(browser, site_url, course):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + course["lesson"].url)
    page.click("summary:has-text('Толығырақ')")
    assert page.locator("text=Ішкі мәтін").is_visible()
    context.close()


def test_verify_not_found_page_is_accessible(axe_page, site_url, course, assert_accessible):
    axe_page.goto(f"{site_url}/ru/certificates/NOSUCHCODE/")
    assert "Сертификат не найден" in axe_page.content()
    assert_accessible(axe_page)
