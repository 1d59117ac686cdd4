"""With REDIS_URL the caches live in Redis: every worker shares the generation, counts and pages."""

import shutil
import socket
import subprocess
import time

import pytest
from django.urls import reverse

from archive import caching

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server (make redis)"),
]
URL = reverse("archive:claim_list")


@pytest.fixture(scope="module")
def redis_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait()


@pytest.fixture
def in_redis(settings, redis_url):
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    settings.CACHES = {**settings.CACHES, "archive": redis, "archive_pages": redis, "archive_state": redis}
    caching.clear()
    yield
    caching.clear()


def test_a_page_is_kept_in_redis_and_retired_by_an_edit(client, world, in_redis, django_assert_num_queries):
    first = client.get(URL, {"person": world.lee.slug})
    assert first.status_code == 200
    with django_assert_num_queries(0):  # the generation and the page both come from Redis
        assert client.get(URL, {"person": world.lee.slug}).content == first.content
    claim = world.claims[0]
    claim.text = "An edited text about the frontline"
    claim.save()
    assert b"An edited text about the frontline" in client.get(URL, {"person": world.lee.slug}).content
