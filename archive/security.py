"""The login throttle's view of a client (django-axes calls ``client_ip``)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address failures are counted against.

    With ``TRUSTED_PROXIES=n`` the n-th address from the right of X-Forwarded-For, the one the
    outermost trusted proxy saw (a client can prepend anything to the header, not append);
    otherwise, or when the header is shorter, the connecting address.
    """
    proxies = settings.ARCHIVE_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
