from urllib.parse import urlencode

from django import template

from ..selectors import attempts_left, best_result, has_passed, open_attempt

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
    total = quiz.questions.count()
    return {
        "quiz": quiz,
        "url": url,
        "question_count": min(total, quiz.draw_count) if quiz.draw_count else total,
        "best": best_result(quiz=quiz, user=learner) if learner else None,
        "passed": has_passed(quiz=quiz, user=learner) if learner else False,
        "attempts_left": attempts_left(quiz=quiz, user=learner) if learner else None,
        "current": open_attempt(quiz=quiz, user=learner) if learner else None,
    }
