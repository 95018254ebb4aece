from django.dispatch import Signal

# Sent once per attempt, inside the transaction that records the submission: a receiver's writes
# commit with it, and a receiver's error rolls the submission back (the learner's retry redoes both).
# Arguments: attempt (quizzes.models.Attempt). Courses listen to update progress and completion.
attempt_submitted = Signal()
