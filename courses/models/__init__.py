from .certificates import Certificate, CertificateStatus, new_certificate_code, normalise_code
from .learning import Enrolment, EnrolmentSource, LessonProgress
from .pages import CourseIndexPage, CoursePage, LessonPage, ModulePage

__all__ = [
    "Certificate",
    "CertificateStatus",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "EnrolmentSource",
    "LessonPage",
    "LessonProgress",
    "ModulePage",
    "new_certificate_code",
    "normalise_code",
]
