import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import PlacementKind
from .posters import POSTER_LANGUAGES, SIZES

MAX_PERIOD_DAYS = 731


class ReportFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of placement"), required=False, choices=[("", _("All kinds")), *PlacementKind.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        regions = selectors.regions_visible_to(user=user)
        choices = [(code, name) for code, name in regions]
        if selectors.sees_all_regions(user):
            choices = [("", _("All regions")), *choices]
        self.fields["region"].choices = choices
        start, end = default_period()
        self.fields["date_from"].widget.attrs["placeholder"] = start.isoformat()
        self.fields["date_to"].widget.attrs["placeholder"] = end.isoformat()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                self.add_error("date_to", _("The end date must not be before the start date."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("date_to", _("Choose a period of at most two years."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound else {}
        start, end = default_period()
        return {
            "region_code": data.get("region") or "",
            "kind": data.get("kind") or "",
            "date_from": data.get("date_from") or start,
            "date_to": data.get("date_to") or end,
        }

    def default_filters(self) -> dict:
        start, end = default_period()
        return {"region_code": "", "kind": "", "date_from": start, "date_to": end}


class PosterForm(forms.Form):
    size = forms.ChoiceField(choices=[(size, size) for size in SIZES])
    language = forms.ChoiceField(choices=[(code, code) for code in POSTER_LANGUAGES])


def default_period() -> tuple[datetime.date, datetime.date]:
    """The last 30 days, today included (Asia/Almaty)."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=29), today
