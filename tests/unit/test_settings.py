from __future__ import annotations

from pathlib import Path

import pytest

from portal.settings import Environment, SettingsError, load_settings, secret_key


def test_defaults():
    settings = load_settings({})
    assert settings.database_url is None
    assert settings.data_dir == Path("./.portal")
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.env is Environment.development
    assert settings.public_url == "http://127.0.0.1:8000"


def test_values_are_read_and_converted():
    settings = load_settings(
        {
            "PORTAL_DATABASE_URL": "postgresql://u@db:5432/portal",
            "PORTAL_PORT": "9000",
            "PORTAL_ENV": "production",
            "PORTAL_SECRET_KEY": "x" * 40,
            "PORTAL_BASE_URL": "https://samverkan.example.se/",
            "PORTAL_REDIS_URL": "redis://127.0.0.1:6379/0",
            "PORTAL_DATA_DIR": "/srv/portal",
            "UNRELATED": "ignored",
        }
    )
    assert settings.port == 9000
    assert settings.production
    assert settings.data_dir == Path("/srv/portal")
    assert settings.public_url == "https://samverkan.example.se"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORTAL_PORT", "eighty"),
        ("PORTAL_PORT", "70000"),
        ("PORTAL_ENV", "staging"),
        ("PORTAL_DATABASE_URL", "mysql://root@localhost/portal"),
        ("PORTAL_REDIS_URL", "http://localhost:6379"),
        ("PORTAL_BASE_URL", "samverkan.example.se"),
        ("PORTAL_SECRET_KEY", "short"),
        ("PORTAL_SMTP_URL", "http://mail.example.se"),
        ("PORTAL_SMTP_URL", "smtp://"),
        ("PORTAL_SMTP_URL", "smtp://mail.example.se:99999"),
        ("PORTAL_SMTP_URL", "mail.example.se"),
        ("PORTAL_MAIL_FROM", "Samverkansportalen"),
        ("PORTAL_MAIL_RETRY_SECONDS", "soon"),
        ("PORTAL_MAIL_RETRY_SECONDS", "0"),
        ("PORTAL_INPROCESS_WORKER", "maybe"),
    ],
)
def test_a_bad_value_names_its_variable(variable, value):
    with pytest.raises(SettingsError) as error:
        load_settings({variable: value})
    assert str(error.value).startswith(f"{variable}: ")
    assert "\n" not in str(error.value)


def test_production_requires_a_secret_key():
    with pytest.raises(SettingsError, match="PORTAL_SECRET_KEY"):
        load_settings({"PORTAL_ENV": "production"})


def test_empty_variables_count_as_unset():
    assert load_settings({"PORTAL_PORT": "", "PORTAL_DATABASE_URL": "  "}).port == 8000


def test_secret_key_is_generated_once_and_kept(tmp_path):
    settings = load_settings({"PORTAL_DATA_DIR": str(tmp_path / "data")})
    first = secret_key(settings)
    assert len(first) >= 48
    assert secret_key(settings) == first
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o777 == 0o600
    configured = load_settings({"PORTAL_SECRET_KEY": "k" * 40})
    assert secret_key(configured) == "k" * 40


def test_mail_and_worker_settings():
    embedded = load_settings({})
    assert embedded.keeps_mail and embedded.runs_inprocess_worker
    external = load_settings(
        {
            "PORTAL_DATABASE_URL": "postgresql://db/portal",
            "PORTAL_SMTP_URL": "smtp+starttls://user:secret@mail.example.se:587",
        }
    )
    assert not external.keeps_mail and not external.runs_inprocess_worker
    forced = load_settings(
        {"PORTAL_DATABASE_URL": "postgresql://db/portal", "PORTAL_INPROCESS_WORKER": "true"}
    )
    assert forced.runs_inprocess_worker
    production = load_settings({"PORTAL_ENV": "production", "PORTAL_SECRET_KEY": "k" * 40})
    assert not production.keeps_mail  # never kept in production: mail waits for a server
