"""The business-type catalogue loader: ``business_types.toml`` into a :class:`Catalogue`."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from counterdesk.core.business import DEFAULT_SERVICE_SECONDS, BusinessType, Catalogue
from counterdesk.core.errors import DomainError
from counterdesk.core.procedures.datafile import (
    CatalogueError,
    Checker,
    Locator,
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


def load_catalogue(path: Path) -> Catalogue:
    """Read ``business_types.toml`` into a :class:`Catalogue`.

    Raises:
        CatalogueError: listing every problem (an unreadable file is one problem).
    """
    return parse_catalogue(read_text(path, CatalogueError), str(path))
