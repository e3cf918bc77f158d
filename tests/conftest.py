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


def require_program(program: str, package: str) -> str:
    """Path of ``program``; skip (or fail under CI) when its Debian package is missing."""
    path = shutil.which(program)
    if path is None:
        message = f"needs '{program}' from the Debian package {package} (apt-get install {package})"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def essay(db):
    """The essay imported from the project's fixture, without translations."""
    from translations.services.documents import document_import

    return document_import(path=ESSAY_PATH, slug=ESSAY_SLUG, title=ESSAY_TITLE).document


@pytest.fixture
def essay_with_samples(db):
    """The essay with the German, French and Russian sample drafts."""
    from translations.services.samples import essay_install

    report, _samples = essay_install()
    return report.document
