import re

import pytest

from cms.guidelines import selectors

from .factories import GuidelinePageFactory, default_sections, publish, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(guideline):
    """Version 1.0, then 1.1 with one section changed, one added and one removed."""
    sections = default_sections()
    sections[0] = section("Purpose", "A clearer purpose.")
    sections.pop(1)
    sections.append(section("Privacy", "Share only what helps the child."))
    return publish(guideline, version="1.1", sections=sections, change_summary="Purpose clarified; privacy added.")


def test_change_log_lists_versions_newest_first_with_summaries(client, revised):
    html = client.get(revised.changes_url).content.decode()
    headings = re.findall(r'<li class="change-log__entry">\s*<h2>([^<]+)</h2>', html)
    assert [re.search(r"\d+\.\d+", heading).group() for heading in headings] == ["1.1", "1.0"]
    assert "Purpose clarified; privacy added." in html
    assert "First version." in html


def test_change_log_names_added_changed_and_removed_sections(revised):
    latest = selectors.change_log(guideline=revised)[0]
    assert (latest.added, latest.changed, latest.removed) == (["Privacy"], ["Purpose"], ["Signs"])


def test_change_log_merges_republished_revisions_of_one_version(guideline):
    publish(guideline, change_summary="First version, typo fixed.")
    entries = selectors.change_log(guideline=guideline)
    assert [entry.version for entry in entries] == ["1.0"]
    assert entries[0].summary == "First version, typo fixed."


def test_change_log_ignores_revisions_never_published(guideline):
    guideline.version = "9.9"
    guideline.change_summary = "Unapproved."
    guideline.save_revision()
    assert [entry.version for entry in selectors.change_log(guideline=guideline)] == ["1.0"]


def test_change_log_of_new_version_includes_the_version_it_replaces(client, guideline, guideline_index):
    new = publish(
        GuidelinePageFactory(
            parent=guideline_index,
            slug="identifying-2",
            version="2.0",
            supersedes=guideline,
            change_summary="Rewritten for health psychologists.",
        )
    )
    entries = selectors.change_log(guideline=new)
    assert [entry.version for entry in entries] == ["2.0", "1.0"]
    assert entries[1].is_earlier_page and entries[1].url == guideline.url
    html = client.get(new.changes_url).content.decode()
    assert f'href="{guideline.url}"' in html
