import pytest

from directory.search import skeleton, terms
from directory.selectors import ServiceFilters, search_services

from .factories import make_service


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("көмек", "kömek"),
        ("көмек", "komek"),
        ("Қазақстан", "Qazaqstan"),
        ("балаларға", "balalarğa"),
        ("шұғыл", "shugyl"),
        ("жасөспірім", "jasöspırım"),
    ],
)
def test_kazakh_in_cyrillic_and_latin_have_the_same_terms(cyrillic, latin):
    assert terms(cyrillic) == terms(latin)


def test_terms_ignore_case():
    assert terms("ПСИХОЛОГ Психолог психолог") == terms("психолог")


@pytest.mark.parametrize("form", ["помощь", "помощи", "помощью"])
def test_russian_inflected_forms_share_a_stem(form):
    assert terms(form) == terms("помощь")


def test_skeleton_is_ascii():
    assert skeleton("Әділет ұйымы") == "adiletuiimi"


@pytest.mark.django_db
class TestSearchFindsServices:
    @pytest.fixture(autouse=True)
    def _services(self):
        self.psych = make_service(
            locales=("kk", "ru"),
            names={"kk": "Психологиялық көмек орталығы", "ru": "Центр психологической помощи"},
            description="Жасөспірімдерге кеңес",
        )
        self.legal = make_service(names={"kk": "Заң кеңесі"}, kinds=["legal"])

    def found(self, query, language="kk"):
        return {s.translation_key for s in search_services(language_code=language, filters=ServiceFilters(q=query))}

    def test_kazakh_typed_in_cyrillic_finds_the_service(self):
        assert self.found("көмек") == {self.psych.translation_key}

    def test_kazakh_typed_in_latin_finds_the_service(self):
        assert self.found("kömek") == {self.psych.translation_key}
        assert self.found("komek ortalygy") == {self.psych.translation_key}

    def test_part_of_a_word_finds_the_service(self):
        assert self.found("психол") == {self.psych.translation_key}
        assert self.found("жасөсп") == {self.psych.translation_key}

    def test_search_ignores_case(self):
        assert self.found("ЗАҢ") == {self.legal.translation_key}

    def test_russian_inflected_form_finds_the_service(self):
        assert self.found("психологическая помощь", language="ru") == {self.psych.translation_key}

    def test_kind_of_help_names_in_other_languages_are_searchable(self):
        # The Russian name of the "legal" term finds the Kazakh-only service.
        assert self.legal.translation_key in self.found("юридическая")

    def test_unknown_word_finds_nothing(self):
        assert self.found("зебра") == set()

    def test_punctuation_only_query_is_ignored(self):
        assert self.found("!!!") == {self.psych.translation_key, self.legal.translation_key}
