"""HTML form bodies: a plain mapping, validated by the page so it can re-render with errors."""

from __future__ import annotations

from typing import TypeAlias

from litestar.params import URLEncodedBody

FormData: TypeAlias = URLEncodedBody[dict[str, str]]
