"""The Jinja environment: gettext from the request's locale, and a few helpers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from jinja2 import pass_context
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from portal.i18n import current_locale, formatting_locale, gettext, ngettext
from portal.paths import TEMPLATES_DIR
from portal.vocabularies.labels import level_labels
from portal.web.flash import pop_flashes
from portal.web.urls import query_with


def _gettext(message: str, **variables: Any) -> str:
    return gettext(message, **variables)


def _ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    return ngettext(singular, plural, n, **variables)


@pass_context
def _current_user(context: Any) -> Any:
    request = context.get("request")
    return request.scope.get("user") if request is not None else None


@pass_context
def _unread_notifications(context: Any) -> int:
    """Set per page request by the notifications middleware."""
    request = context.get("request")
    return request.scope.get("unread_notifications", 0) if request is not None else 0


def _format_date(value: date | datetime | None, style: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(
            value, format="short" if style == "short" else "medium", locale=formatting_locale()
        )
    return format_date(value, format=style, locale=formatting_locale())


def _format_number(value: float | int | None) -> str:
    return "" if value is None else format_decimal(value, locale=formatting_locale())


def _configure(engine: JinjaTemplateEngine) -> None:
    env = engine.engine
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["current_locale"] = current_locale.get
    env.globals["current_user"] = _current_user
    env.globals["unread_notifications"] = _unread_notifications
    env.globals["query_with"] = query_with
    env.globals["level_labels"] = level_labels
    env.globals["pop_flashes"] = pop_flashes
    env.filters["date"] = _format_date
    env.filters["number"] = _format_number
    env.trim_blocks = True
    env.lstrip_blocks = True


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(
        directory=TEMPLATES_DIR, engine=JinjaTemplateEngine, engine_callback=_configure
    )
