from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AudienceCode

MAX_QUERY_LENGTH = 200


class GuidelineFilterForm(forms.Form):
    """The public GET form of the guideline index: no cookies, no CSRF token, works without JavaScript."""

    q = forms.CharField(
        label=_("Search the guidelines"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    audience = forms.ChoiceField(
        label=_("Written for"), required=False, choices=[("", _("Everyone")), *AudienceCode.choices]
    )
    superseded = forms.BooleanField(label=_("Include superseded versions"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())
