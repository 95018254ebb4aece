"""What the quiz form and the result page show for each question, in the attempt's fixed order."""

from dataclasses import dataclass, field

from .models import Attempt, Question, QuestionKind
from .scoring import normalise_answer


@dataclass
class Choice:
    id: str
    text: str
    checked: bool = False
    feedback: str = ""
    # After submitting: True = a right choice, False = a wrong one, None = not marked.
    right: bool | None = None


@dataclass
class MatchRow:
    id: str
    prompt: str
    selected: str = ""
    selected_text: str = ""
    right: bool | None = None
    correct_text: str = ""


@dataclass
class FormItem:
    number: int
    question: Question
    field_name: str
    choices: list[Choice] = field(default_factory=list)
    rows: list[MatchRow] = field(default_factory=list)
    match_choices: list[Choice] = field(default_factory=list)
    text: str = ""
    value: str = ""
    missing: bool = False

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def answered(self) -> bool:
        if self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            return any(choice.checked for choice in self.choices)
        if self.kind == QuestionKind.TRUE_FALSE:
            return bool(self.value)
        if self.kind == QuestionKind.SHORT_ANSWER:
            return bool(self.text.strip())
        return all(row.selected for row in self.rows)


def form_items(
    *, attempt: Attempt, answers: dict[str, dict], questions: dict[int, Question] | None = None
) -> list[FormItem]:
    """The attempt's questions, in its order, filled with ``answers`` (typed, saved or submitted)."""
    if questions is None:
        questions = Question.objects.in_bulk(attempt.question_ids)
    items = []
    number = 0
    for question_id in attempt.question_ids:
        question = questions.get(question_id)
        if question is None:
            continue
        number += 1
        response = answers.get(str(question_id)) or {}
        item = FormItem(number=number, question=question, field_name=f"q{question_id}")
        order = attempt.option_order.get(str(question_id), [])
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            by_id = {block.id: block for block in question.blocks_of("option")}
            chosen = set(response.get("options") or [])
            ordered = [by_id[i] for i in order if i in by_id] + [b for i, b in by_id.items() if i not in order]
            item.choices = [
                Choice(id=b.id, text=b.value["text"], checked=b.id in chosen, feedback=b.value["feedback"])
                for b in ordered
            ]
        elif question.kind == QuestionKind.TRUE_FALSE:
            item.value = response.get("value") or ""
        elif question.kind == QuestionKind.SHORT_ANSWER:
            item.text = response.get("text") or ""
        elif question.kind == QuestionKind.MATCHING:
            pairs = question.blocks_of("pair")
            by_id = {block.id: block for block in pairs}
            ordered = [by_id[i] for i in order if i in by_id] + [b for i, b in by_id.items() if i not in order]
            seen = set()
            for block in ordered:
                key = normalise_answer(block.value["match"])
                if key not in seen:
                    seen.add(key)
                    item.match_choices.append(Choice(id=block.id, text=block.value["match"]))
            selected = response.get("pairs") or {}
            item.rows = [
                MatchRow(id=block.id, prompt=block.value["prompt"], selected=selected.get(block.id, ""))
                for block in pairs
                if block.value["prompt"]
            ]
        items.append(item)
    return items


@dataclass
class ReviewRow:
    """A submitted question: the form as answered, marked, with score and feedback."""

    item: FormItem
    score: object
    max_score: object
    correct: bool
    feedback: list[str]
    reveal: bool
    correct_answer: str = ""

    @property
    def partial(self) -> bool:
        return not self.correct and self.score > 0


def review_rows(*, attempt: Attempt) -> list[ReviewRow]:
    from .services import attempt_review

    reviewed = attempt_review(attempt=attempt)
    questions = {entry.question.pk: entry.question for entry in reviewed}
    items = {
        item.question.pk: item
        for item in form_items(
            attempt=attempt,
            answers={str(entry.question.pk): entry.response for entry in reviewed},
            questions=questions,
        )
    }
    rows = []
    for entry in reviewed:
        item = items[entry.question.pk]
        question = entry.question
        correct_answer = ""
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            for choice in item.choices:
                if choice.checked:
                    choice.right = entry.outcome.marks.get(choice.id)
                elif entry.reveal and choice.id in entry.correct_ids:
                    choice.right = True
        elif question.kind == QuestionKind.TRUE_FALSE and entry.reveal:
            correct_answer = "true" if question.true_false_answer else "false"
        elif question.kind == QuestionKind.SHORT_ANSWER and entry.reveal:
            full = [a.value["text"] for a in question.blocks_of("accepted_answer") if (a.value["weight"] or 100) >= 100]
            correct_answer = full[0] if full else ""
        elif question.kind == QuestionKind.MATCHING:
            by_id = {block.id: block for block in question.blocks_of("pair")}
            for row in item.rows:
                row.right = entry.outcome.marks.get(row.id)
                row.selected_text = by_id[row.selected].value["match"] if row.selected in by_id else ""
                if entry.reveal:
                    row.correct_text = by_id[row.id].value["match"]
        rows.append(
            ReviewRow(
                item=item,
                score=entry.score,
                max_score=entry.max_score,
                correct=entry.outcome.correct,
                feedback=entry.outcome.feedback,
                reveal=entry.reveal,
                correct_answer=correct_answer,
            )
        )
    return rows
