from django import forms
from django.utils.translation import gettext_lazy as _

from .models.services import LANGUAGE_CHOICES
from .selectors import ServiceFilters

MAX_QUERY_LENGTH = 200


class HelpSearchForm(forms.Form):
    """The help page's search and filters, sent by GET so results can be bookmarked and shared.

    Rendered by directory/components/search_form.html field by field, not through the form
    renderer: with TemplatesSetting every widget and option is a template of its own.
    """

    q = forms.CharField(label=_("What do you need help with?"), required=False, max_length=MAX_QUERY_LENGTH)
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Kind of help"), required=False)
    age = forms.IntegerField(label=_("Age of the child"), required=False, min_value=0, max_value=120)
    language = forms.ChoiceField(label=_("Language"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    open_24_7 = forms.BooleanField(label=_("Open 24/7"), required=False)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)

    def __init__(self, data, *, regions, kinds, fixed_region=None):
        super().__init__(data)
        self.fixed_region = fixed_region
        self.fields["region"].choices = [("", _("All regions")), *((r.code, r.name) for r in regions)]
        self.fields["kind"].choices = [("", _("Any kind of help")), *((t.code, t.name) for t in kinds)]
        self.fields["language"].choices = [("", _("Any language")), *LANGUAGE_CHOICES]
        if fixed_region is not None:
            del self.fields["region"]

    @property
    def checkboxes(self):
        """The yes/no filters, in their order (the template writes the fields out by hand)."""
        return [self[name] for name in ("open_now", "open_24_7", "free", "anonymous")]

    def filters(self) -> ServiceFilters:
        """The valid filters; a field with a bad value is left out (its error shows beside it)."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        region = self.fixed_region.code if self.fixed_region is not None else data.get("region", "")
        return ServiceFilters(
            q=(data.get("q") or "").strip(),
            region=region or "",
            kind=data.get("kind") or "",
            age=data.get("age"),
            language=data.get("language") or "",
            open_now=bool(data.get("open_now")),
            open_24_7=bool(data.get("open_24_7")),
            free=bool(data.get("free")),
            anonymous=bool(data.get("anonymous")),
        )

    @property
    def is_filtered(self) -> bool:
        filters = self.filters()
        return any(getattr(filters, name) not in ("", None, False) for name in ServiceFilters.__dataclass_fields__)
