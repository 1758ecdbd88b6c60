"""WSGI entry point: ``gunicorn wsgi:app``."""

from eigenkracht import create_app

app = create_app()
