from .pages import LectureIndexPage, LectureLecturer, LecturePage, LectureSeriesPage
from .records import ClassCheckIn, Feedback, SelfCheckResult
from .sessions import LectureSession
from .snippets import Lecturer, LecturerFocusGroup

__all__ = [
    "ClassCheckIn",
    "Feedback",
    "LectureIndexPage",
    "LectureLecturer",
    "LecturePage",
    "LectureSeriesPage",
    "LectureSession",
    "Lecturer",
    "LecturerFocusGroup",
    "SelfCheckResult",
]
