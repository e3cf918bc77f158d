"""Shared fixtures and the rule for tests that need a system package.

Outside CI a test may skip when a Debian package is missing, saying which;
under ``CI=true`` that skip becomes a failure, because CI installs them
(``scripts/system-deps``).
"""

import os
import shutil

import pytest

from translations.services.samples import ESSAY_PATH, ESSAY_SLUG, ESSAY_TITLE

IN_CI = os.environ.get("CI", "").lower() == "true"


def database_label() -> str:
    """Which database this run uses, for the report header and skip reasons."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        return f"PostgreSQL ({database.get('HOST') or 'local socket'}:{database.get('PORT') or 5432}/{database['NAME']})"
    return f"SQLite ({database['ENGINE']})"


def pytest_report_header(config):
    return f"database: {database_label()}"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` run only when DATABASE_URL names PostgreSQL.

    ``make test`` runs the suite a second time on a throwaway PostgreSQL
    cluster, and under CI that pass is mandatory (scripts/test-databases), so
    these tests always run in CI, on that pass.
    """
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: runs in the PostgreSQL pass of `make test` "
        "(or set DATABASE_URL=postgres://..., see scripts/postgres)"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def require_program(program: str, package: str) -> str:
    """Path of ``program``; skip (or fail under CI) when its Debian package is missing."""
    path = shutil.which(program)
    if path is None:
        message = f"needs '{program}' from the Debian package {package} (apt-get install {package})"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session", autouse=True)
def _interface_catalogs():
    """The interface catalogs compiled, as `make run` does, so pages can be tested in German or Arabic.

    Only missing or stale .mo files are written (polib, no GNU gettext needed).
    """
    from django.utils.translation import trans_real

    from translations.interface_catalogs import interface_catalogs_compile

    if interface_catalogs_compile():
        # Forget catalogs read before these .mo files existed.
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """A request in German leaves German active in this thread; the next test starts from the default again."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many users; the production hasher's deliberate slowness (~1 s each here) buys nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def essay(db):
    """The essay imported from the project's fixture, without translations."""
    from translations.services.documents import document_import

    return document_import(path=ESSAY_PATH, slug=ESSAY_SLUG, title=ESSAY_TITLE).document


@pytest.fixture
def essay_with_samples(db):
    """The essay with the German, French and Russian samples, as drafts and not in the memory.

    (The demo loads them as translated and into the memory; these tests count
    drafts and memory matches of their own.)
    """
    from translations.models import State
    from translations.services.samples import essay_install

    report, _samples = essay_install(state=State.DRAFT, memory=False)
    return report.document


# Playwright's sync API runs an event loop in the test thread; Django would
# then refuse ORM calls made by the test itself. The live server runs in its
# own thread, so allowing this in tests is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
ARTIFACTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts")


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless chromium driven by Playwright (no browser download)."""
    executable = require_program("chromium", "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def artifacts_dir():
    """Where tests write screenshots and files for people to look at (not in git)."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def admin_login(page, live_server, django_user_model):
    """Log ``page`` into the admin as a superuser; returns the user."""

    def login(username="admin", password="pw-admin-123"):
        user = django_user_model.objects.filter(username=username).first()
        if user is None:
            user = django_user_model.objects.create_superuser(username, "", password)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return user

    return login
