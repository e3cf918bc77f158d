"""The production settings path, run the way a deployment runs it.

Each test starts ``manage.py`` or gunicorn in a subprocess with production
environment variables (``DEBUG=0``, a random 50-character ``SECRET_KEY``,
``ALLOWED_HOSTS=example.org``) and a private ``var/`` directory.
"""

import http.client
import os
import secrets
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SECURE_", "CSRF_", "DJANGO_")) and name not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env.update(
        DEBUG="0",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        ALLOWED_HOSTS="example.org",
        WORKBENCH_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="workbench.settings",
    )
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr.upper()


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set when DEBUG is off"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set when DEBUG is off"),
    ],
)
def test_production_refuses_to_start_without(tmp_path, missing, message):
    result = manage(production_env(tmp_path, **{missing: None}), "check")
    assert result.returncode != 0
    assert message in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, *, https: bool = True) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "example.org", "Accept-Encoding": "gzip"}
    if https:
        headers["X-Forwarded-Proto"] = "https"
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture
def gunicorn_server(tmp_path):
    """gunicorn with two workers behind a (pretend) TLS proxy, static files collected."""
    env = production_env(tmp_path, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    collected = manage(env, "collectstatic", "--noinput", "-v0")
    assert collected.returncode == 0, collected.stderr
    migrated = manage(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    log = open(tmp_path / "gunicorn.log", "w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "workbench.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"gunicorn did not start:\n{log.read()}")
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_gunicorn_serves_https_only_with_secure_cookies_and_static_files(gunicorn_server):
    port = gunicorn_server
    plain = _get(port, "/admin/login/", https=False)
    assert plain.status == 301 and plain.getheader("Location") == "https://example.org/admin/login/"

    login = _get(port, "/admin/login/")
    assert login.status == 200
    assert "max-age=31536000" in login.getheader("Strict-Transport-Security")
    cookie = login.getheader("Set-Cookie")
    assert cookie.startswith("csrftoken=") and "Secure" in cookie
    assert b"Debug" not in login.body

    # The admin's stylesheet, linked under its content-hashed name, served by WhiteNoise.
    stylesheet = next(part for part in login.body.decode().split('"') if part.startswith("/static/admin/css/base."))
    css = _get(port, stylesheet)
    assert css.status == 200 and css.getheader("Content-Type").startswith("text/css")
    assert css.getheader("Content-Encoding") == "gzip"
    assert "max-age=315360000" in css.getheader("Cache-Control")

    # DEBUG is off: a missing page is a plain 404, not Django's technical page.
    missing = _get(port, "/no-such-page/")
    assert missing.status == 404 and b"URLconf" not in missing.body
