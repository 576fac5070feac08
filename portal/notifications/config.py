"""What mail needs to know of the settings, set once by the app or the worker."""

from __future__ import annotations

from dataclasses import dataclass

from portal.settings import Settings, load_settings, secret_key


@dataclass(frozen=True)
class MailConfig:
    base_url: str
    secret: str
    mail_from: str
    smtp_url: str | None
    keeps_mail: bool
    retry_seconds: float = 30.0


_config: MailConfig | None = None


def configure(settings: Settings) -> MailConfig:
    global _config
    _config = MailConfig(
        base_url=settings.public_url,
        secret=secret_key(settings),
        mail_from=settings.mail_from,
        smtp_url=settings.smtp_url,
        keeps_mail=settings.keeps_mail,
        retry_seconds=settings.mail_retry_seconds,
    )
    return _config


def current() -> MailConfig:
    return _config or configure(load_settings())
