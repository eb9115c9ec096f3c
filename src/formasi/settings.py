"""Formasi settings: one module, read from environment variables, with safe defaults.

DATABASE_URL picks the database: SQLite in a per-user data directory when unset (the embedded
demo), PostgreSQL in production and CI (postgres://user@host:5432/name).
"""

from __future__ import annotations

import importlib.util
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _
from platformdirs import user_data_dir

from formasi.core.env import BadSetting, env_bool, env_int, env_list, env_rate, env_secret, env_str
from formasi.planning.deadlines import parse_overrides_json

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("FORMASI_DATA_DIR") or user_data_dir("formasi", appauthor=False))

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_secret("SECRET_KEY")
    if key:
        return key
    # Zero-setup default: a random key kept beside the embedded database, never a fixed one.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()


def _proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """A header name such as X-Forwarded-Proto -> (its META key, "https"); empty -> None."""
    name = name.strip()
    if not name:
        return None
    if not all(part.isalnum() for part in name.split("-")):
        raise BadSetting(f"SECURE_PROXY_SSL_HEADER must be a header name, got {name!r}")
    return ("HTTP_" + name.upper().replace("-", "_"), "https")


# The test client's "testserver" is added by Django's test set-up, never here.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "ninja",  # serves Swagger UI from its own static files (no CDN)
    "django_htmx",
    "simple_history",
    "axes",
    # before django_tasks_db: its db_worker command adds the lease sweep (formasi.core.jobs)
    "formasi.core",
    "django_tasks",
    "django_tasks_db",
    "formasi.accounts",
    "formasi.organization",
    "formasi.workforce",
    "formasi.transfer",
    "formasi.workload",
    "formasi.planning",
    "formasi.proposals",
    "formasi.equity",
    "formasi.placement",
    "formasi.talent",
    "formasi.training",
    "formasi.feedback",
    "formasi.demo",  # the demo loader and its load_demo command
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Pages: Indonesian unless the user picks English (the browser's language does not decide).
    "formasi.core.language.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Under /api/: any error answer that is not JSON (405, unknown path, 500) gets the API's shape.
    "formasi.core.api.JsonErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "formasi.core.security.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "formasi.core.scoping.ScopeGuardMiddleware",
    "formasi.accounts.middleware.IdleTimeoutMiddleware",
    "formasi.accounts.middleware.ForcePasswordChangeMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "formasi.urls"
WSGI_APPLICATION = "formasi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "formasi.core.context_processors.navigation",
                "formasi.proposals.context_processors.notifications",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'formasi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL") or _default_db)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker share the file: WAL, a busy timeout, and IMMEDIATE
    # transactions so that writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The covering indexes (INCLUDE) are for PostgreSQL; SQLite builds them on their key
    # columns alone, which is what the demo needs. Its warning would only alarm the operator.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    # A kept connection is tested (SELECT 1) before its first use in each request and each
    # worker poll: after a PostgreSQL restart, stale connections are replaced instead of
    # failing one request per process thread (tests/core/test_fault_postgres_restart.py).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("FORMASI_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workforce:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# User management (issue 16). An invitation link works once, for this many days; an agency
# admin may give the admin role while the agency has fewer active admins than this; a session
# idle for this many minutes ends (formasi.accounts.middleware).
FORMASI_INVITATION_DAYS = env_int("FORMASI_INVITATION_DAYS", 7)
FORMASI_MAX_ADMINS_PER_AGENCY = env_int("FORMASI_MAX_ADMINS_PER_AGENCY", 3)
FORMASI_SESSION_IDLE_MINUTES = env_int("FORMASI_SESSION_IDLE_MINUTES", 30)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)
# Personal access tokens for the API (docs/api/README.md): at most this many open tokens per
# user; each token (and each session user) may make FORMASI_API_RATE requests ("600/minute":
# second, minute, hour or day), counted in the shared cache; more answer 429 with Retry-After.
FORMASI_API_TOKENS_PER_USER = env_int("FORMASI_API_TOKENS_PER_USER", 10)
FORMASI_API_RATE = env_rate("FORMASI_API_RATE", "600/minute")
# Invitations and password resets go out through Django's mail settings; without EMAIL_HOST
# (the demo, offline) they are written to the console.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "formasi@localhost")
# Links in mails sent outside a request (invitations of imported users) start with this.
FORMASI_SITE_URL = env_str("FORMASI_SITE_URL", "http://127.0.0.1:8000")

# Login throttling (django-axes): a username is locked after AXES_FAILURE_LIMIT failures from
# any mix of addresses (guessing from many addresses locks too), for AXES_COOLOFF_MINUTES.
# Unknown usernames are counted and locked the same way, so a lockout says nothing about
# whether an account exists.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = AXES_COOLOFF_MINUTES / 60  # hours
# (The username+address pair is implied by the username alone; it is listed because axes asks
# for ip_address in some combination, check axes.W006.)
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address", "username"]]
AXES_LOCKOUT_CALLABLE = "formasi.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded files an app keeps on disk (imports keep theirs in the database); `formasi backup`
# puts this folder in the archive beside the database.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("FORMASI_MEDIA_DIR") or DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Background tasks (docs/deploy.md): FORMASI_TASKS=db, the default, keeps them in the database,
# taken by `formasi db_worker` (SKIP LOCKED on PostgreSQL); FORMASI_TASKS=rq puts them on Redis
# (FORMASI_RQ_URL), taken by `formasi rq_worker`. Either way jobs keep their leases in the
# database (formasi.core.jobs). TASKS_BACKEND, a backend's dotted path, overrides both (tests).
_TASK_BACKENDS = {"db": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
_tasks = env_str("FORMASI_TASKS", "db").strip().lower()
if _tasks not in _TASK_BACKENDS:
    raise BadSetting(f"FORMASI_TASKS must be 'db' or 'rq', got {_tasks!r}")
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND") or _TASK_BACKENDS[_tasks],
        "QUEUES": ["default"],
    }
}
FORMASI_RQ_URL = env_str("FORMASI_RQ_URL")
if FORMASI_RQ_URL and not FORMASI_RQ_URL.startswith(("redis://", "rediss://", "unix://")):
    raise BadSetting(f"FORMASI_RQ_URL must be a redis:// URL, got {FORMASI_RQ_URL!r}")
if TASKS["default"]["BACKEND"] == _TASK_BACKENDS["rq"]:
    if not FORMASI_RQ_URL:
        raise BadSetting("FORMASI_TASKS=rq needs FORMASI_RQ_URL, e.g. redis://127.0.0.1:6379/2")
    if importlib.util.find_spec("django_tasks_rq") is None:  # the optional `rq` extra
        raise BadSetting(
            "FORMASI_TASKS=rq needs the rq extra: uv sync --extra rq (or pip install 'formasi[rq]')"
        )
    # django-rq only when RQ is chosen: its admin page and permissions mean nothing otherwise.
    INSTALLED_APPS.append("django_rq")
    # No time limit (-1), as with the database backend: a job's lease finds a dead worker.
    RQ_QUEUES = {
        q: {"URL": FORMASI_RQ_URL, "DEFAULT_TIMEOUT": -1} for q in TASKS["default"]["QUEUES"]
    }
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}  # the job class that runs a django-tasks task

# Reverting from the admin would bypass the services' validation and scope checks.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Cached figures (dashboard counts, list totals). Keys carry data versions, so they are never
# stale; FORMASI_CACHE_URL=redis://127.0.0.1:6379/1 shares them between web processes (needed
# with several gunicorn workers or machines). CACHE_URL is its older name.
_cache_url = env_str("FORMASI_CACHE_URL") or env_str("CACHE_URL")
if _cache_url and not _cache_url.startswith(("redis://", "rediss://", "unix://")):
    raise BadSetting(f"FORMASI_CACHE_URL must be a redis:// URL, got {_cache_url!r}")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "formasi"}
    )
}
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 3600)

# Dashboard: areas with fewer residents than this get "few residents; figures per 1,000 not
# comparable" beside their staff per 1,000 residents (one school or puskesmas more or less swings
# them).
FORMASI_SMALL_POPULATION = env_int("FORMASI_SMALL_POPULATION", 5000)

# Usulan kebutuhan ASN deadlines (issue 18, DOMAIN §7.2): end of March/April/May/July of year N
# by Perban BKN 9/2022 and PP 11/2017 unless a yearly KemenPAN-RB/BKN letter moves them. JSON,
# per year, per deadline code, an ISO date: '{"2027": {"usulan": "2027-04-15"}}' (codes and
# examples: docs/deadlines.md). Checked here and on every read (formasi.planning.deadlines).
FORMASI_PROPOSAL_DEADLINES = parse_overrides_json(env_str("FORMASI_PROPOSAL_DEADLINES"))
# Talent (issue 19): the potential of the 9-box from assessment results (DOMAIN §10, [U]):
# weights in percent of the competency test, the education level and the year's training hours
# (they must sum to 100), the training hours that earn full marks (PP 11/2017 Pasal 203(4): at
# least 20 JP a year), and the potential score from which a level is medium, and high.
FORMASI_POTENTIAL_WEIGHT_COMPETENCY = env_int("FORMASI_POTENTIAL_WEIGHT_COMPETENCY", 50)
FORMASI_POTENTIAL_WEIGHT_EDUCATION = env_int("FORMASI_POTENTIAL_WEIGHT_EDUCATION", 25)
FORMASI_POTENTIAL_WEIGHT_TRAINING = env_int("FORMASI_POTENTIAL_WEIGHT_TRAINING", 25)
FORMASI_POTENTIAL_FULL_TRAINING_HOURS = env_int("FORMASI_POTENTIAL_FULL_TRAINING_HOURS", 20)
FORMASI_POTENTIAL_MEDIUM_FROM = env_int("FORMASI_POTENTIAL_MEDIUM_FROM", 60)
FORMASI_POTENTIAL_HIGH_FROM = env_int("FORMASI_POTENTIAL_HIGH_FROM", 80)
_potential_weights = (
    FORMASI_POTENTIAL_WEIGHT_COMPETENCY,
    FORMASI_POTENTIAL_WEIGHT_EDUCATION,
    FORMASI_POTENTIAL_WEIGHT_TRAINING,
)
if min(_potential_weights) < 0 or sum(_potential_weights) != 100:
    raise BadSetting("FORMASI_POTENTIAL_WEIGHT_* must be at least 0 and sum to 100")
if not 0 <= FORMASI_POTENTIAL_MEDIUM_FROM <= FORMASI_POTENTIAL_HIGH_FROM <= 100:
    raise BadSetting("need 0 ≤ FORMASI_POTENTIAL_MEDIUM_FROM ≤ FORMASI_POTENTIAL_HIGH_FROM ≤ 100")
if FORMASI_POTENTIAL_FULL_TRAINING_HOURS < 1:
    raise BadSetting("FORMASI_POTENTIAL_FULL_TRAINING_HOURS must be at least 1")
# Training needs (issue 20): the yearly development right in JP (PP 11/2017 Pasal 203: at least
# 20) and the JP a generated plan line proposes per missing competency level [U].
FORMASI_TRAINING_RIGHT_HOURS = env_int("FORMASI_TRAINING_RIGHT_HOURS", 20)
FORMASI_TRAINING_HOURS_PER_LEVEL = env_int("FORMASI_TRAINING_HOURS_PER_LEVEL", 16)
if FORMASI_TRAINING_RIGHT_HOURS < 0 or FORMASI_TRAINING_HOURS_PER_LEVEL < 1:
    raise BadSetting("need FORMASI_TRAINING_RIGHT_HOURS ≥ 0, FORMASI_TRAINING_HOURS_PER_LEVEL ≥ 1")
# The merit self-assessment's category bands on 100–400 (DOMAIN §9.1 [U], IV [P]): where
# Kurang, Baik and Sangat Baik start; below the first is Buruk.
FORMASI_MERIT_KURANG_FROM = env_int("FORMASI_MERIT_KURANG_FROM", 175)
FORMASI_MERIT_BAIK_FROM = env_int("FORMASI_MERIT_BAIK_FROM", 250)
FORMASI_MERIT_SANGAT_BAIK_FROM = env_int("FORMASI_MERIT_SANGAT_BAIK_FROM", 325)
if not (
    100
    < FORMASI_MERIT_KURANG_FROM
    < FORMASI_MERIT_BAIK_FROM
    < FORMASI_MERIT_SANGAT_BAIK_FROM
    <= 400
):
    raise BadSetting("need 100 < FORMASI_MERIT_KURANG_FROM < _BAIK_FROM < _SANGAT_BAIK_FROM ≤ 400")
# An evidence file of the merit self-assessment (PDF, image, office document) at most this big.
FORMASI_MERIT_EVIDENCE_MAX_BYTES = env_int("FORMASI_MERIT_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Open selection for JPT (issue 19, formasi.domain.selection): the default stage weights in
# percent (kompetensi, wawancara, rekam jejak; [U], summing to 100) a new selection starts with,
# and the shortest announcement in days (PermenPAN-RB 15/2019, [P]).
FORMASI_SELECTION_WEIGHT_KOMPETENSI = env_int("FORMASI_SELECTION_WEIGHT_KOMPETENSI", 50)
FORMASI_SELECTION_WEIGHT_WAWANCARA = env_int("FORMASI_SELECTION_WEIGHT_WAWANCARA", 30)
FORMASI_SELECTION_WEIGHT_REKAM_JEJAK = env_int("FORMASI_SELECTION_WEIGHT_REKAM_JEJAK", 20)
FORMASI_SELECTION_MIN_ANNOUNCEMENT_DAYS = env_int("FORMASI_SELECTION_MIN_ANNOUNCEMENT_DAYS", 15)
_selection_weights = (
    FORMASI_SELECTION_WEIGHT_KOMPETENSI,
    FORMASI_SELECTION_WEIGHT_WAWANCARA,
    FORMASI_SELECTION_WEIGHT_REKAM_JEJAK,
)
if min(_selection_weights) < 0 or sum(_selection_weights) != 100:
    raise BadSetting("FORMASI_SELECTION_WEIGHT_* must be at least 0 and sum to 100")
# Notifications of proposals reaching a desk (issue 18) also go by e-mail when true, through the
# mail settings above (the console without EMAIL_HOST, as in the demo).
FORMASI_PROPOSAL_EMAIL = env_bool("FORMASI_PROPOSAL_EMAIL", False)

# Succession (issue 19, DOMAIN §10–§11; formasi.domain.succession). Minimum golongan per post
# level [U] (the old eselon table), minimum education [P] (PP 11/2017 Pasal 54, 55, 107),
# minimum years in the current post (JPT pratama 2 [P], the others [U]), the JPT age limit at
# appointment (56, Pasal 107 [P]) and the candidates shown per post.
FORMASI_SUCCESSION_MIN_GOLONGAN = {
    "jpt_utama": "IV/d",
    "jpt_madya": "IV/c",
    "jpt_pratama": "IV/a",
    "administrator": "III/c",
    "pengawas": "III/a",
}
FORMASI_SUCCESSION_MIN_EDUCATION = {
    "jpt_utama": "s1",
    "jpt_madya": "s1",
    "jpt_pratama": "s1",
    "administrator": "s1",
    "pengawas": "d3",
}
FORMASI_SUCCESSION_MIN_YEARS = {
    "jpt_utama": 2,
    "jpt_madya": 2,
    "jpt_pratama": 2,
    "administrator": 2,
    "pengawas": 2,
}
FORMASI_SUCCESSION_FEEDERS = {
    "jpt_utama": ["jpt_madya"],
    "jpt_madya": ["jpt_pratama", "fungsional:ahli_utama"],
    "jpt_pratama": ["administrator", "fungsional:ahli_madya"],
    "administrator": ["pengawas", "fungsional:ahli_muda"],
    "pengawas": ["pelaksana", "fungsional:ahli_pertama", "fungsional:penyelia"],
}
FORMASI_SUCCESSION_JPT_MAX_AGE = env_int("FORMASI_SUCCESSION_JPT_MAX_AGE", 56)
FORMASI_SUCCESSION_SHOWN = env_int("FORMASI_SUCCESSION_SHOWN", 10)

# Imports (issue 3): the largest file accepted (bytes); larger uploads are refused before
# anything is read. Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file.
FORMASI_IMPORT_MAX_BYTES = env_int("FORMASI_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# Uploaded files hold personal data: a committed file is dropped at once, others after this
# many days (the job's counts and messages stay).
FORMASI_IMPORT_KEEP_DAYS = env_int("FORMASI_IMPORT_KEEP_DAYS", 7)
# Zip-based uploads (xlsx, ods, zipped shapefile) are inflated and their real bytes counted
# before any parser sees them (issue 13): at most this many bytes in all, this many files in
# the archive, and no member over 10 MiB compressed more than this ratio.
FORMASI_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("FORMASI_IMPORT_MAX_UNCOMPRESSED_BYTES", 500 << 20)
FORMASI_IMPORT_MAX_ZIP_MEMBERS = env_int("FORMASI_IMPORT_MAX_ZIP_MEMBERS", 2000)
FORMASI_IMPORT_MAX_ZIP_RATIO = env_int("FORMASI_IMPORT_MAX_ZIP_RATIO", 100)
for _name in ("UNCOMPRESSED_BYTES", "ZIP_MEMBERS", "ZIP_RATIO"):
    if globals()[f"FORMASI_IMPORT_MAX_{_name}"] < 1:
        raise BadSetting(f"FORMASI_IMPORT_MAX_{_name} must be at least 1")
# Background jobs (issue 13): a job whose worker showed no sign of life for this many seconds
# is retried or failed (formasi.core.jobs). On SQLite it must exceed the longest import commit.
FORMASI_JOB_LEASE_SECONDS = env_int("FORMASI_JOB_LEASE_SECONDS", 120)
if FORMASI_JOB_LEASE_SECONDS < 1:
    raise BadSetting(f"FORMASI_JOB_LEASE_SECONDS must be positive, got {FORMASI_JOB_LEASE_SECONDS}")

# `formasi check` (docs/deploy.md): a worker whose last sign of life is older than this many
# seconds counts as stopped (workers sign every half lease), and the data folder needs at least
# this many MiB free.
FORMASI_WORKER_STALE_SECONDS = env_int("FORMASI_WORKER_STALE_SECONDS", FORMASI_JOB_LEASE_SECONDS)
FORMASI_CHECK_MIN_FREE_MB = env_int("FORMASI_CHECK_MIN_FREE_MB", 1024)
# `formasi backup`/`restore` on PostgreSQL: the folder of pg_dump, pg_restore and psql when they
# are not on the PATH (e.g. /usr/lib/postgresql/16/bin).
FORMASI_PG_BIN_DIR = env_str("FORMASI_PG_BIN_DIR")


# Equity (issue 6): a facility counts as under-staffed when staff ÷ need is below this
# (0.8: the WISN ratio's usual cut-off); the page's ?ambang= overrides it for one view.
def _equity_threshold() -> float:
    raw = env_str("FORMASI_EQUITY_FACILITY_THRESHOLD", "0.8")
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 2:
        raise BadSetting(f"FORMASI_EQUITY_FACILITY_THRESHOLD must be from 0 to 2, got {raw!r}")
    return value


FORMASI_EQUITY_FACILITY_THRESHOLD = _equity_threshold()


# Equity maps (issue 17): fixed fulfilment bands, red below SHORT_BELOW, neutral from 100 %
# to OVER_ABOVE, a second hue above it (formasi.domain.equity.bands; docs/equity.md).
def _fulfilment_band(name: str, default: str) -> float:
    raw = env_str(name, default)
    try:
        return float(raw)
    except ValueError as exc:
        raise BadSetting(f"{name} must be a number, got {raw!r}") from exc


FORMASI_EQUITY_SHORT_BELOW = _fulfilment_band("FORMASI_EQUITY_SHORT_BELOW", "0.8")
FORMASI_EQUITY_OVER_ABOVE = _fulfilment_band("FORMASI_EQUITY_OVER_ABOVE", "1.2")
if not 0 < FORMASI_EQUITY_SHORT_BELOW <= 1 <= FORMASI_EQUITY_OVER_ABOVE:
    raise BadSetting(
        "FORMASI_EQUITY_SHORT_BELOW must be in (0, 1] and FORMASI_EQUITY_OVER_ABOVE at least 1"
    )

# HTTPS in production (docs/production.md lists the variables). Off by default: the demo runs
# on http://127.0.0.1.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a reverse proxy that terminates TLS: the header it sets to "https" (X-Forwarded-Proto).
# Set it only when the proxy always overwrites that header, or clients could claim HTTPS.
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(env_str("SECURE_PROXY_SSL_HEADER"))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp): the app's own static files only, no CDN; an inline
# <script> runs only with the request's nonce, and no <style> element runs at all. Style
# *attributes* are allowed (they cannot run script, and img-src keeps them from loading
# anything foreign): ECharts writes its tooltips as HTML with style attributes. Our templates
# use none. data: images are Tabler's inline SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Expected client errors (403 from PermissionDenied, 400 from SuspiciousOperation) are logged
# as one line; only server errors keep their traceback.
_ONE_LINE = {"one_line_client_errors": {"()": "formasi.core.security.OneLineClientErrors"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": _ONE_LINE,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors"]}
    },
    "loggers": {
        name: {"filters": ["one_line_client_errors"]}
        for name in ("django.request", "django.security.PermissionDenied")
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Public survey (issue 20, docs/feedback.md): submissions a network address may make per hour,
# submissions a unit takes per hour, the least seconds between opening the form and sending it,
# and how long a form stays valid. The bench raises the first two and sets the third to 0.
FORMASI_SURVEY_PER_ADDRESS_HOUR = env_int("FORMASI_SURVEY_PER_ADDRESS_HOUR", 20)
FORMASI_SURVEY_PER_UNIT_HOUR = env_int("FORMASI_SURVEY_PER_UNIT_HOUR", 300)
FORMASI_SURVEY_MIN_FILL_SECONDS = env_int("FORMASI_SURVEY_MIN_FILL_SECONDS", 5)
FORMASI_SURVEY_FORM_MAX_HOURS = env_int("FORMASI_SURVEY_FORM_MAX_HOURS", 6)
# Dashboard: a service unit is flagged when its IKM is below this (or graded C/D) and its
# staffing (bezetting ÷ need) is below 0.8.
FORMASI_SURVEY_LOW_IKM = env_int("FORMASI_SURVEY_LOW_IKM", 77)
for _name in ("PER_ADDRESS_HOUR", "PER_UNIT_HOUR", "FORM_MAX_HOURS"):
    if globals()[f"FORMASI_SURVEY_{_name}"] < 1:
        raise BadSetting(f"FORMASI_SURVEY_{_name} must be at least 1")
if FORMASI_SURVEY_MIN_FILL_SECONDS < 0:
    raise BadSetting("FORMASI_SURVEY_MIN_FILL_SECONDS must be at least 0")

# Employees per page in lists; the API caps page size at the same bound.
PAGE_SIZE = env_int("PAGE_SIZE", 50)

# API list pages: ?limit=&offset= (django-ninja LimitOffsetPagination), bounded.
NINJA_PAGINATION_PER_PAGE = PAGE_SIZE
NINJA_PAGINATION_MAX_LIMIT = env_int("API_MAX_LIMIT", 500)
