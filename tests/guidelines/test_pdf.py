import io

import pytest
from pypdf import PdfReader

from cms.guidelines.demo import TEXT, sections

from .factories import GuidelinePageFactory, publish, section

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһі"


@pytest.fixture
def kazakh_guideline(guideline_index):
    return publish(
        GuidelinePageFactory(
            parent=guideline_index, slug="kk-guideline", title="Әдістемелік ұсыным", sections=sections("kk", "2.0")
        )
    )


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_pdf_contains_the_sections_in_order(client, kazakh_guideline):
    text = pdf_text(client.get(kazakh_guideline.pdf_url)).replace("\n", " ")
    titles = [TEXT["kk"][key][0] for key in ("purpose", "signs", "checklist", "privacy")]
    # Each title appears in the table of contents and again as the heading of its section.
    assert all(text.count(title) >= 2 for title in titles)
    headings = [text.rindex(f"{number}. {title}") for number, title in zip((1, 2, 4, 5), titles, strict=True)]
    assert headings == sorted(headings)


def test_pdf_renders_every_kazakh_letter(client, guideline_index):
    letters = f"{KAZAKH_LETTERS} {KAZAKH_LETTERS.upper()}"
    page = publish(GuidelinePageFactory(parent=guideline_index, slug="letters", sections=[section("Әліпби", letters)]))
    text = pdf_text(client.get(page.pdf_url))
    assert all(letter in text for letter in letters.replace(" ", ""))


def test_pdf_renders_russian(client, guideline_index):
    page = publish(GuidelinePageFactory(parent=guideline_index, slug="ru", sections=sections("ru", "2.0")))
    assert TEXT["ru"]["privacy"][0] in pdf_text(client.get(page.pdf_url)).replace("\n", " ")


def test_pdf_table_of_contents_shows_page_numbers(client, kazakh_guideline):
    first_page = PdfReader(io.BytesIO(client.get(kazakh_guideline.pdf_url).content)).pages[0].extract_text()
    toc_lines = [line for line in first_page.splitlines() if line.startswith("1. ")]
    assert toc_lines and toc_lines[0].rstrip().split()[-1].isdigit()


def test_pdf_pages_are_numbered_in_the_footer(client, kazakh_guideline):
    reader = PdfReader(io.BytesIO(client.get(kazakh_guideline.pdf_url).content))
    total = len(reader.pages)
    assert total >= 2
    assert f"{total} / {total}" in reader.pages[-1].extract_text()


def test_pdf_is_of_the_published_version_not_the_draft(client, kazakh_guideline):
    kazakh_guideline.title = "Unreviewed title"
    kazakh_guideline.save_revision()
    assert "Unreviewed title" not in pdf_text(client.get(kazakh_guideline.pdf_url))


def test_pdf_of_superseded_version_carries_the_notice(client, kazakh_guideline, guideline_index):
    publish(GuidelinePageFactory(parent=guideline_index, slug="next", version="3.0", supersedes=kazakh_guideline))
    assert "3.0" in pdf_text(client.get(kazakh_guideline.pdf_url))
