"""The editors' GIFT import in the Wagtail admin: check first (a dry run), then import all or nothing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import services
from .forms import GiftImportForm


def gift_import_view(request):
    if not request.user.has_perm("quizzes.change_quiz") or not request.user.has_perm("quizzes.add_quiz"):
        raise PermissionDenied
    result = None
    source_text = ""
    if request.method == "POST":
        form = GiftImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.source_bytes()
            quiz = form.cleaned_data["quiz"]
            skip = form.cleaned_data["skip_unsupported"]
            confirm = request.POST.get("action") == "import"
            result = services.import_gift(quiz=quiz, source=data, skip_unsupported=skip, dry_run=not confirm)
            if result.imported:
                messages.success(
                    request,
                    _("%(count)s questions were added to “%(quiz)s”.") % {"count": result.imported, "quiz": quiz.title},
                )
                return redirect("wagtailsnippets_quizzes_quiz:edit", quiz.pk)
            if not result.report.errors:
                source_text = data.decode("utf-8-sig")
    else:
        form = GiftImportForm(initial={"quiz": request.GET.get("quiz")})
    return TemplateResponse(
        request,
        "quizzes/admin/gift_import.html",
        {
            "form": form,
            "result": result,
            "source_text": source_text,
            "page_title": _("Import questions from a GIFT file"),
            "header_title": _("Import questions from a GIFT file"),
            "header_icon": "upload",
        },
    )
