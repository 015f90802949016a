"""Staff web admin under ``/admin``: server-rendered Jinja2 pages, no JavaScript libraries.

Every module here that defines ``router`` is included by :func:`hub.main.create_app`.
Shared pieces: :mod:`hub.admin.web` (templates, language, login guard, CSRF, error pages),
:mod:`hub.admin.forms` (form fields and validation messages).
"""
