from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.sitesearch.index import FoldedSearchMixin, folded_search_field

from .blocks import BodyBlock, EntryPointBlock
from .routing import DirectRouteMixin

phone_number = RegexValidator(r"^\+?[0-9 ()-]{2,20}$", _("Enter digits, spaces, brackets or dashes only."))


@register_setting(icon="help")
class HelplineSettings(BaseSiteSetting):
    """The contacts shown on every page. Editors change them; templates never hard-code them."""

    helpline_number = models.CharField(_("helpline number"), max_length=20, default="111", validators=[phone_number])
    helpline_sms = models.CharField(_("text message number"), max_length=20, blank=True, validators=[phone_number])
    helpline_whatsapp = models.URLField(_("WhatsApp link"), blank=True)
    helpline_telegram = models.URLField(_("Telegram link"), blank=True)
    helpline_chat = models.URLField(_("online chat link"), blank=True)
    emergency_number = models.CharField(_("emergency number"), max_length=20, default="112", validators=[phone_number])
    quick_exit_url = models.URLField(
        _("quick exit target"),
        default="https://www.google.com/search?q=weather",
        help_text=_("A neutral page that the quick exit opens instead of this site."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("helpline_number"),
                FieldPanel("helpline_sms"),
                FieldPanel("helpline_whatsapp"),
                FieldPanel("helpline_telegram"),
                FieldPanel("helpline_chat"),
            ],
            heading=_("The 111 line"),
        ),
        FieldPanel("emergency_number"),
        FieldPanel("quick_exit_url"),
    ]

    class Meta:
        verbose_name = _("helpline and quick exit")

    @property
    def helpline_tel(self) -> str:
        return "".join(ch for ch in self.helpline_number if ch.isdigit() or ch == "+")

    @property
    def emergency_tel(self) -> str:
        return "".join(ch for ch in self.emergency_number if ch.isdigit() or ch == "+")

    @property
    def sms_tel(self) -> str:
        return "".join(ch for ch in self.helpline_sms if ch.isdigit() or ch == "+")


class HomePage(DirectRouteMixin, FoldedSearchMixin, Page):
    """The root of each language's site: four doors for four kinds of visitor."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    entry_points = StreamField(
        [("entry_point", EntryPointBlock())], verbose_name=_("entry points"), blank=True, max_num=6
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("entry_points")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), folded_search_field()]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(FoldedSearchMixin, Page):
    """Plain content: about the programme, how to browse safely, privacy."""

    summary = models.TextField(_("summary"), blank=True, max_length=300)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        folded_search_field(),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
