"""Learner actions (enrol, finish a lesson), "My learning", certificates and their public check."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cms.accounts.decorators import verified_staff_required
from cms.accounts.models import Role
from cms.accounts.throttle import client_address

from . import learner_data, selectors, services
from .certificate_documents import open_badge_json, render_certificate_pdf
from .forms import DeleteAccountForm, RevokeForm, StaffCertificateSearchForm, VerifyForm
from .models import Certificate, CoursePage, Enrolment, LessonPage, normalise_code
from .throttle import allow_lookup


def _in_reader_language(page):
    """``page`` in the language being read, when it has been translated, so links keep the language."""
    translated = page.get_translations(inclusive=True).live().filter(locale__language_code=get_language()).first()
    return (translated or page).specific


@require_POST
@login_required
def enrol_view(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        services.enrol(user=request.user, course=course)
    except services.EnrolmentRefused as refusal:
        messages.error(request, str(refusal.args[0]))
        return redirect(course.url)
    messages.success(request, _("You are enrolled. Start with the first lesson."))
    outline = selectors.course_outline(course=course, user=request.user)
    return redirect(outline.resume.url if outline.resume else course.url)


@require_POST
@login_required
def complete_lesson_view(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        enrolment = services.complete_lesson(user=request.user, lesson=lesson, language_code=get_language())
    except services.NotEnrolled:
        messages.error(request, _("Enrol on the course to keep track of your progress."))
        return redirect(lesson.course.url)
    enrolment.refresh_from_db()
    if enrolment.is_complete:
        messages.success(request, _("You have completed the course. Your certificate will be ready in a moment."))
        return redirect(lesson.course.url)
    context = selectors.lesson_context(lesson=lesson, user=request.user)
    messages.success(request, _("Lesson marked as done."))
    return redirect(context["next_lesson"].url if context["next_lesson"] else lesson.course.url)


@login_required
def resume_view(request, enrolment_id: int):
    enrolment = get_object_or_404(Enrolment.objects.select_related("course"), pk=enrolment_id, user=request.user)
    course = _in_reader_language(enrolment.course)
    outline = selectors.course_outline(course=course, user=request.user)
    return redirect(outline.resume.url if outline.resume else course.url)


@never_cache
@login_required
def my_learning_view(request):
    context = selectors.my_learning(user=request.user, language_code=get_language())
    context["attempts"] = learner_data.quiz_attempts(user=request.user)
    return render(request, "courses/my_learning.html", context)


@never_cache
@login_required
@require_GET
def my_data_view(request):
    data = learner_data.export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@never_cache
@login_required
def delete_account_view(request):
    if request.user.needs_second_factor:
        # Staff accounts hold other people's work and audit trails; an administrator removes them.
        return render(request, "courses/delete_account.html", {"staff": True})
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_learner_account(user=user)
        return render(request, "courses/account_deleted.html")
    return render(request, "courses/delete_account.html", {"form": form})


def _own_certificate(request, code: str) -> Certificate:
    # Someone else's code gives the same 404 as a code that does not exist.
    return get_object_or_404(Certificate, code=normalise_code(code), user=request.user)


@never_cache
@login_required
def certificate_pdf_view(request, code: str):
    certificate = _own_certificate(request, code)
    response = HttpResponse(render_certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@never_cache
@login_required
def certificate_badge_view(request, code: str):
    certificate = _own_certificate(request, code)
    response = HttpResponse(open_badge_json(certificate), content_type="application/ld+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="open-badge-{certificate.code}.json"'
    return response


def _too_many(request):
    response = render(request, "courses/verify_limited.html", status=429)
    response["Retry-After"] = "600"
    return response


@require_GET
def verify_form_view(request):
    """A public GET form (no cookies, no CSRF token needed): type the code printed on a certificate."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("courses:verify", code=normalise_code(form.cleaned_data["code"]) or "-")
    return render(request, "courses/verify_form.html", {"form": form})


@require_GET
def verify_view(request, code: str):
    if not allow_lookup(address=client_address(request)):
        return _too_many(request)
    certificate = Certificate.objects.filter(code=normalise_code(code)).first()
    if certificate is None:
        return render(request, "courses/verify_not_found.html", {"form": VerifyForm()}, status=404)
    return render(request, "courses/verify.html", {"certificate": certificate, "status": certificate.status()})


STAFF_ROLES = (Role.COORDINATOR, Role.SUPERVISOR)


def _staff_certificates(user):
    """Certificates a staff member may see: all for superusers and supervisors, own region for coordinators."""
    certificates = Certificate.objects.select_related("user")
    if user.is_superuser or user.role == Role.SUPERVISOR:
        return certificates
    return certificates.filter(user__region=user.region) if user.region else certificates.none()


@verified_staff_required(*STAFF_ROLES)
def staff_certificates_view(request):
    form = StaffCertificateSearchForm(request.GET or None)
    certificates = _staff_certificates(request.user).order_by("-issued_on", "-id")
    if form.is_valid() and (query := form.cleaned_data["q"].strip()):
        certificates = certificates.filter(
            Q(code=normalise_code(query)) | Q(holder_name__icontains=query) | Q(user__email__iexact=query)
        )
    page_obj = Paginator(certificates, 50).get_page(request.GET.get("page"))
    return render(request, "courses/staff/certificates.html", {"form": form, "page_obj": page_obj})


@verified_staff_required(*STAFF_ROLES)
def staff_revoke_view(request, code: str):
    certificate = _staff_certificates(request.user).filter(code=normalise_code(code)).first()
    if certificate is None:
        raise Http404
    if request.user.role == Role.SUPERVISOR and not request.user.is_superuser:
        # Supervisors read; they do not change records.
        raise Http404
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.revoke_certificate(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The certificate has been revoked."))
        return redirect("courses:staff_certificates")
    return render(request, "courses/staff/revoke.html", {"certificate": certificate, "form": form})
