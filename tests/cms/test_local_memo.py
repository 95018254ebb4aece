import pytest

from cms.home import local_memo
from cms.home.local_memo import LocalMemo


def test_an_entry_is_kept_for_its_seconds_then_read_again(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(local_memo.time, "monotonic", lambda: now[0])
    memo = LocalMemo(seconds=30)
    memo.put("chrome:g1:helpline", "value")
    now[0] = 129.9
    assert memo.get("chrome:g1:helpline") == "value"
    now[0] = 130.0
    assert memo.get("chrome:g1:helpline") is None


def test_the_copy_is_emptied_when_full_so_old_generations_do_not_pile_up():
    memo = LocalMemo(seconds=30, limit=3)
    for generation in range(3):
        memo.put(f"chrome:g{generation}:menu", generation)
    assert memo.get("chrome:g2:menu") == 2
    memo.put("chrome:g3:menu", 3)
    assert memo.get("chrome:g0:menu") is None
    assert memo.get("chrome:g3:menu") == 3


@pytest.mark.django_db
def test_a_new_chrome_generation_is_seen_although_the_process_kept_the_old_one(client, home_tree):
    from wagtail.models import Site

    from cms.home.models import HelplineSettings

    assert 'href="tel:111"' in client.get("/kk/browse-safely/").content.decode()
    settings = HelplineSettings.for_site(Site.objects.get())
    settings.helpline_number = "150"
    settings.save()
    html = client.get("/kk/browse-safely/").content.decode()
    # The bar at the top and the footer are kept as rendered fragments: both follow the change.
    assert 'href="tel:111"' not in html
    assert html.count('href="tel:150"') >= 2
