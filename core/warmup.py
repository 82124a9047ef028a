"""Work a web process would otherwise do on its first requests, done once in gunicorn's
master before it forks (ops/gunicorn.conf.py): the workers inherit the result."""

import logging
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def project_template_names():
    """The names of the project's own templates (its apps' templates/ directories)."""
    from django.template.utils import get_app_template_dirs

    base, names = Path(settings.BASE_DIR), set()
    for directory in get_app_template_dirs("templates"):
        directory = Path(directory)
        if base not in directory.parents or ".venv" in directory.parts:
            continue
        names.update(str(p.relative_to(directory)) for p in directory.rglob("*.html"))
    return sorted(names)


def compile_templates():
    """Compile every project template into the cached loader, so a new worker renders its
    first page without parsing templates. Returns how many were compiled."""
    from django.template.loader import get_template

    started, compiled = time.perf_counter(), 0
    for name in project_template_names():
        try:
            get_template(name)
        except Exception:  # a broken template must not stop the start; its page will say so
            logger.exception("template %s not compiled at start", name)
        else:
            compiled += 1
    logger.info("%d templates compiled in %.1f s", compiled, time.perf_counter() - started)
    return compiled


def load_translations_and_urls():
    """Read every language's message catalogs and build the URL resolver's caches (both happen
    lazily on a process's first request otherwise). Never fails the start."""
    from django.urls import get_resolver
    from django.utils import translation

    try:
        resolver = get_resolver()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                translation.gettext("Search words")
                resolver.reverse_dict  # noqa: B018 - built per language on first access
        resolver.resolve("/")
    except Exception:
        logger.exception("translations or URLs not loaded at start")
