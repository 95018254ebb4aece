r"""A parser for Moodle's GIFT question format. Pure: text in, questions and line-numbered problems out.

Supported, as Moodle reads them: comments (//), $CATEGORY, ::titles::, [html]/[moodle]/[plain]/
[markdown] markers, single choice (= and ~, with %weights%), multiple answers (only ~ with
weights), true/false ({T} {F} {TRUE} {FALSE}, with #wrong-answer and #right-answer feedback),
short answer ({=a =b}, weights allowed), matching ({=a -> b}, distractors "= -> c"), per-answer
#feedback, ####general feedback (our explanation), missing-word questions (text after the answer
block: the blank shows as _____), and the escapes \\ \: \~ \= \# \{ \} \n.

Refused with their line numbers: numerical ({#...}), essay ({}) and description (no answer
block) questions, which our quizzes do not have.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from uuid import uuid4

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .models.quiz import QuestionKind

# Escaped characters become private-use code points while parsing, and come back at the end.
_ESCAPES = {"\\": "\ue000", ":": "\ue001", "~": "\ue002", "=": "\ue003", "#": "\ue004", "{": "\ue005", "}": "\ue006"}
_UNESCAPE = str.maketrans({code: char for char, code in _ESCAPES.items()})
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
_WEIGHT_RE = re.compile(r"^%(-?[0-9]+(?:[.,][0-9]+)?)%")
_FORMAT_RE = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_UNKNOWN_FORMAT_RE = re.compile(r"^\[([a-z]+)\]")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")
MAX_BYTES = 2 * 1024 * 1024


def _escape(match: re.Match) -> str:
    char = match.group(1)
    if char == "n":
        return "\n"
    return _ESCAPES.get(char, match.group(0))


def _restore(text: str) -> str:
    return text.translate(_UNESCAPE)


@dataclass
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ParsedQuestion:
    line: int
    kind: str
    text: str
    name: str = ""
    category: str = ""
    answers: list[dict] = field(default_factory=list)
    true_false_answer: bool | None = None
    feedback_correct: str = ""
    feedback_incorrect: str = ""
    explanation: str = ""

    def model_fields(self) -> dict:
        return {
            "kind": self.kind,
            "name": self.name[:200],
            "text": self.text,
            "answers": self.answers,
            "true_false_answer": self.true_false_answer,
            "feedback_correct": self.feedback_correct,
            "feedback_incorrect": self.feedback_incorrect,
            "explanation": self.explanation,
        }


@dataclass
class GiftReport:
    questions: list[ParsedQuestion] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Block:
    """One question's lines (comments blanked), with the line number of its first line."""

    def __init__(self, first_line: int, lines: list[str]):
        self.first_line = first_line
        self.text = "\n".join(lines)

    def line_at(self, offset: int) -> int:
        return self.first_line + self.text.count("\n", 0, max(offset, 0))


def _blocks(source: str) -> list[_Block]:
    blocks, current, start = [], [], 0
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if not line:
            if current:
                blocks.append(_Block(start, current))
                current = []
            continue
        if not current:
            start = number
        current.append("" if line.startswith("//") else line)
    if current:
        blocks.append(_Block(start, current))
    return blocks


def _clean_text(text: str, text_format: str = "moodle") -> str:
    text = _restore(text).strip()
    if text_format in ("html", "moodle"):
        text = strip_tags(text)
    elif text_format == "markdown":
        text = _MARKDOWN_EMPHASIS.sub(r"\2", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _split_feedback(part: str) -> tuple[str, str]:
    text, _sep, feedback = part.partition("#")
    return text, feedback


def _weight(part: str) -> tuple[Decimal | None, str, str | None]:
    """(weight in percent or None, the rest, an error message or None)."""
    match = _WEIGHT_RE.match(part)
    if not match:
        if part.startswith("%"):
            return None, part, _("the weight must look like %50% (a number between -100 and 100).")
        return None, part, None
    try:
        weight = Decimal(match.group(1).replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return None, part, _("the weight must be a number.")
    if not -100 <= weight <= 100:
        return None, part, _("the weight must be between -100 and 100.")
    return weight, part[match.end() :], None


def _split_answers(body: str, offset: int) -> list[tuple[str, str, int]]:
    """Split an answer block into (marker, text, offset) at each unescaped ~ or =."""
    parts, marker, start = [], "", 0
    for index, char in enumerate(body):
        if char in "~=":
            if body[start:index].strip() or marker:
                parts.append((marker, body[start:index], offset + start))
            marker, start = char, index + 1
    parts.append((marker, body[start:], offset + start))
    return [part for part in parts if part[0] or part[1].strip()]


def parse(source: str) -> GiftReport:
    """Parse a whole GIFT file. Problems carry the line numbers of the original file."""
    report = GiftReport()
    category = ""
    for block in _blocks(_ESCAPE_RE.sub(_escape, source.replace("\r\n", "\n").replace("\r", "\n"))):
        if not block.text.strip():
            continue
        stripped = block.text.lstrip()
        lead = len(block.text) - len(stripped)
        if stripped.startswith("$CATEGORY:"):
            category = _restore(stripped[len("$CATEGORY:") :].strip().splitlines()[0]).strip()
            report.categories.append(category)
            continue
        question = _parse_block(block, stripped, lead, report)
        if question is not None:
            question.category = category
            report.questions.append(question)
    return report


def _parse_block(block: _Block, text: str, lead: int, report: GiftReport) -> ParsedQuestion | None:
    line = block.line_at(lead)
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end == -1:
            report.errors.append(Problem(line, _("the question title starts with :: but is not closed with ::.")))
            return None
        name = _clean_text(text[2:end], "plain")
        lead += end + 2
        text = text[end + 2 :]
    stripped = text.lstrip()
    lead += len(text) - len(stripped)
    text = stripped
    text_format = "moodle"
    fmt = _FORMAT_RE.match(text)
    if fmt:
        text_format = fmt.group(1).lower()
        lead += fmt.end()
        text = text[fmt.end() :]
    elif _UNKNOWN_FORMAT_RE.match(text):
        report.errors.append(
            Problem(
                block.line_at(lead),
                _("unknown text format [%(format)s]; use [html], [moodle], [plain] or [markdown].")
                % {"format": _UNKNOWN_FORMAT_RE.match(text).group(1)},
            )
        )
        return None

    opening = text.find("{")
    if opening == -1:
        if "}" in text:
            report.errors.append(Problem(block.line_at(lead + text.find("}")), _("a } without an opening {.")))
        else:
            report.refused.append(
                Problem(line, _("a question without an answer block {…} (a description) is not supported; skipped."))
            )
        return None
    stray = text.find("}", 0, opening)
    if stray != -1:
        report.errors.append(Problem(block.line_at(lead + stray), _("a } without an opening {.")))
        return None
    closing = text.find("}", opening)
    if closing == -1:
        report.errors.append(
            Problem(block.line_at(lead + opening), _("the answer block opened with { is not closed with }."))
        )
        return None
    if "{" in text[opening + 1 : closing]:
        report.errors.append(
            Problem(block.line_at(lead + opening), _("the answer block opened with { is not closed before the next {."))
        )
        return None
    after = text[closing + 1 :]
    if "{" in after or "}" in after:
        position = closing + 1 + min(i for i in (after.find("{"), after.find("}")) if i != -1)
        report.errors.append(
            Problem(block.line_at(lead + position), _("a question may have only one answer block {…}."))
        )
        return None

    body = text[opening + 1 : closing]
    body_offset = lead + opening + 1
    before = text[:opening].rstrip()
    tail = after.strip()
    question_text = f"{before} _____{'' if tail[0] in '.,;:!?' else ' '}{tail}" if tail else before
    question_text = _clean_text(question_text, text_format)
    if not question_text.strip(" _"):
        report.errors.append(Problem(line, _("the question has no text.")))
        return None

    explanation = ""
    general = body.rfind("####")
    if general != -1:
        explanation = _clean_text(body[general + 4 :], text_format)
        body = body[:general]
    content = body.strip()

    question = ParsedQuestion(line=line, kind="", text=question_text, name=name, explanation=explanation)
    if not content:
        report.refused.append(Problem(line, _("essay questions ({}) are not supported; skipped.")))
        return None
    if content.startswith("#"):
        report.refused.append(Problem(line, _("numerical questions ({#…}) are not supported; skipped.")))
        return None
    if "~" in content:
        return _choice(question, body, body_offset, block, report, text_format)
    if "=" in content and "->" in content:
        return _matching(question, body, body_offset, block, report, text_format)
    if "=" not in content:
        return _true_false(question, content, block.line_at(body_offset), report, text_format)
    return _short(question, body, body_offset, block, report, text_format)


def _answer_id() -> str:
    return str(uuid4())


def _choice(question, body, offset, block, report, text_format) -> ParsedQuestion | None:
    parts = _split_answers(body, offset)
    has_equals = any(marker == "=" for marker, _text, _o in parts)
    question.kind = QuestionKind.SINGLE if has_equals else QuestionKind.MULTIPLE
    failed = False
    for marker, raw, position in parts:
        line = block.line_at(position + len(raw) - len(raw.lstrip()))
        if not marker:
            report.errors.append(Problem(line, _("text inside the answer block must follow = or ~.")))
            failed = True
            continue
        weight, rest, error = _weight(raw.strip())
        if error:
            report.errors.append(Problem(line, error))
            failed = True
            continue
        text, feedback = _split_feedback(rest)
        text = _clean_text(text, text_format)
        if not text:
            report.errors.append(Problem(line, _("an answer is empty.")))
            failed = True
            continue
        if question.kind == QuestionKind.SINGLE:
            correct = (marker == "=" and weight is None) or (weight is not None and weight >= 100)
        else:
            correct = weight is not None and weight > 0
        question.answers.append(
            {
                "type": "option",
                "id": _answer_id(),
                "value": {
                    "text": text[:500],
                    "correct": correct,
                    # Whole percentages, as in Moodle's menu; empty means the default rule.
                    "weight": int(weight.to_integral_value()) if weight is not None else None,
                    "feedback": _clean_text(feedback, text_format),
                },
            }
        )
    if failed:
        return None
    positive = [a["value"]["weight"] for a in question.answers if a["value"]["correct"]]
    if question.kind == QuestionKind.MULTIPLE and len(set(positive)) == 1 and abs(sum(positive) - 100) <= len(positive):
        # Equal shares (33.33 % three times) are our default rule; storing them rounded would lose a point.
        for answer in question.answers:
            if answer["value"]["correct"]:
                answer["value"]["weight"] = None
    if question.kind == QuestionKind.SINGLE:
        for answer in question.answers:
            if answer["value"]["weight"] in (100, 0) and answer["value"]["correct"] == (
                answer["value"]["weight"] == 100
            ):
                answer["value"]["weight"] = None
    if len(question.answers) < 2:
        report.errors.append(Problem(block.line_at(offset - 1), _("a choice question needs at least two answers.")))
        return None
    if not any(answer["value"]["correct"] for answer in question.answers):
        report.errors.append(
            Problem(block.line_at(offset - 1), _("no answer is marked correct (with = or a positive %weight%)."))
        )
        return None
    return question


def _matching(question, body, offset, block, report, text_format) -> ParsedQuestion | None:
    question.kind = QuestionKind.MATCHING
    failed = False
    for marker, raw, position in _split_answers(body, offset):
        line = block.line_at(position + len(raw) - len(raw.lstrip()))
        if marker != "=" or "->" not in raw:
            report.errors.append(Problem(line, _("each pair of a matching question looks like =item -> match.")))
            failed = True
            continue
        prompt, _arrow, match = raw.partition("->")
        prompt, match = _clean_text(prompt, text_format), _clean_text(_split_feedback(match)[0], text_format)
        if not match:
            report.errors.append(Problem(line, _("the match after -> is empty.")))
            failed = True
            continue
        question.answers.append(
            {"type": "pair", "id": _answer_id(), "value": {"prompt": prompt[:300], "match": match[:300]}}
        )
    if failed:
        return None
    if sum(1 for answer in question.answers if answer["value"]["prompt"]) < 2:
        report.errors.append(Problem(block.line_at(offset - 1), _("a matching question needs at least two pairs.")))
        return None
    return question


def _true_false(question, content, line, report, text_format) -> ParsedQuestion | None:
    value, *feedback = content.split("#")
    value = value.strip().lower()
    if value not in ("t", "true", "f", "false"):
        report.errors.append(
            Problem(
                line,
                _("“%(answer)s” is not an answer GIFT understands: use =answer, ~answer, T or F.")
                % {"answer": _restore(value)[:40]},
            )
        )
        return None
    question.kind = QuestionKind.TRUE_FALSE
    question.true_false_answer = value in ("t", "true")
    # Moodle's order: the first feedback is for a wrong answer, the second for a right one.
    if feedback:
        question.feedback_incorrect = _clean_text(feedback[0], text_format)
    if len(feedback) > 1:
        question.feedback_correct = _clean_text(feedback[1], text_format)
    return question


def _short(question, body, offset, block, report, text_format) -> ParsedQuestion | None:
    question.kind = QuestionKind.SHORT_ANSWER
    failed = False
    for marker, raw, position in _split_answers(body, offset):
        line = block.line_at(position + len(raw) - len(raw.lstrip()))
        if marker != "=":
            report.errors.append(Problem(line, _("accepted answers of a short-answer question start with =.")))
            failed = True
            continue
        weight, rest, error = _weight(raw.strip())
        if error or (weight is not None and weight < 0):
            report.errors.append(Problem(line, error or _("the weight must be between 0 and 100.")))
            failed = True
            continue
        text, feedback = _split_feedback(rest)
        text = _clean_text(text, "plain")
        if not text:
            report.errors.append(Problem(line, _("an answer is empty.")))
            failed = True
            continue
        question.answers.append(
            {
                "type": "accepted_answer",
                "id": _answer_id(),
                "value": {
                    "text": text[:300],
                    "weight": int(weight.to_integral_value()) if weight is not None and weight != 100 else None,
                    "feedback": _clean_text(feedback, text_format),
                },
            }
        )
    if failed:
        return None
    if not any(answer["value"]["weight"] is None for answer in question.answers):
        report.errors.append(
            Problem(block.line_at(offset - 1), _("at least one accepted answer must give full credit."))
        )
        return None
    return question
