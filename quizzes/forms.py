from django import forms
from django.utils.translation import gettext_lazy as _

from .gift import MAX_BYTES
from .models import Quiz


class GiftImportForm(forms.Form):
    """Upload a GIFT file (or, after a check, send back the text that was checked)."""

    quiz = forms.ModelChoiceField(
        label=_("Quiz"), queryset=Quiz.objects.select_related("locale").order_by("title"), empty_label=None
    )
    file = forms.FileField(
        label=_("GIFT file"), required=False, help_text=_("A .gift or .txt file in UTF-8, up to 2 MB.")
    )
    source = forms.CharField(required=False, widget=forms.HiddenInput)
    skip_unsupported = forms.BooleanField(
        label=_("Skip questions of types we do not have (numerical, essay, description)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quiz"].label_from_instance = lambda quiz: f"{quiz.title} ({quiz.locale.language_code})"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if upload and not upload.name.lower().endswith((".gift", ".txt")):
            raise forms.ValidationError(_("Choose a .gift or .txt file."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("source") and not self.errors:
            raise forms.ValidationError(_("Choose a GIFT file."))
        return cleaned

    def source_bytes(self) -> bytes:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read()
        return self.cleaned_data["source"].encode("utf-8")
