"""The business-type catalogue loader: ``business_types.toml`` into a :class:`Catalogue`."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from counterdesk.core.business import DEFAULT_SERVICE_SECONDS, BusinessType, Catalogue
from counterdesk.core.errors import DomainError
from counterdesk.core.procedures.datafile import (
    CatalogueError,
    Checker,
    Locator,
    Problem,
    decode_error,
    loads_toml,
    read_text,
)

_TYPE_REQUIRED = ("code", "prefix", "name_en", "name_zh", "target_seconds")


def parse_catalogue(text: str, source: str) -> Catalogue:
    """Read the business-type catalogue (``[[types]]`` tables) from TOML text.

    Raises:
        CatalogueError: listing every problem found.
    """
    try:
        data = loads_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError([decode_error(exc, text, source)]) from None
    c = Checker(source, Locator(text, "types"))
    c.table(data, required=("types",), optional=())
    raw = data.get("types")
    items: list[BusinessType] = []
    if raw is not None and (not isinstance(raw, list) or not raw):
        c.add("must be a non-empty array of tables ([[types]])", key="types")
        raw = None
    codes: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for index, item in enumerate(raw or ()):
        if not isinstance(item, dict):
            c.add("must be a table", key="types", index=index)
            continue
        code = item.get("code")
        label = code if isinstance(code, str) and code else f"#{index + 1}"
        where: dict[str, Any] = {"index": index, "label": label}
        before = len(c.problems)
        c.table(
            item, required=_TYPE_REQUIRED, optional=("priority_weight", "service_seconds"), **where
        )
        values = {name: c.string(item, name, **where) for name in _TYPE_REQUIRED[:4]}
        target = c.integer(item, "target_seconds", **where)
        weight = c.integer(item, "priority_weight", **where)
        service = c.integer(item, "service_seconds", **where)
        if len(c.problems) > before or target is None or None in values.values():
            continue
        try:
            business = BusinessType(
                str(values["code"]),
                str(values["prefix"]),
                str(values["name_en"]),
                str(values["name_zh"]),
                target,
                0 if weight is None else weight,
                DEFAULT_SERVICE_SECONDS if service is None else service,
            )
        except DomainError as exc:
            c.add(str(exc), **where)
            continue
        if business.code in codes:
            c.add(f"code is already used by {codes[business.code]}", key="code", **where)
            continue
        if business.prefix in prefixes:
            c.add(f"prefix is already used by {prefixes[business.prefix]}", key="prefix", **where)
            continue
        codes[business.code] = business.code
        prefixes[business.prefix] = business.code
        items.append(business)
    if c.problems:
        raise CatalogueError(c.problems)
    return Catalogue(items)


def parse_entry(code: str, entry: Any) -> BusinessType:
    """One business type from head office: a ``[[types]]`` table as a JSON object.

    Checked by the same rules as ``business_types.toml``.

    Raises:
        CatalogueError: listing every problem of the entry.
    """
    source = f"business_type {code}"
    if not isinstance(entry, dict):
        raise CatalogueError([Problem(source, None, None, None, "must be a JSON object")])
    lines = ["[[types]]"]
    for name, value in entry.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise CatalogueError([Problem(source, None, None, None, f"bad key {name!r}")])
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise CatalogueError([Problem(source, None, name, None, "must be text or a number")])
        # A JSON string or integer is also a TOML basic string or integer.
        lines.append(f"{name} = {json.dumps(value)}")
    (business,) = parse_catalogue("\n".join(lines), source)
    if business.code != code:
        raise CatalogueError([Problem(source, None, "code", None, "differs from its key")])
    return business


def overlay_entries(shipped: Catalogue, entries: Iterable[tuple[str, Any, bool]]) -> Catalogue:
    """The shipped catalogue with head office's entries ``(code, entry, retired)`` over it.

    A retired entry keeps its type known (found by code, its letter reserved) but no longer
    offered; a retired entry that cannot be read is only taken off the offer.

    Raises:
        CatalogueError: an entry that is not retired breaks the catalogue's rules.
        DomainError: the overlay breaks the catalogue (a letter changed or taken twice).
    """
    pulled: list[BusinessType] = []
    retired: list[str] = []
    for code, entry, gone in entries:
        if gone:
            retired.append(code)
            try:
                pulled.append(parse_entry(code, entry))
            except CatalogueError:
                continue
        else:
            pulled.append(parse_entry(code, entry))
    return shipped.overlaid(pulled, retired)


def load_catalogue(path: Path) -> Catalogue:
    """Read ``business_types.toml`` into a :class:`Catalogue`.

    Raises:
        CatalogueError: listing every problem (an unreadable file is one problem).
    """
    return parse_catalogue(read_text(path, CatalogueError), str(path))
