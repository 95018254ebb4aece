"""The project's own image and document models, present from the first migration so fields can be
added later without swapping models under existing data."""

from django.db import models
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage


class CustomImage(AbstractImage):
    # The description doubles as alternative text (Wagtail's default_alt_text).
    admin_form_fields = WagtailImage.admin_form_fields


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    admin_form_fields = WagtailDocument.admin_form_fields
