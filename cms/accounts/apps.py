from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "cms.accounts"
    label = "accounts"
    verbose_name = _("Accounts")


class UsersAppConfig(WagtailUsersAppConfig):
    """Replaces wagtail.users in INSTALLED_APPS so the user admin edits profile fields."""

    default = False
    user_viewset = "cms.accounts.viewsets.UserViewSet"
