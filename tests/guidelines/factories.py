"""Factories and builders for guideline tests."""

import factory
import wagtail_factories

from cms.guidelines.models import Audience, GuidelineIndexPage, GuidelinePage


def step(title="Notice the signs", *, referrals=(), danger_to_life=False):
    return {
        "title": title,
        "signs": [f"{title}: sign"],
        "actions": [f"{title}: action"],
        "referrals": [{"label": label, "page": None, "note": note} for label, note in referrals],
        "danger_to_life": danger_to_life,
    }


def section(title, text="Text of the section.", *blocks):
    return ("section", {"title": title, "content": [("paragraph", f"<p>{text}</p>"), *blocks]})


def algorithm_section(title="Algorithm of actions", *steps):
    return (
        "section",
        {"title": title, "content": [("algorithm", {"title": title, "intro": "", "steps": list(steps) or [step()]})]},
    )


def checklist_section(title="Checklist", items=("Listened to the child", "Wrote down the words")):
    return ("section", {"title": title, "content": [("checklist", {"title": title, "items": list(items)})]})


def default_sections():
    return [
        section("Purpose", "Why these recommendations exist."),
        section("Signs", "Unexplained injuries and sudden withdrawal."),
        algorithm_section("What to do", step("Notice", referrals=[("School psychologist", "the same day")])),
        checklist_section(),
    ]


class GuidelineIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuidelineIndexPage

    title = "Guidelines"
    slug = "guidelines"
    intro = "Guidelines for psychologists."


class GuidelinePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuidelinePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Guideline {n}")
    summary = "How to recognise a child in difficulty."
    version = "1.0"
    approving_body = "Inter-agency working group"
    approved_on = "2026-03-02"
    change_summary = "First version."
    sections = factory.LazyFunction(default_sections)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(Audience.objects.filter(code__in=extracted))
            self.save()


def publish(page, **changes):
    """Publish a new revision of ``page`` with ``changes`` applied, as the review workflow's end would."""
    for name, value in changes.items():
        setattr(page, name, value)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return page
