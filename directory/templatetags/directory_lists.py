"""The long option and link lists of the directory's list pages, written out once per language.

The search form's regions, kinds of help and languages (about 40 options) and the region links
were rendered through the template engine option by option on every page: about a tenth of a
search's time, although they change only with the reference data. Here the markup of each list
is built once per distinct list (the lists come from directory.card_cache, one per language and
generation) and kept in the process; a page only marks the chosen item. The markup is exactly
what the templates wrote, escaped the same way (format_html escapes like ``{{ }}``).
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@lru_cache(maxsize=128)
def _options(choices: tuple[tuple[str, str], ...]) -> tuple[tuple[str, SafeString, SafeString], ...]:
    """(value, option, chosen option) for each choice."""
    return tuple(
        (
            value,
            format_html('<option value="{}">{}</option>', value, label),
            format_html('<option value="{}" selected>{}</option>', value, label),
        )
        for value, label in choices
    )


@register.filter
def select_options(field) -> SafeString:
    """The ``<option>``s of a bound choice field, the one its value names marked ``selected``."""
    current = field.value()
    if current is None:
        current = ""
    # Labels are lazy translations: the key holds them as text in the active language.
    choices = tuple((value, str(label)) for value, label in field.field.choices)
    # Values are the codes the form was given (strings), compared as the template compared them.
    return mark_safe("".join(chosen if value == current else plain for value, plain, chosen in _options(choices)))  # noqa: S308


@lru_cache(maxsize=128)
def _region_links(regions: tuple) -> tuple[tuple[str, SafeString, SafeString], ...]:
    """(code, item, item marked as the current page) for each region (card_cache.Choice)."""
    return tuple(
        (
            region.code,
            format_html('<li><a href="{}">{}</a></li>', region.url, region.name),
            format_html('<li><a href="{}" aria-current="page">{}</a></li>', region.url, region.name),
        )
        for region in regions
    )


@register.simple_tag
def region_link_items(regions, current=None) -> SafeString:
    """The region links' ``<li>``s; the region ``current`` (a page's own) marked ``aria-current``."""
    code = current.code if current else None
    return mark_safe(  # noqa: S308 - each item was escaped by format_html
        "".join(marked if item_code == code else plain for item_code, plain, marked in _region_links(tuple(regions)))
    )


@register.simple_tag(takes_context=True)
def select_field(context, field) -> SafeString:
    """A select of the search form with its label and errors, as the template
    directory/components/select_field.html wrote it (that include cost a tenth of the search
    form's rendering, three times per page)."""
    errors = field.errors
    error_list = (
        format_html(
            '<ul class="errorlist" id="{}_error">{}</ul>',
            field.auto_id,
            format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
        )
        if errors
        else ""
    )
    invalid = format_html(' aria-invalid="true" aria-describedby="{}_error"', field.auto_id) if errors else ""
    return format_html(
        '<div class="form__field{}">\n  <label for="{}">{}{}</label>\n  {}\n\n'
        '  <select name="{}" id="{}"{}>\n    {}\n  </select>\n</div>\n',
        " form__field--error" if errors else "",
        field.auto_id,
        field.label,
        context["form"].label_suffix,
        error_list,
        field.html_name,
        field.auto_id,
        invalid,
        select_options(field),
    )
