"""Wrong admin passwords are throttled (django-axes): 5 for one user name from one address lock it out."""

from __future__ import annotations

from django.test import Client, RequestFactory, override_settings

from archive.security import client_ip
from tests.factories import EditorFactory

PASSWORD = "correct horse battery staple"


def attempt(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_account_for_that_address(db, client):
    editor = EditorFactory()
    for _ in range(4):
        assert attempt(client, editor.username, "wrong").status_code == 200  # the form again
    locked = attempt(client, editor.username, "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Now even the right password is refused from there, for 15 minutes.
    assert attempt(client, editor.username, PASSWORD).status_code == 429
    # The same user from another address, and another user from this one, can still log in.
    assert attempt(Client(), editor.username, PASSWORD, address="198.51.100.2").status_code == 302
    other = EditorFactory()
    assert attempt(Client(), other.username, PASSWORD).status_code == 302


def test_a_right_password_resets_the_count(db, client):
    editor = EditorFactory()
    for _ in range(4):
        attempt(client, editor.username, "wrong")
    assert attempt(client, editor.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, editor.username, "wrong").status_code == 200


def test_the_client_address_behind_trusted_proxies():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "10.0.0.2"  # no proxy trusted: a client could write the header
    with override_settings(ARCHIVE_TRUSTED_PROXIES=1):
        assert client_ip(request) == "203.0.113.7"  # what the proxy appended, not what the client sent
    with override_settings(ARCHIVE_TRUSTED_PROXIES=3):
        assert client_ip(request) == "10.0.0.2"  # fewer entries than proxies: the connection's address
