"""Each question type's scoring, including partial credit, and the short-answer normalisation."""

from decimal import Decimal

import pytest

from quizzes.models import Question, QuestionKind
from quizzes.scoring import normalise_answer, points_for, question_problems, score_response
from tests.quizzes.factories import accepted, option, pair


def make(kind, answers=(), **fields) -> Question:
    return Question(kind=kind, text="?", points=fields.pop("points", 1), answers=list(answers), **fields)


def ids(question: Question, block_type: str = "option") -> list[str]:
    return [block.id for block in question.blocks_of(block_type)]


def test_single_choice_right_option_scores_full_points():
    question = make(QuestionKind.SINGLE, [option("a", True), option("b"), option("c")], points=2)
    outcome = score_response(question, {"options": [ids(question)[0]]})
    assert outcome.correct
    assert points_for(question, outcome) == Decimal("2.00")


def test_single_choice_wrong_option_scores_zero_and_gives_its_feedback():
    question = make(QuestionKind.SINGLE, [option("a", True), option("b", feedback="Not b, because…")])
    outcome = score_response(question, {"options": [ids(question)[1]]})
    assert outcome.fraction == 0
    assert outcome.feedback == ["Not b, because…"]


def test_single_choice_with_two_options_ticked_scores_zero():
    question = make(QuestionKind.SINGLE, [option("a", True), option("b")])
    assert score_response(question, {"options": ids(question)}).fraction == 0


def test_single_choice_partial_weight_gives_partial_credit():
    question = make(QuestionKind.SINGLE, [option("a", True), option("half", weight=50), option("c")])
    assert score_response(question, {"options": [ids(question)[1]]}).fraction == Decimal("0.5")


def test_multiple_choice_each_correct_tick_adds_a_share():
    question = make(QuestionKind.MULTIPLE, [option("a", True), option("b", True), option("c"), option("d")])
    a, b, _c, _d = ids(question)
    assert score_response(question, {"options": [a]}).fraction == Decimal("0.5")
    assert score_response(question, {"options": [a, b]}).correct


def test_multiple_choice_each_wrong_tick_takes_the_same_share_away():
    question = make(QuestionKind.MULTIPLE, [option("a", True), option("b", True), option("c"), option("d")])
    a, b, c, _d = ids(question)
    assert score_response(question, {"options": [a, b, c]}).fraction == Decimal("0.5")


def test_multiple_choice_ticking_everything_scores_zero_not_negative():
    question = make(QuestionKind.MULTIPLE, [option("a", True), option("b"), option("c"), option("d")])
    assert score_response(question, {"options": ids(question)}).fraction == 0


def test_multiple_choice_explicit_weights_are_used():
    question = make(
        QuestionKind.MULTIPLE,
        [option("a", True, 70), option("b", True, 30), option("c", weight=-100)],
    )
    a, b, c = ids(question)
    assert score_response(question, {"options": [a]}).fraction == Decimal("0.7")
    assert score_response(question, {"options": [a, b, c]}).fraction == 0


def test_choice_ignores_option_ids_that_are_not_in_the_question():
    question = make(QuestionKind.SINGLE, [option("a", True), option("b")])
    assert score_response(question, {"options": ["forged-id"]}).fraction == 0


@pytest.mark.parametrize(("truth", "given", "expected"), [(True, "true", 1), (True, "false", 0), (False, "false", 1)])
def test_true_false_is_all_or_nothing(truth, given, expected):
    question = make(QuestionKind.TRUE_FALSE, true_false_answer=truth)
    assert score_response(question, {"value": given}).fraction == expected


def test_true_false_wrong_answer_shows_the_wrong_answer_feedback():
    question = make(QuestionKind.TRUE_FALSE, true_false_answer=False, feedback_incorrect="No: 111 is free.")
    assert score_response(question, {"value": "true"}).feedback == ["No: 111 is free."]


def test_short_answer_accepts_any_of_several_answers():
    question = make(QuestionKind.SHORT_ANSWER, [accepted("111"), accepted("сто одиннадцать")])
    assert score_response(question, {"text": "111"}).correct
    assert score_response(question, {"text": "Сто  одиннадцать."}).correct
    assert not score_response(question, {"text": "112"}).correct


def test_short_answer_ignores_case_spaces_and_yo():
    question = make(QuestionKind.SHORT_ANSWER, [accepted("ребёнок")])
    assert score_response(question, {"text": "  РЕБЕНОК "}).correct


def test_short_answer_accepts_kazakh_letters_typed_on_a_russian_keyboard():
    question = make(QuestionKind.SHORT_ANSWER, [accepted("Қамқоршылық және қорғаншылық органы")])
    assert score_response(question, {"text": "камкоршылык жане корганшылык органы"}).correct


def test_short_answer_accepts_latin_lookalikes_inside_a_cyrillic_word():
    question = make(QuestionKind.SHORT_ANSWER, [accepted("опека")])
    assert score_response(question, {"text": "oпeкa"}).correct  # Latin o, e and a


def test_short_answer_partial_credit_answer_counts_its_weight():
    question = make(QuestionKind.SHORT_ANSWER, [accepted("ювенальная полиция"), accepted("полиция", weight=50)])
    assert score_response(question, {"text": "Полиция"}).fraction == Decimal("0.5")


def test_short_answer_empty_scores_zero():
    question = make(QuestionKind.SHORT_ANSWER, [accepted("111")])
    assert score_response(question, {"text": "   "}).fraction == 0


def test_matching_each_correct_pair_earns_a_share():
    question = make(QuestionKind.MATCHING, [pair("111", "help"), pair("112", "emergency"), pair("102", "police")])
    one, two, three = ids(question, "pair")
    assert score_response(question, {"pairs": {one: one, two: two, three: three}}).correct
    outcome = score_response(question, {"pairs": {one: one, two: three, three: two}})
    assert outcome.fraction == Decimal("0.3333")
    assert outcome.marks == {one: True, two: False, three: False}


def test_matching_identical_answers_count_as_the_same_answer():
    question = make(QuestionKind.MATCHING, [pair("Kazakh", "language"), pair("Russian", "language")])
    first, second = ids(question, "pair")
    assert score_response(question, {"pairs": {first: second, second: first}}).correct


def test_matching_distractor_is_never_right():
    question = make(QuestionKind.MATCHING, [pair("111", "help"), pair("112", "emergency"), pair("", "pizza")])
    one, two, distractor = ids(question, "pair")
    assert score_response(question, {"pairs": {one: distractor, two: two}}).fraction == Decimal("0.5")


def test_general_feedback_follows_the_result():
    question = make(
        QuestionKind.TRUE_FALSE, true_false_answer=True, feedback_correct="Well done", feedback_incorrect="Look again"
    )
    assert score_response(question, {"value": "true"}).feedback == ["Well done"]
    assert score_response(question, {"value": "false"}).feedback == ["Look again"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Алматы.  ", "алматы"),
        ("«Ювенальная» — полиция", "ювенальная - полиция"),
        ("Ёлка", "елка"),
        ("ҚҰҚЫҚ", "кукык"),
    ],
)
def test_normalise_answer(raw, expected):
    assert normalise_answer(raw) == expected


def test_single_choice_without_a_correct_option_is_a_problem():
    question = make(QuestionKind.SINGLE, [option("a"), option("b")])
    assert "answers" in question_problems(question)


def test_true_false_needs_the_truth():
    assert "true_false_answer" in question_problems(make(QuestionKind.TRUE_FALSE))


def test_matching_needs_two_pairs():
    assert "answers" in question_problems(make(QuestionKind.MATCHING, [pair("a", "b")]))


def test_wrong_kind_of_answer_block_is_a_problem():
    assert "answers" in question_problems(make(QuestionKind.SHORT_ANSWER, [option("a", True), accepted("a")]))


def test_a_valid_question_has_no_problems():
    assert question_problems(make(QuestionKind.MULTIPLE, [option("a", True), option("b", True), option("c")])) == {}
