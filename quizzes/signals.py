from django.dispatch import Signal

# Sent once per attempt, after the transaction that recorded the submission commits.
# Arguments: attempt (quizzes.models.Attempt). Courses listen to update progress and completion.
attempt_submitted = Signal()
