"""Reading HTML forms into the plain dicts that msgspec Structs are converted from."""

from __future__ import annotations

from typing import Any

from litestar.datastructures import FormMultiDict


def text(form: FormMultiDict, name: str) -> str | None:
    """A text field: stripped, and None when empty (so the Struct's default applies)."""
    value = form.get(name)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def values(form: FormMultiDict, name: str) -> list[str]:
    """Checkboxes and multi-selects: every non-empty value."""
    return [str(v).strip() for v in form.getall(name, []) if str(v).strip()]


def checkbox(form: FormMultiDict, name: str) -> bool:
    return form.get(name) in ("on", "true", "1", "yes")


def drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


def language_rows(form: FormMultiDict, prefix: str, rows: int) -> list[dict[str, str]]:
    """Rows of (language, level) selects named ``{prefix}_code_N`` and ``{prefix}_level_N``."""
    result = []
    for n in range(rows):
        code = text(form, f"{prefix}_code_{n}")
        if code:
            result.append({"code": code, "level": text(form, f"{prefix}_level_{n}") or ""})
    return result
