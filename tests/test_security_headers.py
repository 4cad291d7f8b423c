import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parent.parent


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = [part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.fixture
def pages(client):
    article = ArticleFactory()
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "admin login": "/admin/login/",
        "not found": "/no-such-page/",
    }


@pytest.mark.parametrize("page", ["home", "article", "admin login", "not found"])
def test_every_kind_of_page_carries_the_security_headers(client, pages, page):
    response = client.get(pages[page])
    assert response.status_code in (200, 404)
    csp = policy(response)
    assert csp["script-src"][0] == "'self'"
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(csp["script-src"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_public_pages_run_no_inline_script_so_every_reader_gets_the_same_cached_page(client, pages):
    first = client.get(pages["article"])
    second = client.get(pages["article"])
    for response in (first, second):
        assert not any(source.startswith("'nonce-") for source in policy(response)["script-src"])
        page = response.content.decode()
        assert "<script>" not in page and "<style" not in page and " style=" not in page
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]


def test_the_article_editor_gets_a_fresh_nonce_for_its_import_map_and_nothing_else(client, editor):
    client.force_login(editor)
    responses = [client.get("/admin/articles/article/add/") for _ in range(2)]
    nonces = []
    for response in responses:
        assert response.status_code == 200
        nonce = next(s for s in policy(response)["script-src"] if s.startswith("'nonce-"))[7:-1]
        page = response.content.decode()
        assert f'<script type="importmap" nonce="{nonce}">' in page
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert "Cache-Control" in responses[0] and "private" in responses[0]["Cache-Control"]


def test_server_error_page_has_no_inline_style_or_script(client):
    from django.template import loader

    for template in ("500.html", "503.html"):
        page = loader.get_template(template).render({})
        assert "<style" not in page and "<script" not in page and "css/site.css" in page


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    environment.update(env)
    return subprocess.run(  # noqa: S603 (the arguments are the tests' own)
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_local_http_serving_can_turn_https_off_and_the_checklist_says_so():
    result = manage("check", "--deploy", DJANGO_DEBUG="0", DJANGO_HTTPS="0",
                    DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    assert "SECURE_SSL_REDIRECT" in result.stderr
    assert "SESSION_COOKIE_SECURE" in result.stderr


def test_https_redirect_spares_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200


def test_proxy_ssl_header_is_trusted_only_when_told(settings):
    code = "from django.conf import settings; print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    untrusted = manage("shell", "-c", code, DJANGO_SECRET_KEY="x" * 60)
    trusted = manage("shell", "-c", code, DJANGO_SECRET_KEY="x" * 60, DJANGO_TRUST_PROXY_SSL_HEADER="1")
    assert untrusted.stdout.strip().splitlines()[-1] == "None"
    assert "HTTP_X_FORWARDED_PROTO" in trusted.stdout


def test_admin_lives_at_the_path_set_by_the_environment():
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    result = manage("shell", "-c", code, NEWSROOM_ADMIN_PATH="back-office-7f3k")
    assert result.stdout.strip().splitlines()[-1] == "/back-office-7f3k/"


def test_the_editor_stylesheet_hash_matches_the_installed_editor(client, editor):
    """Recomputed from the editor's own code: upgrading django-prose-editor must not silently
    break the editor under the policy."""
    import base64
    import hashlib
    import re

    import django_prose_editor

    script = (Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js").read_text()
    stylesheet = re.search(r"`(\.ProseMirror \{\n  position: relative;.*?)`", script, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(stylesheet.encode()).digest()).decode()
    client.force_login(editor)
    response = client.get("/admin/articles/article/add/")
    assert f"'sha256-{digest}'" in policy(response)["style-src"]
    assert "'unsafe-inline'" not in policy(response)["style-src"]


def test_images_from_a_cdn_media_address_are_allowed_by_the_policy():
    code = ("from django.conf import settings; "
            "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])")
    result = manage("shell", "-c", code, MEDIA_URL="https://cdn.example.com/media/")
    assert "https://cdn.example.com/media/" in result.stdout.strip().splitlines()[-1]
