"""Editors: quizzes as translatable snippets with inline questions, and the GIFT import view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from quizzes.models import Question, QuestionKind, Quiz
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, locale, quiz_with_every_type

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/quizzes/import-gift/"


def admin_language(user, code: str) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = code
    profile.save()


@pytest.fixture(autouse=True)
def _english_admin(request):
    if "verified_client" in request.fixturenames:
        admin_language(request.getfixturevalue("verified_client").user, "en")


def test_quiz_listing_and_edit_page_render(verified_client):
    quiz = quiz_with_every_type(title="Pre-test")
    assert "Pre-test" in verified_client.get("/admin/snippets/quizzes/quiz/").text
    response = verified_client.get(f"/admin/snippets/quizzes/quiz/edit/{quiz.pk}/")
    assert response.status_code == 200
    assert "questions-TOTAL_FORMS" in response.text


def test_editor_creates_a_quiz_with_inline_questions(verified_client):
    locale("kk")
    data = nested_form_data(
        {
            "title": "Safety check",
            "slug": "safety-check",
            "intro": "",
            "pass_mark": 70,
            "reveal_answers": "final",
            "shuffle_questions": "on",
            "questions": inline_formset(
                [
                    {
                        "kind": QuestionKind.TRUE_FALSE,
                        "points": 1,
                        "name": "",
                        "text": "111 is free of charge.",
                        "answers": streamfield([]),
                        "true_false_answer": "true",
                        "feedback_correct": "",
                        "feedback_incorrect": "",
                        "explanation": "",
                    },
                    {
                        "kind": QuestionKind.SINGLE,
                        "points": 2,
                        "name": "",
                        "text": "Which number is the helpline?",
                        "answers": streamfield(
                            [
                                ("option", {"text": "111", "correct": "on", "weight": "", "feedback": ""}),
                                ("option", {"text": "103", "weight": "", "feedback": "An ambulance."}),
                            ]
                        ),
                        "true_false_answer": "",
                        "feedback_correct": "",
                        "feedback_incorrect": "",
                        "explanation": "",
                    },
                ]
            ),
        }
    )
    data["locale"] = "kk"
    response = verified_client.post("/admin/snippets/quizzes/quiz/add/?locale=kk", data)
    assert response.status_code == 302
    quiz = Quiz.objects.get(slug="safety-check")
    assert [q.kind for q in quiz.questions.order_by("sort_order")] == [QuestionKind.TRUE_FALSE, QuestionKind.SINGLE]
    assert quiz.questions.get(kind=QuestionKind.SINGLE).blocks_of("option")[1].value["feedback"] == "An ambulance."


def test_admin_rejects_a_question_without_a_correct_option(verified_client):
    locale("kk")
    data = nested_form_data(
        {
            "title": "Broken",
            "slug": "broken",
            "intro": "",
            "pass_mark": 70,
            "reveal_answers": "final",
            "questions": inline_formset(
                [
                    {
                        "kind": QuestionKind.SINGLE,
                        "points": 1,
                        "name": "",
                        "text": "Pick one",
                        "answers": streamfield(
                            [
                                ("option", {"text": "a", "weight": "", "feedback": ""}),
                                ("option", {"text": "b", "weight": "", "feedback": ""}),
                            ]
                        ),
                        "true_false_answer": "",
                        "feedback_correct": "",
                        "feedback_incorrect": "",
                        "explanation": "",
                    }
                ]
            ),
        }
    )
    data["locale"] = "kk"
    response = verified_client.post("/admin/snippets/quizzes/quiz/add/?locale=kk", data)
    assert response.status_code == 200
    assert "Mark one option as correct" in response.text
    assert not Quiz.objects.filter(slug="broken").exists()


def test_gift_check_reports_and_imports_nothing(verified_client):
    quiz = QuizFactory()
    upload = SimpleUploadedFile("bank.gift", b"A? {T}\n\nB? {~x ~y}\n")
    response = verified_client.post(IMPORT_URL, {"quiz": quiz.pk, "file": upload, "action": "check"})
    assert response.status_code == 200
    assert "Line 3:" in response.text
    assert 'value="import"' not in response.text
    assert quiz.questions.count() == 0


def test_gift_check_then_import_adds_the_questions(verified_client):
    quiz = QuizFactory()
    upload = SimpleUploadedFile("bank.gift", "Тест? {T}\n\nB? {=yes ~no}\n".encode())
    checked = verified_client.post(IMPORT_URL, {"quiz": quiz.pk, "file": upload, "action": "check"})
    assert 'value="import"' in checked.text
    assert quiz.questions.count() == 0
    source = checked.context["source_text"]
    done = verified_client.post(IMPORT_URL, {"quiz": quiz.pk, "source": source, "action": "import"})
    assert done.status_code == 302
    assert list(quiz.questions.order_by("sort_order").values_list("text", flat=True)) == ["Тест?", "B?"]


def test_gift_refused_types_need_the_skip_box(verified_client):
    quiz = QuizFactory()
    source = "A? {T}\n\nB? {#4}\n"
    blocked = verified_client.post(IMPORT_URL, {"quiz": quiz.pk, "source": source, "action": "import"})
    assert blocked.status_code == 200
    assert "Line 3:" in blocked.text
    assert quiz.questions.count() == 0
    verified_client.post(IMPORT_URL, {"quiz": quiz.pk, "source": source, "action": "import", "skip_unsupported": "on"})
    assert quiz.questions.count() == 1


def test_gift_report_is_in_the_editors_language(verified_client):
    admin_language(verified_client.user, "ru")
    quiz = QuizFactory()
    response = verified_client.post(IMPORT_URL, {"quiz": quiz.pk, "source": "B? {~x ~y}", "action": "check"})
    assert "Строка 1:" in response.text


def test_gift_import_needs_quiz_permissions(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    response = client.get(IMPORT_URL)
    assert response.status_code in (302, 403)
    assert Question.objects.count() == 0


def test_gift_import_form_asks_for_a_file(verified_client):
    quiz = QuizFactory()
    response = verified_client.post(IMPORT_URL, {"quiz": quiz.pk, "action": "check"})
    assert "Choose a GIFT file." in response.text


def test_quiz_listing_links_to_the_gift_import_for_each_quiz(verified_client):
    quiz = QuizFactory()
    response = verified_client.get("/admin/snippets/quizzes/quiz/")
    assert f"{IMPORT_URL}?quiz={quiz.pk}" in response.text
    form = verified_client.get(f"{IMPORT_URL}?quiz={quiz.pk}")
    assert f'<option value="{quiz.pk}" selected>' in form.text
