"""Settings for liangxin. Everything that differs between machines comes from the environment.

LIANGXIN_ENV is `dev` (default; convenient keys derived locally) or `production` (every secret
must be given). DEBUG is off in both, so the demo shows users its own Chinese error pages;
a developer turns Django's debug pages on with LIANGXIN_DEBUG=1. Bad values stop start-up with
a clear message.
"""

import base64
import datetime
import hashlib
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from liangxin.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = env_choice("LIANGXIN_ENV", "dev", ("dev", "production"))
DEBUG = env_bool("LIANGXIN_DEBUG", False)

SECRET_KEY = env_str("LIANGXIN_SECRET_KEY")
if SECRET_KEY is None:
    if ENV == "production":
        raise ImproperlyConfigured("LIANGXIN_SECRET_KEY must be set when LIANGXIN_ENV=production")
    SECRET_KEY = "dev-only-insecure-key-liangxin-do-not-use-in-production"


def _derived_key(purpose: str) -> str:
    digest = hashlib.sha256(f"{SECRET_KEY}:{purpose}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# Personal data at rest: Fernet keys, newest first (older ones still decrypt, for rotation),
# and a separate key for the blind indexes that make exact search and uniqueness possible.
FIELD_ENCRYPTION_KEYS = env_list("LIANGXIN_FIELD_KEYS", [])
BLIND_INDEX_KEY = env_str("LIANGXIN_BLIND_INDEX_KEY")
if not FIELD_ENCRYPTION_KEYS or BLIND_INDEX_KEY is None:
    if ENV == "production":
        raise ImproperlyConfigured("LIANGXIN_FIELD_KEYS and LIANGXIN_BLIND_INDEX_KEY must be set in production")
    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_derived_key("field-encryption")]
    BLIND_INDEX_KEY = BLIND_INDEX_KEY or _derived_key("blind-index")

# The change log's hash chain (liangxin.audit.chain) and archive signatures. Keep the key apart
# from the database and its backups, and never change it: rows hashed under another key fail
# verification.
AUDIT_KEY = env_str("LIANGXIN_AUDIT_KEY")
if AUDIT_KEY is None:
    if ENV == "production":
        raise ImproperlyConfigured("LIANGXIN_AUDIT_KEY must be set in production")
    AUDIT_KEY = _derived_key("audit-chain")
# Log rows are kept at least this long (网络安全法 第二十一条: network logs at least six months);
# `liangxin audit-archive` refuses to remove younger ones.
AUDIT_RETENTION_DAYS = env_int("LIANGXIN_AUDIT_RETENTION_DAYS", 180)
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("LIANGXIN_AUDIT_RETENTION_DAYS must be at least 180 (logs are kept six months or more)")

ALLOWED_HOSTS = env_list("LIANGXIN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("LIANGXIN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "liangxin.ops.apps.StaticFilesConfig",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_password_validators",
    "django_password_validators.password_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "liangxin.core",
    "liangxin.accounts",
    "liangxin.audit",
    "liangxin.regions",
    "liangxin.organizations",
    "liangxin.partyorgs",
    "liangxin.members",
    "liangxin.instructors",
    "liangxin.pairing",
    "liangxin.partylife",
    "liangxin.assessments",
    "liangxin.funding",
    "liangxin.inspections",
    "liangxin.ledger",
    "liangxin.grids",
    "liangxin.rules",
    "liangxin.dashboard",
    "liangxin.reports",
    "liangxin.demo",
    "liangxin.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Cache-Control: no-store on every answer to a signed-in user (pages, API, files).
    "liangxin.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "liangxin.accounts.middleware.IdleTimeoutMiddleware",
    # Before the password rule: a session proves the second factor before anything else.
    "liangxin.accounts.middleware.SecondFactorRequiredMiddleware",
    "liangxin.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "liangxin.audit.middleware.RequestContextMiddleware",
    # Last, as axes asks: turns a refused login into its lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liangxin.urls"
WSGI_APPLICATION = "liangxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "liangxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "liangxin.core.context_processors.navigation",
                "liangxin.accounts.context_processors.roles",
                "liangxin.accounts.context_processors.session_timeout",
            ],
        },
    },
]

# SQLite is the embedded default: WAL lets readers run beside a writer, and IMMEDIATE
# transactions take the write lock up front so concurrent writers queue instead of failing
# with "database is locked" half-way through.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'liangxin.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("LIANGXIN_DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("LIANGXIN_TEST_SQLITE", None)}

# A dry-run import on SQLite is routed to a throw-away copy (liangxin.ledger.sandbox says why).
DATABASE_ROUTERS = ["liangxin.ledger.sandbox.SandboxRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Identification (等保 身份鉴别); docs/security.md maps each rule to its code and test.
# Axes first: it refuses a locked username or address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "liangxin.accounts.backends.RoleBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_MAX_AGE_DAYS = env_int("LIANGXIN_PASSWORD_MAX_AGE_DAYS", 90)
PASSWORD_HISTORY = env_int("LIANGXIN_PASSWORD_HISTORY", 5)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "liangxin.accounts.passwords.ComplexityValidator", "OPTIONS": {"min_length": 8, "min_classes": 3}},
    {"NAME": "liangxin.accounts.passwords.NotLikeAccountValidator"},
    {"NAME": "liangxin.accounts.passwords.NotCommonValidator"},
    {"NAME": "liangxin.accounts.passwords.HistoryValidator", "OPTIONS": {"last_passwords": PASSWORD_HISTORY}},
]

# Lockout (django-axes; its defaults, 3 failures locked by address until an administrator
# resets, do not fit, so every parameter is set). A username is locked after
# AXES_FAILURE_LIMIT failures; an address after LOGIN_ADDRESS_FAILURE_LIMIT failures over any
# usernames (an office shares one address, so its allowance is larger), both for the cool-off,
# counted from the failures of the last cool-off period.
AXES_ENABLED = True
AXES_HANDLER = "liangxin.accounts.lockout.GradedLockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # order matters to GradedLockoutHandler
AXES_FAILURE_LIMIT = env_int("LIANGXIN_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LIANGXIN_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LIANGXIN_LOCKOUT_MINUTES", 30))
AXES_LOCK_OUT_AT_FAILURE = True
AXES_RESET_ON_SUCCESS = True
# Tries during a lock are refused without being counted, so the lock ends when the page said.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USE_ATTEMPT_EXPIRATION = False
AXES_LOCKOUT_CALLABLE = "liangxin.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# The same client address as the change log's (REMOTE_ADDR).
AXES_CLIENT_IP_CALLABLE = "liangxin.audit.middleware.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_PASSWORD_FORM_FIELD = "password"
AXES_ONLY_ADMIN_SITE = False
AXES_ENABLE_ADMIN = False
AXES_NEVER_LOCKOUT_GET = False
AXES_IP_WHITELIST = None
AXES_IP_BLACKLIST = None
# Logins and failures are in the change log already; axes keeps only its counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

# API tokens (等保 访问控制) expire this many days after they are made; a password change,
# deactivation or lockout revokes them sooner (liangxin.accounts.tokens).
API_TOKEN_DAYS = env_int("LIANGXIN_API_TOKEN_DAYS", 30)

# The second factor (liangxin.accounts.secondfactor; issue 10, GB/T 22239-2019 8.1.4.1 d:
# 两种或两种以上组合的鉴别技术) for SECOND_FACTOR_ROLES. Full 身份证号 (an export, a member's
# number) need a verification within SECOND_FACTOR_RECENT_MINUTES (issue 10 §2, “a
# second-factor check in the last few minutes”); older ones are asked for a code again.
SECOND_FACTOR_RECENT_MINUTES = env_int("LIANGXIN_OTP_RECENT_MINUTES", 5)
OTP_TOTP_ISSUER = "两新党建平台"
# Wrong codes count toward the login lockout above (one rule for both factors); django-otp's
# own growing per-device delay would refuse even the right code for a while after a typo.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Sessions end after SESSION_IDLE_SECONDS without a request (liangxin.accounts.middleware,
# which renews them) and when the browser closes (no persistent cookie).
SESSION_IDLE_SECONDS = env_int("LIANGXIN_SESSION_SECONDS", 30 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("LIANGXIN_SECURE_COOKIES", ENV == "production")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "liangxin.core.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Transport (等保 通信传输; docs/security.md). TLS ends at the reverse proxy (docs/deploy.md):
# in production the site is HTTPS only: HSTS, plain HTTP redirected (but /healthz, which a load
# balancer may ask over HTTP), cookies secure (above). gunicorn already takes X-Forwarded-Proto
# from the trusted proxy (LIANGXIN_FORWARDED_ALLOW_IPS); another WSGI server behind a TLS proxy
# names the header the proxy sets, e.g. LIANGXIN_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
# (only when the proxy always sets or overwrites it: a client could send it otherwise).
SECURE_SSL_REDIRECT = env_bool("LIANGXIN_SSL_REDIRECT", ENV == "production")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("LIANGXIN_HSTS_SECONDS", 365 * 24 * 3600 if ENV == "production" else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("LIANGXIN_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("LIANGXIN_HSTS_PRELOAD", True)
_proxy_ssl_header = env_list("LIANGXIN_SECURE_PROXY_SSL_HEADER", [])
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2 or not _proxy_ssl_header[0].startswith("HTTP_"):
        raise ImproperlyConfigured("LIANGXIN_SECURE_PROXY_SSL_HEADER must be HEADER,VALUE as Django sees it, "
                                   "e.g. HTTP_X_FORWARDED_PROTO,https")
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header[0], _proxy_ssl_header[1])

# Content-Security-Policy (django-csp 4): scripts, styles, fonts and images from our own files
# only; no inline script, handler or style attribute anywhere (pages declare behaviour with
# data- attributes read by static scripts). data: images are Bootstrap's CSS icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The site is Chinese whatever the browser asks for (no LocaleMiddleware): Django's and DRF's
# own messages come from their zh_Hans catalogues.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Dates: ISO in tables and forms (SHORT_DATE_FORMAT), 2023年8月9日 in prose (DATE_FORMAT).
# Locale formats override DATE_FORMAT & co. in settings, so they live in a format module.
FORMAT_MODULE_PATH = ["liangxin.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("LIANGXIN_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve straight from the finders in development and tests (no collectstatic step needed); in
# production from `collectstatic`'s output: names with a content hash, cached for ever by browsers
# and the proxy, and precompressed (gzip) so WhiteNoise sends them without compressing per request.
WHITENOISE_USE_FINDERS = ENV != "production"
# Front-end libraries come from npm at install time (`npm ci`); we serve their built files.
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", _NODE / "bootstrap-icons" / "font"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
    ("vendor/echarts", _NODE / "echarts" / "dist"),
    ("vendor/tom-select/js", _NODE / "tom-select" / "dist" / "js"),
    ("vendor/tom-select/css", _NODE / "tom-select" / "dist" / "css"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if ENV == "production":
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
MEDIA_ROOT = Path(env_str("LIANGXIN_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"
# An import's peak memory (main process and the process reading the file); the largest file
# it may read follows from it (liangxin.ledger.bounds says how).
LEDGER_IMPORT_MEMORY_LIMIT = env_int("LIANGXIN_IMPORT_MEMORY_MB", 1024) * 1024 * 1024
# Uploaded files of finished imports (and their error reports) are kept this many days, then
# removed by `liangxin cleanup-imports`; refused and failed ones are removed at once.
LEDGER_IMPORT_KEEP_DAYS = env_int("LIANGXIN_IMPORT_KEEP_DAYS", 30)
# Exports of more rows than this are written by the background worker and downloaded from their
# page when ready (a district's full member list takes minutes); smaller ones answer at once.
LEDGER_EXPORT_INLINE_ROWS = env_int("LIANGXIN_EXPORT_INLINE_ROWS", 20_000)

# Background jobs (imports, large exports, the monthly snapshot, the daily clean-up) are rows
# in our own database (django-tasks-db), run by `liangxin worker` (liangxin.ops.worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The worker writes a heartbeat every WORKER_HEARTBEAT_SECONDS; one older than WORKER_STALE_SECONDS
# is a dead worker: /healthz fails and the job it was running is marked failed. On SQLite a
# long import's write transaction can hold the heartbeat back (docs/deploy.md measures it), so
# the stale limit is well above that.
WORKER_HEARTBEAT_SECONDS = env_int("LIANGXIN_WORKER_HEARTBEAT_SECONDS", 10)
WORKER_STALE_SECONDS = env_int("LIANGXIN_WORKER_STALE_SECONDS", 120)
# Periodic jobs: enqueued by the worker itself once per period (liangxin.ops.worker), so the
# embedded setup needs no cron, a missed month is caught up as soon as a worker runs, and two
# workers never enqueue the same period twice. (name, "monthly" | "daily", task)
PERIODIC_TASKS = [
    ("snapshot", "monthly", "liangxin.rules.tasks.monthly_snapshot"),
    ("cleanup-imports", "daily", "liangxin.ledger.tasks.cleanup_imports"),
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Our own tokens (hashed, expiring, several per user; liangxin.accounts.tokens says why not
        # DRF's authtoken or knox). First, so that a refused token answers 401 with
        # `WWW-Authenticate: Token` (DRF takes the header from the first class).
        "liangxin.accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["liangxin.core.permissions.ModelPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "liangxin.core.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "liangxin.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "两新党建平台 API",
    "DESCRIPTION": "两新组织党建工作平台的 REST API。所有数据按当前用户的管辖范围过滤；范围外的对象返回 404。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs are for signed-in users and scripts with a token (等保 访问控制).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    # Swagger UI served from our own static files: the docs work on a closed network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Its schema-naming warnings are not deployment matters and would keep `check --deploy` from
    # being clean; the schema is validated and fuzzed by the test suite (tests/test_api.py, test_fuzz_api.py).
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

FILTERS_EMPTY_CHOICE_LABEL = "全部"
DJANGO_TABLES2_TEMPLATE = "core/table_template.html"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}}

# Production logs are one JSON object per line on stdout (liangxin.ops.logs), one line per request
# (liangxin.request, with its id) included; development keeps plain text and runserver's lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "liangxin.ops.logs.JsonFormatter"}},
    "handlers": {"console": {
        "class": "logging.StreamHandler", "stream": "ext://sys.stdout",
        **({"formatter": "json"} if env_choice("LIANGXIN_LOG_FORMAT", "json" if ENV == "production" else "text",
                                               ("json", "text")) == "json" else {}),
    }},
    "root": {"handlers": ["console"], "level": env_str("LIANGXIN_LOG_LEVEL", "WARNING")},
    "loggers": {"liangxin.request": {"level": "INFO" if ENV == "production" else "WARNING"}},
}

# The covering index for a street's figures (organizations/0005) includes non-key columns on
# PostgreSQL; SQLite builds it without them, which is all it can do.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
