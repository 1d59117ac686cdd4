"""Create (or reset) a local admin login and print it. Refuses in production."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create or reset the local 'admin' superuser with a fresh random password and print the login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/admin/", help="where the admin will be served"
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("local_admin is for local setups only; use createsuperuser in production.")
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=options["username"], defaults={"is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            f"Local admin login ({'created' if created else 'password reset'}): "
            f"{options['url']}  username: {user.username}  password: {password}"
        )
