"""GIFT import: Moodle's own examples file, bad files (all or nothing, line numbers), command, admin."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from quizzes import gift, services
from quizzes.models import Question, QuestionKind
from tests.quizzes.factories import QuizFactory, single

MOODLE_EXAMPLES = Path("/work/shared/gift/moodle-examples.gift.txt")
EXAMPLES = (
    MOODLE_EXAMPLES.read_text(encoding="utf-8")
    if MOODLE_EXAMPLES.exists()
    else (Path(__file__).parent / "data" / "moodle-examples.gift.txt").read_text(encoding="utf-8")
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_problems_are_reported_in_the_users_language():
    with translation.override("ru"):
        report = gift.parse("Q? {~a ~b}")
        assert (
            str(report.errors[0])
            == "Строка 1: ни один ответ не отмечен как верный (знаком = или положительным %весом%)."
        )
    with translation.override("kk"):
        assert str(gift.parse("Q? {#4}").refused[0]).startswith("1-жол: сандық сұрақтар")


def kinds(report) -> dict[str, int]:
    counts: dict[str, int] = {}
    for question in report.questions:
        counts[question.kind] = counts.get(question.kind, 0) + 1
    return counts


def only(source: str) -> gift.ParsedQuestion:
    report = gift.parse(source)
    assert not report.errors, [str(e) for e in report.errors]
    assert len(report.questions) == 1
    return report.questions[0]


def test_moodle_examples_file_reads_every_supported_question():
    report = gift.parse(EXAMPLES)
    assert report.errors == []
    assert kinds(report) == {"single": 11, "multiple": 2, "true_false": 4, "short": 6, "matching": 2}


def test_moodle_examples_file_refuses_numerical_questions_by_line():
    report = gift.parse(EXAMPLES)
    assert [problem.line for problem in report.refused] == [16, 70, 72, 74, 76, 85]
    assert all("numerical" in problem.message for problem in report.refused)


@pytest.mark.django_db
def test_moodle_examples_file_is_blocked_until_refused_types_are_skipped():
    quiz = QuizFactory()
    blocked = services.import_gift(quiz=quiz, source=EXAMPLES)
    assert blocked.blocked and blocked.imported == 0
    assert quiz.questions.count() == 0
    done = services.import_gift(quiz=quiz, source=EXAMPLES, skip_unsupported=True)
    assert done.imported == 25
    assert quiz.questions.count() == 25


@pytest.mark.django_db
def test_imported_questions_score_as_moodle_would():
    quiz = QuizFactory()
    services.import_gift(
        quiz=quiz,
        source="Who is entombed? {~%-50%No one ~%50%Grant ~%50%Grant's wife ~%-50%Grant's father}",
    )
    question = quiz.questions.get()
    from quizzes.scoring import score_response

    by_text = {block.value["text"]: block.id for block in question.blocks_of("option")}
    assert score_response(question, {"options": [by_text["Grant"], by_text["Grant's wife"]]}).correct
    assert score_response(question, {"options": [by_text["Grant"], by_text["No one"]]}).fraction == 0


def test_single_choice_with_feedback():
    question = only("Q?{~wrong#not this =right#Very good!}")
    assert question.kind == QuestionKind.SINGLE
    assert [(a["value"]["text"], a["value"]["correct"], a["value"]["feedback"]) for a in question.answers] == [
        ("wrong", False, "not this"),
        ("right", True, "Very good!"),
    ]


def test_missing_word_question_shows_a_blank():
    assert only("Grant is {~buried =entombed ~living} in Grant's tomb.").text == "Grant is _____ in Grant's tomb."


def test_title_and_multiline_question():
    question = only("::Kanji Origins::Japanese characters originally\ncame from what country? {~India =China}")
    assert question.name == "Kanji Origins"
    assert question.text == "Japanese characters originally\ncame from what country?"


def test_partial_weights_in_single_choice():
    question = only("Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}")
    weights = {a["value"]["text"]: a["value"]["weight"] for a in question.answers}
    assert weights == {"wrong answer": None, "half credit answer": 50, "full credit answer": None}


def test_multiple_answers_without_equals_sign():
    question = only("Which? {~%50%a ~%50%b ~c}")
    assert question.kind == QuestionKind.MULTIPLE
    assert [a["value"]["correct"] for a in question.answers] == [True, True, False]


@pytest.mark.parametrize(("mark", "truth"), [("T", True), ("F", False), ("TRUE", True), ("FALSE", False)])
def test_true_false_spellings(mark, truth):
    question = only(f"The sun rises in the east.{{{mark}}}")
    assert question.kind == QuestionKind.TRUE_FALSE
    assert question.true_false_answer is truth


def test_true_false_feedback_order_is_wrong_then_right():
    question = only("1+1=2 {T#No, it is true.#Yes.}")
    assert question.feedback_incorrect == "No, it is true."
    assert question.feedback_correct == "Yes."


def test_short_answer_with_several_answers_and_weights():
    question = only("Two plus two equals {=four =4 =%50%for}.")
    assert question.kind == QuestionKind.SHORT_ANSWER
    assert question.text == "Two plus two equals _____."
    assert [(a["value"]["text"], a["value"]["weight"]) for a in question.answers] == [
        ("four", None),
        ("4", None),
        ("for", 50),
    ]


def test_matching_with_a_distractor():
    question = only("Match. {=Canada -> Ottawa =Italy -> Rome = -> Paris}")
    assert question.kind == QuestionKind.MATCHING
    assert [(a["value"]["prompt"], a["value"]["match"]) for a in question.answers] == [
        ("Canada", "Ottawa"),
        ("Italy", "Rome"),
        ("", "Paris"),
    ]


def test_general_feedback_becomes_the_explanation():
    assert only("Q? {=yes ~no ####Because of the law.}").explanation == "Because of the law."


def test_escaped_control_characters_are_literal():
    question = only(r"Which answer equals 5\: the sum\? {~ \= 2 + 2 = \= 2 + 3 ~ \{x\} \# \~}")
    assert question.text == "Which answer equals 5: the sum\\?"
    assert [a["value"]["text"] for a in question.answers] == ["= 2 + 2", "= 2 + 3", "{x} # ~"]


def test_categories_are_reported_and_attached():
    report = gift.parse("$CATEGORY: $course$/Safety\n\nQ? {T}\n\n$CATEGORY: Law\n\nR? {F}")
    assert report.categories == ["$course$/Safety", "Law"]
    assert [q.category for q in report.questions] == ["$course$/Safety", "Law"]


def test_comments_are_ignored_and_lines_still_counted():
    report = gift.parse("// a comment\n// another\nQ? {~a =b\n~c\n}\n\nR? {#5}")
    assert len(report.questions) == 1
    assert report.questions[0].line == 3
    assert report.refused[0].line == 7


def test_markdown_and_html_markers_give_plain_text():
    assert only("[markdown]Who's buried in **Grant's tomb**?{=no one}").text == "Who's buried in Grant's tomb?"
    assert only("[html]<p>Is <b>111</b> free?</p>{T}").text == "Is 111 free?"


def test_essay_and_description_are_refused_with_line_numbers():
    report = gift.parse("Write about safety. {}\n\nJust some text without answers.")
    assert [(p.line, "essay" in p.message or "description" in p.message) for p in report.refused] == [
        (1, True),
        (3, True),
    ]


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("Good? {T}\n\nQ? {~a =b\n~c\n\nNext? {T}", 3, "not closed"),
        ("Good? {T}\n\nQ?\n{~a ~b ~c}", 4, "correct"),
        ("Q? {\n=a\n~%abc%b\n}", 3, "weight"),
        ("Q? {\n~a\n=%150%b\n}", 3, "between"),
        ("Match {\n=a -> b\n=c\n}", 3, "=item -> match"),
        ("Q? {=a} and {=b}", 1, "only one"),
        ("::Title without end Q? {T}", 1, "::"),
        ("Q? {maybe}", 1, "not an answer"),
        ("[latex]Q? {T}", 1, "format"),
        ("Q? } {T}", 1, "}"),
        ("Match {=a -> b}", 1, "two pairs"),
        ("{T}", 1, "no text"),
    ],
)
def test_bad_questions_are_errors_with_their_line(source, line, words):
    report = gift.parse(source)
    assert report.errors, "expected an error"
    assert report.errors[0].line == line
    assert words in report.errors[0].message


@pytest.mark.django_db
def test_a_file_with_one_bad_question_imports_nothing():
    quiz = QuizFactory()
    single(quiz)
    source = "Good one? {T}\n\nAnother? {=yes ~no}\n\nBroken? {~a ~b}\n\nLast? {F}"
    result = services.import_gift(quiz=quiz, source=source)
    assert result.blocked and result.imported == 0
    assert [str(problem) for problem in result.report.errors] == [
        "Line 5: no answer is marked correct (with = or a positive %weight%)."
    ]
    assert quiz.questions.count() == 1


@pytest.mark.django_db
def test_dry_run_imports_nothing():
    quiz = QuizFactory()
    result = services.import_gift(quiz=quiz, source="Q? {T}", dry_run=True)
    assert not result.blocked and result.importable == 1 and result.imported == 0
    assert quiz.questions.count() == 0


@pytest.mark.django_db
def test_import_appends_after_existing_questions():
    quiz = QuizFactory()
    existing = single(quiz)
    services.import_gift(quiz=quiz, source="A? {T}\n\nB? {F}")
    assert [q.text for q in quiz.questions.order_by("sort_order")] == [existing.text, "A?", "B?"]
    assert all(q.locale_id == quiz.locale_id for q in quiz.questions.all())


@pytest.mark.django_db
def test_file_that_is_not_utf8_is_an_error_with_its_line():
    result = services.import_gift(quiz=QuizFactory(), source="A? {T}\n\nB? {=caf\xe9}".encode("latin-1"))
    assert [(p.line, "UTF-8" in p.message) for p in result.report.errors] == [(3, True)]


@pytest.mark.django_db
def test_empty_file_is_an_error():
    result = services.import_gift(quiz=QuizFactory(), source=b"// only a comment\n")
    assert result.blocked
    assert "no questions" in result.report.errors[0].message


@pytest.mark.django_db
def test_command_imports_a_good_file(tmp_path, capsys):
    quiz = QuizFactory(slug="bank")
    path = tmp_path / "bank.gift"
    path.write_text("A? {T}\n\nB? {=yes ~no}\n", encoding="utf-8")
    call_command("import_gift", str(path), quiz="bank", messages="en")
    assert "2 imported" in capsys.readouterr().out
    assert quiz.questions.count() == 2


@pytest.mark.django_db
def test_command_refuses_a_bad_file_and_imports_nothing(tmp_path, capsys):
    quiz = QuizFactory(slug="bank")
    path = tmp_path / "bank.gift"
    path.write_text("A? {T}\n\nB? {~yes ~no}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_gift", str(path), quiz="bank", messages="en")
    assert "Line 3" in capsys.readouterr().err
    assert quiz.questions.count() == 0


@pytest.mark.django_db
def test_command_imports_moodle_examples_with_skip_unsupported(tmp_path, capsys):
    quiz = QuizFactory(slug="bank")
    path = tmp_path / "moodle.gift"
    path.write_text(EXAMPLES, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_gift", str(path), quiz="bank", messages="en")
    call_command("import_gift", str(path), quiz="bank", skip_unsupported=True, messages="en")
    out = capsys.readouterr().out
    assert "refused: Line 16" in out and "25 imported" in out
    assert Question.objects.filter(quiz=quiz).count() == 25
