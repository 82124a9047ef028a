"""The shared test cast (house style): one person per role, plus their organisations.

- provider_user: admin of provider_org ("alice")
- other_provider_user: admin of other_provider_org ("bob", a competitor)
- municipality_user: admin of municipality_org (Bad Hersfeld-like town)
- other_municipality_user: admin of another town
- office_user: member of the office (Geschäftsstelle)
- outsider: signed in, member of nothing
- anonymous: the `client` fixture without login
"""

import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template import base as template_base
from django.template import defaulttags
from django.test.signals import reset_template_engines

from accounts.tests.factories import (
    MunicipalityOrgFactory,
    OfficeOrgFactory,
    ProviderOrgFactory,
    UserFactory,
    member_of,
)

PROJECT_DIR = str(Path(__file__).resolve().parent)
VENV_DIR = str(Path(__file__).resolve().parent / ".venv")
_RESOLVE = template_base.FilterExpression.resolve.__code__


def _project_template(frame):
    """The project template (file name and line) of the node rendering in `frame`'s stack;
    None for Django's, allauth's and other installed packages' templates."""
    while frame is not None:
        node = frame.f_locals.get("self")
        if isinstance(node, template_base.Node) and getattr(node, "origin", None):
            name = node.origin.name or ""
            if name.startswith(PROJECT_DIR) and not name.startswith(VENV_DIR):
                line = node.token.lineno if getattr(node, "token", None) else "?"
                return f"{name[len(PROJECT_DIR) + 1 :]}:{line}"
            return None
        frame = frame.f_back
    return None


class MissingVariable(str):
    """`string_if_invalid` for tests: a name a project template reads but nobody provides
    fails the test. Django returns `string_if_invalid % name` for a missing variable before
    any filter runs, so `{{ missing|default:"x" }}` and `{{ missing|date }}` fail as well.

    `{% if missing %}` is not checked (Django resolves it to None); `{% for x in missing %}`
    is, through ForNode below. A lookup that fails silently (a missing related object)
    returns this object itself: it is falsy then, like Django's default "", and fails only
    when printed."""

    def __new__(cls):
        return super().__new__(cls, "%s")

    def __bool__(self):
        # Truthy only where Django asks whether to use it for a missing variable.
        return sys._getframe(1).f_code is _RESOLVE

    def __mod__(self, name):
        where = _project_template(sys._getframe(1))
        if where is None:
            return ""
        pytest.fail(f"Undefined template variable '{name}' in {where}", pytrace=False)

    def __str__(self):
        where = _project_template(sys._getframe(1))
        if where is None:
            return ""
        pytest.fail(f"A template variable in {where} failed silently", pytrace=False)


class _StrictSequence:
    """The sequence of a {% for %}: Django resolves it ignoring failures, so a loop over a
    missing name (`check.routes`) would render nothing; resolve it strictly instead."""

    def __init__(self, expression):
        self.expression = expression

    def resolve(self, context, ignore_failures=False):
        value = self.expression.resolve(context)
        return None if isinstance(value, MissingVariable) else value

    def __getattr__(self, name):
        return getattr(self.expression, name)

    def __repr__(self):
        return repr(self.expression)


def _fail_on_missing_template_variables():
    """Once per process: the marker in the engine options, strict {% for %} sequences, and
    template engines rebuilt so that every template compiles with both."""
    options = django_settings.TEMPLATES[0]["OPTIONS"]
    if isinstance(options.get("string_if_invalid"), MissingVariable):
        return
    options["string_if_invalid"] = MissingVariable()
    original_init = defaulttags.ForNode.__init__

    def strict_init(self, loopvars, sequence, *args, **kwargs):
        original_init(self, loopvars, _StrictSequence(sequence), *args, **kwargs)

    defaulttags.ForNode.__init__ = strict_init
    reset_template_engines(setting="TEMPLATES")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    _fail_on_missing_template_variables()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # WhiteNoise scans STATIC_ROOT for every test client; var/static is collectstatic's (make
    # prod, the load benchmark) and may be rewritten while the suite runs.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.LANGUAGE_CODE = "de"
    # Users are created in almost every test; the production hasher costs ~0.3 s per password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()


_EMBEDDINGS = {}  # (text, …) → the encoder's vectors for exactly that batch, per process


@pytest.fixture(autouse=True)
def _embeddings_encoded_once(request, monkeypatch):
    """The sentence encoder is deterministic and costs ~20-300 ms a call; the shared catalogs of
    the tests encode the same texts again and again. Each batch of texts is encoded for real
    once per process and its vectors reused after that, so every test still ranks with the
    real embeddings. The encoder's own tests (matching/tests/test_semantic.py) and tests marked
    `real_encoder` call it every time."""
    if request.node.get_closest_marker("real_encoder") or request.path.name == "test_semantic.py":
        return
    from matching import semantic

    real = semantic.encode

    def encode(texts):
        key = tuple(texts)
        if key not in _EMBEDDINGS:
            _EMBEDDINGS[key] = real(key)
        return _EMBEDDINGS[key].copy()

    monkeypatch.setattr(semantic, "encode", encode)


@pytest.fixture(autouse=True)
def _fresh_search_caches(settings, tmp_path):
    """Each process holds one search snapshot (matching.index); tests start without one and
    keep their snapshot files apart."""
    from matching import index

    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    index.reset()


@pytest.fixture
def provider_org(db):
    return ProviderOrgFactory(name="ParkSense GmbH")


@pytest.fixture
def other_provider_org(db):
    return ProviderOrgFactory(name="Konkurrenz AG")


@pytest.fixture
def municipality_org(db):
    return MunicipalityOrgFactory(municipality__ags="06632002", municipality__name="Bad Hersfeld")


@pytest.fixture
def other_municipality_org(db):
    return MunicipalityOrgFactory(
        municipality__ags="06631009",
        municipality__name="Fulda",
        municipality__district="Fulda",
        municipality__district_ags="06631",
    )


@pytest.fixture
def office_org(db):
    return OfficeOrgFactory()


@pytest.fixture
def provider_user(provider_org):
    return member_of(provider_org, email="alice@parksense.example")


@pytest.fixture
def other_provider_user(other_provider_org):
    return member_of(other_provider_org, email="bob@konkurrenz.example")


@pytest.fixture
def municipality_user(municipality_org):
    return member_of(municipality_org, email="clerk@bad-hersfeld.example")


@pytest.fixture
def other_municipality_user(other_municipality_org):
    return member_of(other_municipality_org, email="clerk@fulda.example")


@pytest.fixture
def office_user(office_org):
    return member_of(office_org, email="staff@smarte-region.example")


@pytest.fixture
def outsider(db):
    return UserFactory(email="charlie@example.org")


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
