from urllib.parse import urlencode

from django import template

register = template.Library()


@register.inclusion_tag("quizzes/components/quiz_card.html", takes_context=True)
def quiz_card(context, card):
    """A quiz's card (``selectors.QuizCard``) on a lesson or course page: facts, the viewer's best
    result, and the way in. A page reads the cards of all its quizzes at once with ``quiz_cards``."""
    request = context.get("request")
    quiz = card.quiz
    url = quiz.get_absolute_url()
    if request is not None:
        url = f"{url}?{urlencode({'next': request.path})}"
    standing = card.standing
    return {
        "quiz": quiz,
        "url": url,
        "question_count": card.question_count,
        "best": standing.best if standing else None,
        "passed": standing.passed if standing else False,
        "attempts_left": standing.left if standing else None,
        "current": standing.current if standing else None,
    }
