import pytest
from django.urls import reverse

from archive.models import OrganisationRedirect, PersonRedirect
from tests.web.conftest import build_world

pytestmark = pytest.mark.django_db


def test_a_person_page_shows_spellings_memberships_claims_and_briefings(client, world):
    response = client.get(world.lee.get_absolute_url())
    html = response.content.decode()
    assert "Lee Seong-gweon" in html
    assert "People Power Party" in html
    assert world.briefing.get_absolute_url() in html
    assert len(response.context["page_obj"]) == 2


@pytest.mark.parametrize("size", [2, 6])
def test_a_person_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    world = build_world(size)
    with django_assert_num_queries(12):
        client.get(world.lee.get_absolute_url())


def test_an_old_person_slug_redirects_permanently(client, world):
    PersonRedirect.objects.create(old_slug="lee-sung-kwon", person=world.lee)
    response = client.get(reverse("archive:person_detail", args=["lee-sung-kwon"]))
    assert response.status_code == 301
    assert response["Location"] == world.lee.get_absolute_url()


def test_an_unknown_person_is_a_404(client, db):
    assert client.get(reverse("archive:person_detail", args=["nobody"])).status_code == 404


def test_an_outlet_page_lists_its_articles(client, world):
    response = client.get(world.kbs.get_absolute_url())
    html = response.content.decode()
    assert world.articles[0].get_absolute_url() in html
    assert world.articles[1].get_absolute_url() not in html


def test_a_party_page_lists_members_and_their_claims(client, world):
    response = client.get(world.ppp.get_absolute_url())
    assert "Lee Seong-kweun" in response.content.decode()
    assert {c.pk for c in response.context["page_obj"]} == {
        c.pk for c in world.claims if world.lee in c.speakers.all()
    }


def test_an_agency_page_shows_its_briefings_and_aliases(client, world):
    html = client.get(world.nis.get_absolute_url()).content.decode()
    assert "NIS" in html
    assert world.briefing.get_absolute_url() in html


@pytest.mark.parametrize("size", [2, 6])
def test_an_organisation_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    world = build_world(size)
    with django_assert_num_queries(12):
        client.get(world.nis.get_absolute_url())  # the source of every claim
    with django_assert_num_queries(13):
        client.get(world.kbs.get_absolute_url())  # an outlet: its articles and the claims it published


def test_an_old_organisation_slug_redirects_permanently(client, world):
    OrganisationRedirect.objects.create(old_slug="nis", organisation=world.nis)
    response = client.get(reverse("archive:organisation_detail", args=["nis"]))
    assert response.status_code == 301
    assert response["Location"] == world.nis.get_absolute_url()


def test_an_unknown_organisation_is_a_404(client, db):
    assert client.get(reverse("archive:organisation_detail", args=["nothing"])).status_code == 404


@pytest.mark.parametrize("size", [2, 6])
def test_the_people_and_organisation_lists_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, size
):
    build_world(size)
    with django_assert_num_queries(5):
        client.get(reverse("archive:person_list"))
    with django_assert_num_queries(3):
        client.get(reverse("archive:organisation_list"))


def test_the_lists_reject_bad_filters(client, db):
    assert client.get(reverse("archive:person_list"), {"party": "x"}).status_code == 400
    assert client.get(reverse("archive:organisation_list"), {"kind": "x"}).status_code == 400
