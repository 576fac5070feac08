"""The lists a search can be saved from, and reading a saved query string into their filters.

A query string is read exactly as the list's page and API read it: the list's own filter
provider (``provide_need_filters`` and its siblings) with Litestar's rules for query
parameters (repeated keys for lists, the last value otherwise, empty values dropped, the
parameters' constraints), then the list's filter Struct. The providers raise Litestar's
``ValidationException`` for values they check themselves; it is turned into ``Invalid`` here,
so callers see only domain errors.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

import msgspec
from litestar.exceptions import ValidationException
from litestar.params import KwargDefinition

from portal.accounts.schemas import CurrentUser
from portal.errors import Invalid
from portal.experts import services as experts
from portal.experts.filters import provide_expert_filters
from portal.experts.schemas import ExpertFilters
from portal.i18n import gettext as _
from portal.needs import services as needs
from portal.needs.filters import provide_need_filters
from portal.needs.schemas import NeedFilters
from portal.offers import services as offers
from portal.offers.filters import provide_offer_filters
from portal.offers.schemas import OfferFilters
from portal.procurements import listing as procurements
from portal.procurements.filters import provide_procurement_filters
from portal.procurements.schemas import ProcurementFilters
from portal.saved_searches.schemas import SavedList
from portal.search.schemas import Page
from portal.validation import describe

# Parameters of the list handlers that are not filters: left out of a saved search.
NOT_FILTERS = frozenset({"page", "facets"})
MAX_QUERY = 2000

_CONSTRAINTS = ("gt", "ge", "lt", "le", "multiple_of", "pattern", "min_length", "max_length")


@dataclass(frozen=True)
class ListSpec:
    key: SavedList
    path: str
    provider: Callable[..., Awaitable[Any]]
    filter_type: type[msgspec.Struct]
    search: Callable[..., Awaitable[Page[Any]]]
    # Lists whose records alert: the table of the records (with their titles), the record's
    # page, and the ids of every record the list shows a viewer with given filters.
    table: str | None = None
    record_path: str | None = None
    ids: Callable[..., Awaitable[list[int]]] | None = None
    # Whether the table's rows carry ``change_xid`` (migration 2026-12-04T19:00), so that a
    # pass can tell that nothing changed since it last looked.
    tracked: bool = False

    @property
    def alerts(self) -> bool:
        return self.ids is not None

    def url(self, query: str) -> str:
        return f"{self.path}?{query}" if query else self.path

    def record_url(self, record_id: int) -> str:
        assert self.record_path is not None
        return self.record_path.format(id=record_id)


LISTS: dict[SavedList, ListSpec] = {
    SavedList.needs: ListSpec(
        key=SavedList.needs,
        path="/behov",
        provider=provide_need_filters,
        filter_type=NeedFilters,
        search=needs.list_needs,
        table="need",
        record_path="/behov/{id}",
        ids=needs.matching_ids,
        tracked=True,
    ),
    SavedList.offers: ListSpec(
        key=SavedList.offers,
        path="/erbjudanden",
        provider=provide_offer_filters,
        filter_type=OfferFilters,
        search=offers.list_offers,
        table="resource_offer",
        record_path="/erbjudanden/{id}",
        ids=offers.matching_ids,
    ),
    SavedList.experts: ListSpec(
        key=SavedList.experts,
        path="/experter",
        provider=provide_expert_filters,
        filter_type=ExpertFilters,
        search=experts.list_profiles,
    ),
    SavedList.procurements: ListSpec(
        key=SavedList.procurements,
        path="/upphandlingar",
        provider=provide_procurement_filters,
        filter_type=ProcurementFilters,
        search=procurements.list_procurements,
    ),
}


def list_labels() -> dict[str, str]:
    return {
        SavedList.needs: _("Behov"),
        SavedList.offers: _("Erbjudanden"),
        SavedList.experts: _("Experter"),
        SavedList.procurements: _("Upphandlingar"),
    }


def spec_for(list_name: str) -> ListSpec:
    try:
        return LISTS[SavedList(list_name)]
    except ValueError:
        message = _("Okänd lista: %(name)s.", name=list_name)
        raise Invalid(message, fields={"list": message}) from None


# --- the providers' parameters, as Litestar reads them ---------------------------------------


class _Parameter(typing.NamedTuple):
    name: str
    annotation: Any
    default: Any
    many: bool


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return typing.get_origin(annotation) is list


def _constrained(annotation: Any, meta: msgspec.Meta | None) -> Any:
    """The constraints go on each member of a union but ``None``, as Litestar puts them."""
    if meta is None:
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        members = [typing.Annotated[arg, meta] for arg in args if arg is not type(None)]
        optional = type(None) in args
        union = members[0] if len(members) == 1 else typing.Union[tuple(members)]  # noqa: UP007
        return typing.Optional[union] if optional else union  # noqa: UP045
    return typing.Annotated[annotation, meta]


def _meta(definition: KwargDefinition) -> msgspec.Meta | None:
    values: dict[str, Any] = {}
    for name in _CONSTRAINTS:
        value = getattr(definition, name, None)
        if value is not None:
            values[name] = value
    if definition.min_items is not None:
        values["min_length"] = definition.min_items
    if definition.max_items is not None:
        values["max_length"] = definition.max_items
    return msgspec.Meta(**values) if values else None


_PARAMETERS: dict[SavedList, list[_Parameter]] = {}


def parameters(spec: ListSpec) -> list[_Parameter]:
    if spec.key not in _PARAMETERS:
        hints = typing.get_type_hints(spec.provider, include_extras=True)
        found = []
        for name, parameter in inspect.signature(spec.provider).parameters.items():
            hint = hints[name]
            meta = None
            if typing.get_origin(hint) is typing.Annotated:
                definitions = [m for m in hint.__metadata__ if isinstance(m, KwargDefinition)]
                hint = hint.__origin__
                meta = _meta(definitions[0]) if definitions else None
            found.append(
                _Parameter(name, _constrained(hint, meta), parameter.default, _is_list(hint))
            )
        _PARAMETERS[spec.key] = found
    return _PARAMETERS[spec.key]


def _filter_error(name: str, message: str) -> Invalid:
    text = _("Filtret ”%(name)s”: %(message)s", name=name, message=message)
    return Invalid(text, fields={"query": text})


def _struct_error(error: msgspec.ValidationError) -> Invalid:
    message, _sep, path = str(error).partition(" - at `")
    name = path.removeprefix("$.").split("[")[0].rstrip("`") or "query"
    return _filter_error(name, describe(message))


# --- reading a query string ---------------------------------------------------------------------


class Parsed(typing.NamedTuple):
    filters: Any
    query: str


async def parse(spec: ListSpec, query: str) -> Parsed:
    """The list's filters from a query string, and the query in its canonical form: the
    filters in the order the list declares them, without page numbers or empty values."""
    query = query.strip().removeprefix("?")
    if len(query) > MAX_QUERY:
        message = _("Sökningen är för lång (högst %(n)s tecken).", n=MAX_QUERY)
        raise Invalid(message, fields={"query": message})
    pairs = parse_qsl(query, separator="&")
    declared = {p.name: p for p in parameters(spec) if p.name not in NOT_FILTERS}
    unknown = sorted({key for key, _value in pairs} - set(declared) - NOT_FILTERS)
    if unknown:
        message = _("Okänt filter: %(names)s.", names=", ".join(unknown))
        raise Invalid(message, fields={"query": message})

    given: dict[str, Any] = {}
    for key, value in pairs:
        if key not in declared:
            continue
        if declared[key].many:
            values = given.setdefault(key, [])
            if value not in values:
                values.append(value)
        else:
            given[key] = value

    fields = [(p.name, p.annotation, p.default) for p in declared.values()]
    model = msgspec.defstruct(f"{spec.key}_saved_query", fields, kw_only=True)
    try:
        converted = msgspec.convert(given, model, strict=False)
    except msgspec.ValidationError as error:
        raise _struct_error(error) from None
    try:
        filters = await spec.provider(**msgspec.structs.asdict(converted))
    except ValidationException as error:
        extra = error.extra if isinstance(error.extra, list) else []
        name = str(extra[0].get("key", "query")) if extra else "query"
        raise _filter_error(name, str(error.detail)) from None
    try:
        msgspec.convert(msgspec.to_builtins(filters), spec.filter_type, strict=False)
    except msgspec.ValidationError as error:
        raise _struct_error(error) from None

    canonical: list[tuple[str, str]] = []
    for name in declared:
        value = given.get(name)
        if isinstance(value, list):
            canonical.extend((name, v) for v in value)
        elif value is not None:
            canonical.append((name, value))
    return Parsed(filters, urlencode(canonical))


async def check_with_list(spec: ListSpec, user: CurrentUser, filters: Any) -> None:
    """Ask the list itself once: a search it refuses (a distance without a place to measure
    from) cannot be saved."""
    try:
        await spec.search(user, msgspec.structs.replace(filters, page=1, page_size=1))
    except Invalid as error:
        message = error.message
        raise Invalid(message, fields={"query": message}) from None


def describe_query(query: str) -> list[tuple[str, str]]:
    """A saved query as (filter, values) pairs for people to read."""
    grouped: dict[str, list[str]] = {}
    for key, value in parse_qsl(query, separator="&"):
        grouped.setdefault(key, []).append(value)
    return [(key, ", ".join(values)) for key, values in grouped.items()]
