import re

import pytest
from django.core.exceptions import ValidationError

from cms.guidelines.models import GuidelineStatus
from tests.factories import StandardPageFactory

from .factories import GuidelinePageFactory, algorithm_section, publish, section, step

pytestmark = pytest.mark.django_db


def test_guideline_page_shows_version_status_and_approval(client, guideline):
    response = client.get(guideline.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1.0" in html
    assert str(GuidelineStatus.APPROVED.label) in html
    assert "Inter-agency working group" in html


def test_sections_are_numbered_in_order(client, guideline):
    html = client.get(guideline.url).content.decode()
    titles = re.findall(r'class="guideline-section__number">(\d+)\.</span> ([^<]+)</h2>', html)
    assert titles == [("1", "Purpose"), ("2", "Signs"), ("3", "What to do"), ("4", "Checklist")]


def test_toc_anchors_match_section_ids(client, guideline):
    html = client.get(guideline.url).content.decode()
    toc = html.split('class="guideline-toc"')[1].split("</nav>")[0]
    links = re.findall(r'href="#([^"]+)"', toc)
    section_ids = re.findall(r'<section class="guideline-section" id="([^"]+)"', html)
    assert links == section_ids == ["section-1", "section-2", "section-3", "section-4"]


def test_algorithm_always_offers_111_even_without_referrals(client, guideline_index):
    page = GuidelinePageFactory(parent=guideline_index, sections=[algorithm_section("Act", step("Alone"))])
    publish(page)
    html = client.get(page.url).content.decode()
    referrals = html.split('class="referrals"')[1].split("</ul>")[0]
    assert 'href="tel:111"' in referrals


def test_algorithm_lists_referrals_then_111(client, guideline):
    html = client.get(guideline.url).content.decode()
    referrals = html.split('class="referrals"')[1].split("</ul>")[0]
    assert referrals.index("School psychologist") < referrals.index('href="tel:111"')


def test_danger_to_life_step_puts_112_first(client, guideline_index):
    page = GuidelinePageFactory(
        parent=guideline_index,
        sections=[algorithm_section("Act", step("Danger", referrals=[("Police", "")], danger_to_life=True))],
    )
    publish(page)
    referrals = client.get(page.url).content.decode().split('class="referrals"')[1].split("</ul>")[0]
    assert referrals.index('href="tel:112"') < referrals.index("Police") < referrals.index('href="tel:111"')


def test_superseded_version_shows_notice_linking_to_new_version(client, guideline, guideline_index):
    new = publish(
        GuidelinePageFactory(parent=guideline_index, slug="identifying-2", version="2.0", supersedes=guideline)
    )
    html = client.get(guideline.url).content.decode()
    assert "notice--superseded" in html
    assert f'href="{new.url}"' in html
    assert str(GuidelineStatus.SUPERSEDED.label) in html


def test_current_version_has_no_superseded_notice(client, guideline, guideline_index):
    new = publish(
        GuidelinePageFactory(parent=guideline_index, slug="identifying-2", version="2.0", supersedes=guideline)
    )
    assert "notice--superseded" not in client.get(new.url).content.decode()


def test_unapproved_replacement_does_not_supersede(client, guideline, guideline_index):
    draft = GuidelinePageFactory(parent=guideline_index, slug="identifying-2", version="2.0", supersedes=guideline)
    draft.unpublish()
    assert "notice--superseded" not in client.get(guideline.url).content.decode()
    assert guideline.status == GuidelineStatus.APPROVED


def test_draft_guideline_never_renders_publicly(client, guideline_index):
    draft = GuidelinePageFactory(parent=guideline_index, slug="draft", title="Secret draft")
    draft.unpublish()
    for suffix in ("", "changes/", "pdf/"):
        assert client.get(f"/kk/guidelines/draft/{suffix}").status_code == 404
    assert "Secret draft" not in client.get(guideline_index.url).content.decode()


def test_live_page_keeps_approved_text_while_a_draft_is_in_moderation(client, guideline, reviewers):
    guideline.sections = [section("Purpose", "Unreviewed new wording.")]
    guideline.version = "1.1"
    guideline.save_revision(user=reviewers["Working-group review"])
    guideline.get_workflow().start(guideline, reviewers["Working-group review"])
    guideline.refresh_from_db()
    assert guideline.workflow_in_progress
    html = client.get(guideline.url).content.decode()
    assert "Unreviewed new wording." not in html
    assert "Why these recommendations exist." in html
    changes = client.get(guideline.changes_url).content.decode()
    assert "1.1" not in changes


def test_related_trainings_show_only_live_pages(client, home_tree, guideline_index):
    live = StandardPageFactory(parent=home_tree["home"]["kk"], title="Live training")
    hidden = StandardPageFactory(parent=home_tree["home"]["kk"], title="Hidden training", live=False)
    page = publish(GuidelinePageFactory(parent=guideline_index, related=[("page", live), ("page", hidden)]))
    html = client.get(page.url).content.decode()
    assert "Live training" in html
    assert "Hidden training" not in html


def test_a_version_cannot_replace_itself(guideline):
    guideline.supersedes = guideline
    with pytest.raises(ValidationError):
        guideline.full_clean()


def test_guideline_page_sets_no_cookie_for_anonymous_readers(client, guideline):
    response = client.get(guideline.url)
    assert response.status_code == 200
    assert not response.cookies
