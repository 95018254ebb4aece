from urllib.parse import urlencode

from django import template

from ..selectors import quiz_cards

register = template.Library()


@register.inclusion_tag("quizzes/components/quiz_card.html", takes_context=True)
def quiz_card(context, quiz):
    """A quiz's card for a lesson or course page: facts, the viewer's best result, and the way in.

    A page that shows several cards puts ``quiz_cards`` (``selectors.quiz_cards`` of them all, read
    at once) in its context; a card not found there is read on its own.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    card = context.get("quiz_cards", {}).get(quiz.pk) or quiz_cards(quizzes=[quiz], user=user)[quiz.pk]
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
