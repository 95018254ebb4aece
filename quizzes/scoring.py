"""Scoring rules, one pure function per question type. Nothing here reads or writes the database.

The rules (also shown to learners and editors):

- Single choice: the chosen option's weight (a correct option 100 %, others 0 %, unless the
  editor gave weights); choosing more than one option scores 0.
- Multiple choice (partial credit): each correct option ticked adds an equal share of the points,
  each wrong option ticked takes the same share away; the total is never below 0 or above the
  question's points. Editors (and GIFT files) may give explicit weights instead.
- True or false: all or nothing.
- Short answer: the answer is compared with each accepted answer after normalisation (letter case,
  spaces, punctuation at the ends, ё = е, Kazakh letters typed with Russian look-alikes (ә = а,
  ғ = г, қ = к, ң = н, ө = о, ұ = ү = у, һ = х, і = и), Latin letters typed inside a Cyrillic word);
  the best matching answer's credit counts.
- Matching: each item matched correctly earns an equal share of the points.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from .models.quiz import ANSWER_BLOCKS, Question, QuestionKind

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Latin letters that look like Cyrillic ones, used by people switching keyboard layouts mid-word.
_LATIN_LOOKALIKES = str.maketrans(
    {
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
        "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р",
        "x": "х", "y": "у", "h": "һ", "k": "к",
    }
)  # fmt: skip
# Letters that learners without a Kazakh keyboard replace by their Russian look-alikes, and ё.
_LETTER_VARIANTS = str.maketrans(
    {"ё": "е", "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}
)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = re.compile(r"[\"'«»„“”‘’`]")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = ".,;:!?…"


def normalise_answer(text: str) -> str:
    """The form in which short answers are compared."""
    text = unicodedata.normalize("NFKC", text or "")
    words = []
    for word in text.split():
        if _CYRILLIC.search(word):
            word = word.translate(_LATIN_LOOKALIKES)
        words.append(word)
    text = " ".join(words).casefold().translate(_LETTER_VARIANTS)
    text = _DASHES.sub("-", text)
    text = _QUOTES.sub("", text)
    text = _SPACES.sub(" ", text).strip().strip(_EDGE_PUNCTUATION).strip()
    return text


@dataclass
class Outcome:
    """The result of one question: the fraction of its points earned, and what to tell the learner."""

    fraction: Decimal
    feedback: list[str] = field(default_factory=list)
    # Per answer block id: True when it was a right choice, False when wrong (for marking the form).
    marks: dict[str, bool] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.fraction >= ONE


def _clamp(value: Decimal) -> Decimal:
    return min(max(value, ZERO), ONE).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def weighted_options(question: Question) -> list[tuple[Any, Decimal]]:
    """Each option block with its weight in percent under the rules above (new blocks have no id yet)."""
    options = question.blocks_of("option")
    if question.kind == QuestionKind.MULTIPLE:
        correct_count = sum(1 for option in options if option.value["correct"]) or 1
        share = HUNDRED / correct_count
        default = {True: share, False: -share}
    else:
        default = {True: HUNDRED, False: ZERO}
    return [
        (
            option,
            Decimal(option.value["weight"])
            if option.value["weight"] is not None
            else default[bool(option.value["correct"])],
        )
        for option in options
    ]


def option_weights(question: Question) -> dict[str, Decimal]:
    """Option id -> weight in percent."""
    return {option.id: weight for option, weight in weighted_options(question)}


def _score_choice(question: Question, response: dict[str, Any]) -> Outcome:
    chosen = [str(value) for value in response.get("options") or []]
    weights = option_weights(question)
    chosen = [option_id for option_id in dict.fromkeys(chosen) if option_id in weights]
    feedback = [
        option.value["feedback"]
        for option in question.blocks_of("option")
        if option.id in chosen and option.value["feedback"]
    ]
    marks = {option_id: weights[option_id] > 0 for option_id in chosen}
    if question.kind == QuestionKind.SINGLE and len(chosen) != 1:
        return Outcome(ZERO, feedback, marks)
    return Outcome(_clamp(sum((weights[option_id] for option_id in chosen), ZERO) / HUNDRED), feedback, marks)


def _score_true_false(question: Question, response: dict[str, Any]) -> Outcome:
    value = response.get("value")
    given = {"true": True, "false": False}.get(str(value).lower()) if value is not None else None
    if given is None:
        return Outcome(ZERO)
    return Outcome(ONE if given == question.true_false_answer else ZERO)


def _score_short(question: Question, response: dict[str, Any]) -> Outcome:
    given = normalise_answer(str(response.get("text") or ""))
    if not given:
        return Outcome(ZERO)
    best: tuple[Decimal, str] | None = None
    for answer in question.blocks_of("accepted_answer"):
        if normalise_answer(answer.value["text"]) == given:
            weight = Decimal(answer.value["weight"] if answer.value["weight"] is not None else 100)
            if best is None or weight > best[0]:
                best = (weight, answer.value["feedback"])
    if best is None:
        return Outcome(ZERO)
    return Outcome(_clamp(best[0] / HUNDRED), [best[1]] if best[1] else [])


def _score_matching(question: Question, response: dict[str, Any]) -> Outcome:
    pairs = question.blocks_of("pair")
    match_text = {pair.id: normalise_answer(pair.value["match"]) for pair in pairs}
    prompts = [pair for pair in pairs if pair.value["prompt"]]
    chosen = response.get("pairs") or {}
    marks = {}
    right = 0
    for pair in prompts:
        picked = chosen.get(pair.id)
        if not picked:
            continue
        ok = match_text.get(str(picked)) == match_text[pair.id]
        marks[pair.id] = ok
        right += ok
    return Outcome(_clamp(Decimal(right) / Decimal(len(prompts) or 1)), [], marks)


SCORERS = {
    QuestionKind.SINGLE: _score_choice,
    QuestionKind.MULTIPLE: _score_choice,
    QuestionKind.TRUE_FALSE: _score_true_false,
    QuestionKind.SHORT_ANSWER: _score_short,
    QuestionKind.MATCHING: _score_matching,
}


def score_response(question: Question, response: dict[str, Any] | None) -> Outcome:
    """Score one response; general feedback (correct/incorrect) is appended after the specific one."""
    outcome = SCORERS[question.kind](question, response or {})
    general = question.feedback_correct if outcome.correct else question.feedback_incorrect
    if general:
        outcome.feedback.append(general)
    return outcome


def points_for(question: Question, outcome: Outcome) -> Decimal:
    return (Decimal(question.points) * outcome.fraction).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


BLOCK_MISMATCH = {
    QuestionKind.SINGLE: lambda: _("A single-choice question uses options only."),
    QuestionKind.MULTIPLE: lambda: _("A multiple-choice question uses options only."),
    QuestionKind.SHORT_ANSWER: lambda: _("A short-answer question uses accepted answers only."),
    QuestionKind.MATCHING: lambda: _("A matching question uses pairs only."),
}


def question_problems(question: Question) -> dict[str, list[str]]:
    """What makes a question unanswerable or unscorable, by field (empty when it is fine)."""
    problems: dict[str, list[str]] = {}

    def add(field_name: str, message: str) -> None:
        problems.setdefault(field_name, []).append(message)

    kind = question.kind
    expected = ANSWER_BLOCKS.get(kind)
    block_types = {block.block_type for block in question.answers}
    if kind == QuestionKind.TRUE_FALSE:
        if question.true_false_answer is None:
            add("true_false_answer", _("Say whether the statement is true or false."))
        if block_types:
            add("answers", _("A true-or-false question has no options; remove them."))
        return problems
    if block_types - {expected}:
        add("answers", BLOCK_MISMATCH[kind]())
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = question.blocks_of("option")
        if len(options) < 2:
            add("answers", _("Give at least two options."))
        weights = [weight for _option, weight in weighted_options(question)]
        if kind == QuestionKind.SINGLE and not any(weight >= HUNDRED for weight in weights):
            add("answers", _("Mark one option as correct (or give one a weight of 100 %)."))
        if kind == QuestionKind.MULTIPLE and sum((w for w in weights if w > 0), ZERO) < HUNDRED - 1:
            add("answers", _("Mark the correct options; their weights must add up to 100 %."))
    elif kind == QuestionKind.SHORT_ANSWER:
        answers = question.blocks_of("accepted_answer")
        if not answers:
            add("answers", _("Give at least one accepted answer."))
        elif not any(a.value["weight"] is None or a.value["weight"] >= 100 for a in answers):
            add("answers", _("At least one accepted answer must give full credit."))
    elif kind == QuestionKind.MATCHING and sum(1 for pair in question.blocks_of("pair") if pair.value["prompt"]) < 2:
        add("answers", _("Give at least two pairs."))
    return problems


def full_marks_response(question: Question) -> dict[str, Any]:
    """A response that earns every point of ``question`` (for the demo learner and tests)."""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        weighted = weighted_options(question)
        if question.kind == QuestionKind.SINGLE:
            return {"options": [max(weighted, key=lambda pair: pair[1])[0].id]}
        return {"options": [option.id for option, weight in weighted if weight > 0]}
    if question.kind == QuestionKind.TRUE_FALSE:
        return {"value": "true" if question.true_false_answer else "false"}
    if question.kind == QuestionKind.SHORT_ANSWER:
        answers = question.blocks_of("accepted_answer")
        best = next((a for a in answers if a.value["weight"] is None or a.value["weight"] >= 100), answers[0])
        return {"text": best.value["text"]}
    return {"pairs": {pair.id: pair.id for pair in question.blocks_of("pair") if pair.value["prompt"]}}
