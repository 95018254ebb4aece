import factory
import wagtail_factories

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Оқыту"
    slug = "trainings"


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Балаларды қорғау курсы {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "Отбасын анықтау және сүйемелдеу."
    estimated_hours = 6
    audiences = factory.LazyFunction(list)
    certificate_validity_months = 24


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Модуль {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Сабақ {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    body = factory.LazyFunction(lambda: [("text", "<p>Сабақ мәтіні.</p>")])
