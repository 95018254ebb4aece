from django.db import models


class SearchWord(models.Model):
    """A word of some service's search document (directory.search.document_for), filter tokens
    left out. Kept so that a typed prefix can be turned into the words it stands for before
    PostgreSQL's full-text index is asked (directory.selectors._expansions): the index reads a
    prefix's every match into a bitmap, while whole words let it skip through the rarest one
    (at 100k services: 17-24 ms for a common prefix with a kind of help, 3-6 ms for its words).

    Words are added whenever a document is written (Service.save, directory.batch) and never
    removed: a word no service has any more only adds a term that matches nothing.
    """

    word = models.TextField(primary_key=True)

    class Meta:
        verbose_name = "search word"

    def __str__(self) -> str:
        return self.word
