from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

TEACHER_MATERIAL_KINDS = [
    ("slides", _("Slides")),
    ("handout", _("Handout")),
    ("discussion_guide", _("Discussion guide")),
    ("other", _("Other material")),
]
STUDENT_MATERIAL_KINDS = [
    ("reading", _("Reading")),
    ("worksheet", _("Worksheet")),
    ("help_card", _("Help card")),
    ("other", _("Other material")),
]


class MaterialValue(blocks.StructValue):
    @property
    def kind_label(self) -> str:
        return dict(self.block.child_blocks["kind"].field.choices).get(self.get("kind"), "")

    @property
    def extension(self) -> str:
        document = self.get("document")
        return document.file_extension.upper() if document else ""


class MaterialBlock(blocks.StructBlock):
    """A downloadable document with what it is for."""

    kind = blocks.ChoiceBlock(label=_("Kind"), choices=TEACHER_MATERIAL_KINDS)
    document = DocumentChooserBlock(label=_("Document"))
    note = blocks.CharBlock(label=_("Note"), required=False, max_length=200)

    class Meta:
        value_class = MaterialValue
        template = "lectures/blocks/material.html"
        icon = "doc-full"


class StudentMaterialBlock(MaterialBlock):
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=STUDENT_MATERIAL_KINDS)


class TeacherMaterialsBlock(blocks.StreamBlock):
    material = MaterialBlock()


class StudentMaterialsBlock(blocks.StreamBlock):
    material = StudentMaterialBlock()
