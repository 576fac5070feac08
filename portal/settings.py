"""Settings read once from ``PORTAL_*`` environment variables.

A bad value raises :class:`SettingsError` whose message names the variable, so that
start-up can stop with one clear line instead of a traceback.
"""

from __future__ import annotations

import enum
import os
import re
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import msgspec

PREFIX = "PORTAL_"
# An OCDS ocid prefix ("ocds-" and six registered letters or digits), optionally followed by
# the publisher's own parts; the procurement's id is appended to it.
_OCID_PREFIX = re.compile(r"^ocds-[a-z0-9]{6}-(?:[A-Za-z0-9]+-)*$")


class Environment(enum.StrEnum):
    development = "development"
    production = "production"


class SettingsError(Exception):
    """A ``PORTAL_*`` variable holds a value the portal cannot use."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str | None = None
    data_dir: Path = Path("./.portal")
    secret_key: str | None = None
    host: str = "127.0.0.1"
    port: int = msgspec.field(default=8000)
    base_url: str | None = None
    env: Environment = Environment.development
    redis_url: str | None = None
    max_body_bytes: int = 1_048_576
    ocid_prefix: str = "ocds-xxxxxx-svp-"
    smtp_url: str | None = None
    mail_from: str = "Samverkansportalen <noreply@samverkansportalen.invalid>"
    # The first retry of a mail the server could not take; each next one waits twice as long.
    mail_retry_seconds: float = 30.0
    # Run a job-queue worker inside `portal serve`; unset means "when the database is embedded".
    inprocess_worker: bool | None = None
    # Count list facets from bitmaps held in memory (portal/search/bitmap_index.py).
    facet_index: bool = True

    @property
    def production(self) -> bool:
        return self.env is Environment.production

    @property
    def runs_inprocess_worker(self) -> bool:
        if self.inprocess_worker is None:
            return self.database_url is None
        return self.inprocess_worker

    @property
    def keeps_mail(self) -> bool:
        """Without SMTP in development, mails are kept for the developer mail page."""
        return self.smtp_url is None and not self.production

    @property
    def public_url(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")


_FIELDS = {f"{PREFIX}{name.upper()}": name for name in Settings.__struct_fields__}


def _check(settings: Settings) -> None:
    def fail(name: str, why: str) -> None:
        raise SettingsError(f"{PREFIX}{name.upper()}: {why}")

    if settings.database_url is not None:
        parts = urlsplit(settings.database_url)
        if parts.scheme not in {"postgresql", "postgres"}:
            fail("database_url", "must be a postgresql:// URL")
    redis_scheme = urlsplit(settings.redis_url).scheme if settings.redis_url else "redis"
    if redis_scheme not in {"redis", "rediss", "unix"}:
        fail("redis_url", "must be a redis:// URL")
    if settings.base_url is not None:
        parts = urlsplit(settings.base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            fail("base_url", "must be an absolute http(s):// URL")
    if not 1 <= settings.port <= 65535:
        fail("port", "must be a port number between 1 and 65535")
    if settings.max_body_bytes < 1024:
        fail("max_body_bytes", "must be at least 1024")
    if not _OCID_PREFIX.match(settings.ocid_prefix):
        fail("ocid_prefix", "must look like ocds-abc123- or ocds-abc123-svp-")
    if settings.smtp_url is not None:
        _check_smtp_url(settings.smtp_url, fail)
    if not 0 < settings.mail_retry_seconds <= 3600:
        fail("mail_retry_seconds", "must be a number of seconds between 0 and 3600")
    if "@" not in settings.mail_from:
        fail("mail_from", "must contain an e-mail address, e.g. Portal <noreply@example.se>")
    if settings.secret_key is not None and len(settings.secret_key) < 32:
        fail("secret_key", "must be at least 32 characters")
    if settings.production and settings.secret_key is None:
        fail("secret_key", "must be set when PORTAL_ENV=production")


SMTP_SCHEMES = {"smtp", "smtps", "smtp+starttls"}


def _check_smtp_url(url: str, fail: Callable[[str, str], None]) -> None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        fail("smtp_url", "is not a valid URL (smtp://user:password@host:587)")
        return
    if parts.scheme not in SMTP_SCHEMES:
        fail("smtp_url", "must be an smtp://, smtps:// or smtp+starttls:// URL")
    if not parts.hostname:
        fail("smtp_url", "must name a host, e.g. smtp://mail.example.se:587")
    if port is not None and not 1 <= port <= 65535:
        fail("smtp_url", "has a port outside 1-65535")


_READABLE = {
    "Expected `int`, got `str`": "must be a whole number",
    "Expected `str`, got `int`": "must be text",
    "Expected `bool | null`, got `str`": "must be true or false",
    "Expected `float`, got `str`": "must be a number",
}


def _decode(type_: type, value: object) -> object:
    if type_ is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate the settings; empty variables count as unset."""
    environ = os.environ if environ is None else environ
    raw = {field: environ[var] for var, field in _FIELDS.items() if environ.get(var, "").strip()}
    try:
        settings = msgspec.convert(raw, Settings, strict=False, dec_hook=_decode)
    except msgspec.ValidationError as error:
        # msgspec says "... - at `$.port`"; turn the path back into the variable's name.
        message, _, path = str(error).partition(" - at `$.")
        field = path.rstrip("`")
        message = _READABLE.get(message, message)
        raise SettingsError(f"{PREFIX}{field.upper()}: {message}") from None
    _check(settings)
    return settings


def secret_key(settings: Settings) -> str:
    """The configured secret key, or one generated once and kept in the data directory."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Create with 0600 so other users on the machine cannot read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
