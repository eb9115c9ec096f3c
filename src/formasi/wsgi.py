"""WSGI entry point (waitress in `formasi serve`, any WSGI server in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "formasi.settings")
application = get_wsgi_application()
