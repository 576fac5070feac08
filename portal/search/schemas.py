from __future__ import annotations

from typing import Generic, TypeVar

import msgspec

T = TypeVar("T")


class FacetValue(msgspec.Struct, frozen=True):
    value: str
    label: str
    count: int
    selected: bool


class Facet(msgspec.Struct, frozen=True):
    name: str
    values: list[FacetValue]


class Page(msgspec.Struct, Generic[T], frozen=True):
    items: list[T]
    total: int
    page: int
    page_size: int
    facets: list[Facet] | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))
