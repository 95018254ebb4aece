from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import DirectoryToolsGroup
from .models import Location, Organization, Region, Service, Taxonomy, TaxonomyTerm


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "help"
    menu_label = _("Help services")
    list_display = ["name", "organization", "status", "assured_date", "locale"]
    list_filter = ["status", "locale", "is_free", "anonymous", "open_24_7", "nationwide"]
    search_fields = ["name", "alternate_name", "description"]
    list_export = ["id", "name", "organization", "status", "assured_date", "assurer_email"]
    copy_view_enabled = False


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "group"
    list_display = ["name", "legal_status", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "alternate_name"]


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    list_display = ["name", "organization", "city", "region", "locale"]
    list_filter = ["locale", "location_type"]
    search_fields = ["name", "address_1", "city"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    list_display = ["name", "code", "former_code", "kind", "locale"]
    list_filter = ["locale", "kind"]
    search_fields = ["name", "code"]
    copy_view_enabled = False


class TaxonomyTermViewSet(SnippetViewSet):
    model = TaxonomyTerm
    icon = "tag"
    list_display = ["name", "code", "taxonomy", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "code"]


class TaxonomyViewSet(SnippetViewSet):
    model = Taxonomy
    icon = "list-ul"
    list_display = ["name", "locale"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "help"
    menu_order = 250
    items = (
        ServiceViewSet,
        OrganizationViewSet,
        LocationViewSet,
        RegionViewSet,
        TaxonomyTermViewSet,
        TaxonomyViewSet,
    )


register_snippet(DirectoryViewSetGroup)




@hooks.register("register_admin_viewset")
def register_directory_tools():
    return DirectoryToolsGroup()
