from urllib.parse import urlencode

from django import template

from ..selectors import learner_standing, question_count

register = template.Library()


@register.inclusion_tag("quizzes/components/quiz_card.html", takes_context=True)
def quiz_card(context, quiz):
    """A quiz's card for a lesson or course page: facts, the viewer's best result, and the way in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    learner = user if user is not None and user.is_authenticated and not quiz.allow_anonymous else None
    url = quiz.get_absolute_url()
    if request is not None:
        url = f"{url}?{urlencode({'next': request.path})}"
    standing = learner_standing(quiz=quiz, user=learner) if learner else None
    return {
        "quiz": quiz,
        "url": url,
        "question_count": question_count(quiz),
        "best": standing.best if standing else None,
        "passed": standing.passed if standing else False,
        "attempts_left": standing.left if standing else None,
        "current": standing.current if standing else None,
    }
