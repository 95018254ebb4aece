"""Poster PDFs: a real PDF with 111, the region and Kazakh letters, and a QR code that decodes
to the placement's scan address."""

import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from directory.outreach.posters import PosterOptions, render_poster

from .outreach_factories import PlacementFactory, make_service, region
from .test_placements import signed_in

pytestmark = pytest.mark.django_db

BASE = "https://help.example.kz"
KAZAKH_LETTERS = "әғқңөұүһі"


@pytest.fixture
def placement(db):
    make_service(name="Қалалық жасөспірімдер орталығы", phone="+7 727 111 22 33")
    make_service(name="111 желісі", phone="111", pinned=True, nationwide=True, regions=())
    return PlacementFactory(name="№25 мектеп-гимназия", region=region("KZ-75"))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def qr_codes(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=2).to_pil()
    # QR codes only: once, under load, the decoder also reported a second code somewhere in the
    # poster's print; another kind of barcode is no concern of these tests.
    return [barcode.text for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.parametrize("size", ["A4", "A3"])
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_poster_is_a_one_page_pdf_of_the_right_size(placement, size, language):
    pdf = render_poster(placement=placement, options=PosterOptions(size=size, language=language), base_url=BASE)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    width_mm = float(reader.pages[0].mediabox.width) * 25.4 / 72
    assert round(width_mm) == {"A4": 210, "A3": 297}[size]


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_the_kazakh_poster_holds_111_the_region_and_kazakh_letters(placement, size):
    pdf = render_poster(placement=placement, options=PosterOptions(size=size, language="kk"), base_url=BASE)
    text = pdf_text(pdf)
    assert "111" in text
    assert "Алматы" in text
    assert "Қалалық жасөспірімдер орталығы" in text
    assert "+7 727 111 22 33" in text
    assert placement.code in text


def test_every_kazakh_letter_is_drawn_with_dejavu_sans(placement):
    placement.name = "Ұлытау ауданы, Шаңырақ ауылы, Әлихан Бөкейхан атындағы мектеп (ғ, һ, ү, і)"
    placement.save()
    pdf = render_poster(placement=placement, options=PosterOptions(language="kk"), base_url=BASE)
    assert set(KAZAKH_LETTERS) <= set(pdf_text(pdf).lower())
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu-Sans" in font for font in fonts), fonts


def test_the_russian_poster_is_in_russian(placement):
    text = pdf_text(render_poster(placement=placement, options=PosterOptions(language="ru"), base_url=BASE))
    assert "111" in text
    assert "Сканируйте" in text
    assert "Алматы" in text


def test_the_pinned_111_line_is_not_repeated_in_the_service_list(placement):
    text = pdf_text(render_poster(placement=placement, options=PosterOptions(), base_url=BASE))
    assert "111 желісі" not in text


@pytest.mark.parametrize(("size", "language"), [("A4", "kk"), ("A3", "ru")])
def test_the_qr_code_decodes_to_the_placements_scan_address(placement, size, language):
    pdf = render_poster(placement=placement, options=PosterOptions(size=size, language=language), base_url=BASE)
    assert qr_codes(pdf) == [f"{BASE}/{language}/help/p/{placement.code}/"]


def test_the_scan_address_on_the_poster_leads_to_the_region_help_page(client, placement):
    pdf = render_poster(placement=placement, options=PosterOptions(), base_url=BASE)
    path = qr_codes(pdf)[0].removeprefix(BASE)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/kk/help/")


def test_staff_download_the_poster_as_an_attachment(verified_client, placement):
    response = verified_client.get(f"/en/staff/placements/{placement.code}/poster/", {"size": "A3", "language": "ru"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"poster-{placement.code}-ru-A3.pdf" in response["Content-Disposition"]
    assert qr_codes(response.content) == [f"http://testserver/ru/help/p/{placement.code}/"]


def test_a_bad_poster_size_gets_a_clear_400(verified_client, placement):
    response = verified_client.get(f"/en/staff/placements/{placement.code}/poster/", {"size": "A0", "language": "kk"})
    assert response.status_code == 400
    assert "A4 or A3" in response.content.decode()


def test_a_coordinator_downloads_their_own_regions_poster(placement):
    from cms.accounts.models import Role
    from tests.factories import UserFactory

    client = signed_in(UserFactory(role=Role.COORDINATOR, region="KZ-75"))
    response = client.get(f"/kk/staff/placements/{placement.code}/poster/", {"size": "A4", "language": "kk"})
    assert response.status_code == 200
