from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import UserCreationForm, UserEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin with the profile fields (role, agency, region, organisation)."""

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
