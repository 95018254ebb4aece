"""Certificate PDF generation time (WeasyPrint + segno QR), in Kazakh and Russian.

Run: .venv/bin/python bench/certificate_pdf.py [N]   (default N=30 per language)
Uses an unsaved certificate, so it needs no database rows; prints the median, p95 and size.
"""

import os
import statistics
import sys
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from courses.certificate_documents import render_certificate_pdf  # noqa: E402
from courses.models import Certificate  # noqa: E402


def certificate(language: str) -> Certificate:
    return Certificate(
        code="ABCDEFGHIJKLMNOPQRSTUVWX",
        holder_name="Әсел Ғалымқызы Нұрланова" if language == "kk" else "Анастасия Сергеевна Ким",
        course_title="Қиын жағдайдағы отбасыларды анықтау және сүйемелдеу: әғқңөұүһі"
        if language == "kk"
        else "Выявление и сопровождение семей в трудной жизненной ситуации",
        hours=Decimal("16"),
        language=language,
        issued_on=date(2026, 11, 27),
        expires_on=date(2028, 11, 27),
        completed_at=timezone.now(),
        course_key=uuid.uuid4(),
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    render_certificate_pdf(certificate("kk"))  # warm-up: fonts and templates load once per process
    for language in ("kk", "ru"):
        item = certificate(language)
        timings, size = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            size = len(render_certificate_pdf(item))
            timings.append(time.perf_counter() - start)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{language}: {runs} PDFs, median {statistics.median(timings) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {timings[-1] * 1000:.0f} ms, size {size / 1024:.1f} KB"
        )


if __name__ == "__main__":
    main()
