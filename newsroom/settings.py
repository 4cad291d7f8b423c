"""Newsroom settings: one module, read from the environment, with safe embedded defaults.

Development needs no variable at all. Production sets at least DJANGO_SECRET_KEY,
DJANGO_DEBUG=0 and DJANGO_ALLOWED_HOSTS; DATABASE_URL and REDIS_URL when the site outgrows SQLite.
"""

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or env_bool("NEWSROOM_TESTING")
DEBUG = env_bool("DJANGO_DEBUG", default=not TESTING and "gunicorn" not in sys.argv[0])

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off Newsroom refuses to start with a "
            "guessable key: export DJANGO_SECRET_KEY to a long random string, e.g. the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "django-insecure-newsroom-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",  # the admin, with the newsroom's front page for staff
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_prose_editor",
    "reversion",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "operations",
    "articles",
    "comments",
    "website",
    "importers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so that cached pages get the same headers: operations/headers.py
    "csp.middleware.CSPMiddleware",
    "operations.headers.PermissionsPolicyMiddleware",
    # /healthz answers here: before the host check and the page cache (operations/health.py)
    "operations.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before GZip (stores pages as sent) and before sessions (a hit needs no user): website/middleware.py
    "website.middleware.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost: turns a "not found" into a redirect when the path is an article's old address.
    "website.redirects.OldAddressRedirectMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "website.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR = Path(env("NEWSROOM_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # A web server writes from several processes at once: WAL lets readers go on while one
    # writes, IMMEDIATE takes the write lock up front (no deadlock on upgrade), and the
    # timeout makes a writer wait for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-20000;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")} if env_bool(
        "NEWSROOM_TEST_SQLITE_FILE"
    ) else {}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# The page cache must be shared by every worker process, or a worker would keep serving a
# page that another worker has just invalidated: Redis when configured, else a database table.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("NEWSROOM_CACHE_PREFIX", "newsroom"),
            "TIMEOUT": 3600,
        }
    }
else:
    CACHES = {
        "default": {
            # Django's DatabaseCache, with each read or write one SQL statement.
            "BACKEND": "operations.database_cache.DatabaseCache",
            "LOCATION": "newsroom_cache",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": env_int("NEWSROOM_CACHE_MAX_ENTRIES", 20000)},
        }
    }
# Rate-limit counters and used comment-form tokens: a table of their own, which the thousands of
# cached pages can never push them out of (comments/spam.py).
CACHES["limits"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "newsroom_limits",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": env_int("NEWSROOM_LIMITS_MAX_ENTRIES", 200_000)},
}
# Fragments ({% cache %}: article cards, comment lists, the blank comment form) are named by what
# they show, so an edit makes a new name and nothing is ever stale: each worker keeps its own.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "TIMEOUT": 24 * 3600,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
# The bytes of the pages a worker served lately, under the entry's id, which is new each time a
# page is stored: what a worker keeps is never out of date, and a hit reads only the entry's small
# head and versions from the shared cache (website/page_cache.py).
CACHES["worker_pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "worker-pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("NEWSROOM_WORKER_PAGES", 1000)},
}
NEWSROOM_WORKER_PAGES = CACHES["worker_pages"]["OPTIONS"]["MAX_ENTRIES"]
NEWSROOM_PAGE_CACHE = env("NEWSROOM_PAGE_CACHE", "on").lower() not in {"off", "0", "false", "no"}
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 3600)
# Edge caches in front (Varnish, a CDN) may keep public pages this long (s-maxage): only as long as
# the page stays true, and only when they hear what changed. Varnish at these addresses is sent
# xkey purges (website/edge_cache.py); a CDN purged by other means sets the seconds itself.
NEWSROOM_EDGE_PURGE_URLS = env_list("NEWSROOM_EDGE_PURGE_URLS")
NEWSROOM_EDGE_CACHE_SECONDS = env_int(
    "NEWSROOM_EDGE_CACHE_SECONDS", NEWSROOM_PAGE_CACHE_SECONDS if NEWSROOM_EDGE_PURGE_URLS else 0
)
# The response header that lists the surrogate keys a page shows: Surrogate-Key (Varnish, Fastly)
# or Cache-Tag (Cloudflare).
NEWSROOM_EDGE_KEY_HEADER = env("NEWSROOM_EDGE_KEY_HEADER", "Surrogate-Key")

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "admin:login"
NEWSROOM_ADMIN_PATH = env("NEWSROOM_ADMIN_PATH", "admin/").strip("/") + "/"
# django-axes: ten wrong passwords for an account from one address lock that account from that
# address only, so a guesser elsewhere cannot lock an editor out of their own admin; ten from one
# address for any accounts lock that address (behind a proxy, set NEWSROOM_TRUST_X_FORWARDED_FOR).
# Until an editor lifts it (Axes › Access attempts, or `manage.py axes_reset_username NAME`) or
# AXES_COOLOFF_MINUTES pass.
# `client.force_login` in tests bypasses authenticate(), and so axes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "operations.client_address.client_ip"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = env("DJANGO_LANGUAGE_CODE", "en-gb")
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    # Uploads: the file system, or any STORAGES backend with its options, e.g. S3 (README).
    "default": {
        "BACKEND": env("NEWSROOM_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(env("NEWSROOM_MEDIA_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
# Uploaded media is served by Django itself unless a CDN or object store (STORAGES) serves it.
NEWSROOM_SERVE_MEDIA = env_bool("NEWSROOM_SERVE_MEDIA", True)
NEWSROOM_IMAGE_MAX_BYTES = env_int("NEWSROOM_IMAGE_MAX_BYTES", 20 * 1024 * 1024)
NEWSROOM_IMAGE_MAX_PIXELS = env_int("NEWSROOM_IMAGE_MAX_PIXELS", 40_000_000)
NEWSROOM_IMAGE_WIDTHS = [320, 640, 960, 1280, 1920]

# --- HTTPS and security headers -------------------------------------------------------------
# Production is served over TLS (`check --deploy` is clean); `make serve` on plain
# http://127.0.0.1 sets DJANGO_HTTPS=0. Behind a proxy that terminates TLS, set
# DJANGO_TRUST_PROXY_SSL_HEADER=1 only if the proxy always sets (or strips) X-Forwarded-Proto.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG and not TESTING)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if env_bool("DJANGO_TRUST_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# django-csp. Public pages run no inline script, so the page cache can share them: a nonce is
# added to the header only on the (never cached) pages that use `request.csp_nonce`, i.e. the
# admin's article form, whose rich-text editor needs an inline import map.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_URL] if "://" in MEDIA_URL else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": HTTPS,
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Newsroom <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Mail leaves through a queue in the database (operations/mail.py), sent by `manage.py db_worker`;
# while the mail server is down a letter is tried again after 1, 2, 4… times this many seconds.
NEWSROOM_MAIL_QUEUE = env_bool("NEWSROOM_MAIL_QUEUE", True)
NEWSROOM_MAIL_RETRIES = env_int("NEWSROOM_MAIL_RETRIES", 10)
NEWSROOM_MAIL_RETRY_SECONDS = env_int("NEWSROOM_MAIL_RETRY_SECONDS", 30)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- The site -------------------------------------------------------------------------------
NEWSROOM_SITE_NAME = env("NEWSROOM_SITE_NAME", "The Newsroom")
# The public address, on which every absolute link is written (canonical, Open Graph, JSON-LD,
# feeds, sitemaps, the moderation e-mail). Unset, it is the address the server listens on, which
# `make run` and `make serve` pass on from their HOST and PORT.
SERVER_HOST = env("NEWSROOM_SERVER_HOST", "127.0.0.1").strip("[]")
SERVER_PORT = env("NEWSROOM_SERVER_PORT", "8000")
_server_address = f"[{SERVER_HOST}]:{SERVER_PORT}" if ":" in SERVER_HOST else f"{SERVER_HOST}:{SERVER_PORT}"
NEWSROOM_SITE_URL = env("NEWSROOM_SITE_URL", f"{'https' if HTTPS else 'http'}://{_server_address}").rstrip("/")
NEWSROOM_PAGE_SIZE = env_int("NEWSROOM_PAGE_SIZE", 12)
# Feeds carry the whole story (content:encoded / Atom content) or only the standfirst.
NEWSROOM_FEED_FULL_CONTENT = env_bool("NEWSROOM_FEED_FULL_CONTENT", False)
# How long a draft's preview link (for someone without an account) opens the article.
NEWSROOM_PREVIEW_LINK_DAYS = env_int("NEWSROOM_PREVIEW_LINK_DAYS", 7)

# --- Reader comments (WordPress-like defaults) ----------------------------------------------
NEWSROOM_COMMENT_MAX_DEPTH = env_int("NEWSROOM_COMMENT_MAX_DEPTH", 3)
NEWSROOM_COMMENT_APPROVE_RETURNING = env_bool("NEWSROOM_COMMENT_APPROVE_RETURNING", True)
NEWSROOM_COMMENT_HOLD_LINKS = env_int("NEWSROOM_COMMENT_HOLD_LINKS", 2)
NEWSROOM_COMMENT_DISALLOWED_WORDS = env_list("NEWSROOM_COMMENT_DISALLOWED_WORDS", "viagra,casino bonus")
NEWSROOM_COMMENT_CLOSE_AFTER_DAYS = env_int("NEWSROOM_COMMENT_CLOSE_AFTER_DAYS", 0)
NEWSROOM_COMMENT_RETENTION_DAYS = env_int("NEWSROOM_COMMENT_RETENTION_DAYS", 30)
NEWSROOM_COMMENT_RATE = env("NEWSROOM_COMMENT_RATE", "5/10m")
NEWSROOM_COMMENT_MIN_SECONDS = float(env("NEWSROOM_COMMENT_MIN_SECONDS", "2"))
NEWSROOM_COMMENT_TOKEN_MAX_AGE = env_int("NEWSROOM_COMMENT_TOKEN_MAX_AGE", 2 * 24 * 3600)
NEWSROOM_MODERATOR_EMAILS = env_list("NEWSROOM_MODERATOR_EMAILS")
# Commenters' addresses: a first comment waits until its confirmation link (valid this many days)
# is followed; a proven address with this many approved comments and no rejection in these many
# days is published at once; no address gets more than this many mails a day.
NEWSROOM_COMMENT_CONFIRM_ADDRESS = env_bool("NEWSROOM_COMMENT_CONFIRM_ADDRESS", True)
NEWSROOM_CONFIRMATION_DAYS = env_int("NEWSROOM_CONFIRMATION_DAYS", 7)
NEWSROOM_TRUST_APPROVED = env_int("NEWSROOM_TRUST_APPROVED", 1)
NEWSROOM_TRUST_CLEAN_DAYS = env_int("NEWSROOM_TRUST_CLEAN_DAYS", 30)
NEWSROOM_MAIL_DAILY_CAP = env_int("NEWSROOM_MAIL_DAILY_CAP", 10)
# Reader reports: how many from different readers hide a comment until a moderator looks (0: never),
# and how many reports one address may send (like NEWSROOM_COMMENT_RATE).
NEWSROOM_COMMENT_HIDE_AFTER_REPORTS = env_int("NEWSROOM_COMMENT_HIDE_AFTER_REPORTS", 0)
NEWSROOM_REPORT_RATE = env("NEWSROOM_REPORT_RATE", "10/h")
# Readers' reports of an error in a story: how many one address may send (like NEWSROOM_COMMENT_RATE).
NEWSROOM_ERROR_REPORT_RATE = env("NEWSROOM_ERROR_REPORT_RATE", "5/h")
# Moderation notices: one a day listing what waits (a cron job runs `manage.py
# send_moderation_digest`), or one per held comment; their links to decide expire after these hours.
NEWSROOM_MODERATION_DIGEST = env_bool("NEWSROOM_MODERATION_DIGEST")
NEWSROOM_DIGEST_SIZE = env_int("NEWSROOM_DIGEST_SIZE", 100)
NEWSROOM_NOTICE_LINK_HOURS = env_int("NEWSROOM_NOTICE_LINK_HOURS", 72)
# Comments on one page of the moderation desk.
NEWSROOM_DESK_PAGE_SIZE = env_int("NEWSROOM_DESK_PAGE_SIZE", 50)
# Top-level threads on one page of an article's conversation (with all their replies).
NEWSROOM_COMMENT_THREADS_PER_PAGE = env_int("NEWSROOM_COMMENT_THREADS_PER_PAGE", 50)
NEWSROOM_TRUST_X_FORWARDED_FOR = env_bool("NEWSROOM_TRUST_X_FORWARDED_FOR")
# How long the browser that wrote a comment may edit it. A banned address's comment is stored as
# spam and the poster told nothing, or (REFUSE_BANNED) refused with a message.
NEWSROOM_COMMENT_EDIT_MINUTES = env_int("NEWSROOM_COMMENT_EDIT_MINUTES", 10)
NEWSROOM_COMMENT_REFUSE_BANNED = env_bool("NEWSROOM_COMMENT_REFUSE_BANNED")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Every record, whoever logs it, loses e-mail addresses and secrets: operations/log_privacy.py
    "filters": {"private_data": {"()": "operations.log_privacy.MaskPrivateData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["private_data"]}},
    "root": {"handlers": ["console"], "level": env("NEWSROOM_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
