import pytest

from tests.guidelines.factories import (
    GuidelineIndexPageFactory,
    GuidelinePageFactory,
    default_sections,
    publish,
    section,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def guideline_urls(site_url, home_tree):
    index = publish(GuidelineIndexPageFactory(parent=home_tree["home"]["en"]))
    old = publish(GuidelinePageFactory(parent=index, slug="old", title="Recognising harm", version="1.0"))
    sections = [*default_sections(), section("Privacy", "Share only what helps the child.")]
    new = publish(
        GuidelinePageFactory(
            parent=index,
            slug="current",
            title="Recognising harm",
            version="2.0",
            supersedes=old,
            sections=sections,
            audiences=["school_psychologist"],
        )
    )
    publish(new, version="2.1", change_summary="Privacy section clarified.")
    return {
        "index": f"{site_url}{index.url}",
        "old": f"{site_url}{old.url}",
        "guideline": f"{site_url}{new.url}",
        "changes": f"{site_url}{new.changes_url}",
    }


def focused(page, expression: str):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {expression}; }})()")


def test_reading_a_guideline_by_keyboard(page, guideline_urls):
    page.goto(guideline_urls["guideline"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page, "el.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    assert focused(page, "el.id") == "main"
    for _ in range(15):
        page.keyboard.press("Tab")
        if focused(page, "el.getAttribute('href')") == "#section-3":
            break
    else:
        pytest.fail("the table of contents link to section 3 was not reached by Tab")
    page.keyboard.press("Enter")
    assert focused(page, "el.id") == "section-3"
    page.keyboard.press("Tab")
    # The next stop is inside section 3 (its first referral link), not back at the top.
    assert focused(page, "el.closest('section') && el.closest('section').id") == "section-3"


def test_guideline_index_page_and_change_log_are_accessible(axe_page, guideline_urls, assert_accessible):
    for name in ("index", "guideline", "old", "changes"):
        axe_page.goto(guideline_urls[name])
        assert_accessible(axe_page)
    axe_page.goto(guideline_urls["index"] + "?audience=astronauts&superseded=on")
    assert_accessible(axe_page)
