"""The questions of an anonymous quiz attempt, shaped for the lecture self-check form.

Field names follow quizzes.services.answers_from_post: ``q<id>`` and ``q<id>-<pair id>``.
"""

from dataclasses import dataclass, field

from quizzes.models import Question, QuestionKind


@dataclass
class Choice:
    value: str
    text: str


@dataclass
class Prompt:
    name: str
    text: str


@dataclass
class QuestionView:
    number: int
    name: str
    kind: str
    text: str
    choices: list[Choice] = field(default_factory=list)
    prompts: list[Prompt] = field(default_factory=list)


def questions_for(attempt) -> list[QuestionView]:
    questions = Question.objects.in_bulk(attempt.question_ids)
    shown = []
    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = questions.get(question_id)
        if question is None:
            continue
        name = f"q{question_id}"
        item = QuestionView(number=number, name=name, kind=question.kind, text=question.text)
        order = attempt.option_order.get(str(question_id), [])
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            blocks = {block.id: block for block in question.blocks_of("option")}
            item.choices = [
                Choice(block_id, blocks[block_id].value["text"]) for block_id in order if block_id in blocks
            ]
        elif question.kind == QuestionKind.MATCHING:
            pairs = {block.id: block for block in question.blocks_of("pair")}
            item.choices = [Choice(pair_id, pairs[pair_id].value["match"]) for pair_id in order if pair_id in pairs]
            item.prompts = [
                Prompt(f"{name}-{block.id}", block.value["prompt"])
                for block in question.blocks_of("pair")
                if block.value["prompt"]
            ]
        shown.append(item)
    return shown
