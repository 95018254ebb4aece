from django.utils.translation import get_language

from . import services


def quiz_attempt_submitted(sender, attempt, **kwargs) -> None:
    """A passed quiz may be the last thing a course needed: check the learner's unfinished courses."""
    if attempt.user_id and attempt.passed:
        services.evaluate_user_completions(user=attempt.user, language_code=get_language())
