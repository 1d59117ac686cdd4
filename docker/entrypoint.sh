#!/bin/sh
# Apply migrations, then run the given command (gunicorn by default).
set -e
python manage.py migrate --noinput
exec "$@"
