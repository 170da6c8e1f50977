"""Peewee fields for the journal: UTC instants as fixed-width ISO text, and JSON as text."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import peewee

from counterdesk.core.clock import from_utc_text, to_utc_text

_V = TypeVar("_V")

if TYPE_CHECKING:
    from peewee import Field as _Field
else:

    class _Field(peewee.Field):
        """peewee's shipped stubs make ``Field`` generic; the runtime class is not subscriptable."""

        def __class_getitem__(cls, item: object) -> type:
            return cls


def to_json_text(value: Any) -> str:
    """Serialise a value as compact, key-sorted JSON (equal values give equal text)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class UtcDateTimeField(_Field[_V]):
    """An instant stored as UTC ISO text; reads back as an aware UTC datetime."""

    field_type = "TEXT"

    if TYPE_CHECKING:

        @overload
        def __new__(
            cls, *args: Any, null: Literal[True], **kwargs: Any
        ) -> UtcDateTimeField[datetime | None]: ...
        @overload
        def __new__(
            cls, *args: Any, null: Literal[False] = ..., **kwargs: Any
        ) -> UtcDateTimeField[datetime]: ...
        def __new__(cls, *args: Any, **kwargs: Any) -> Any:  # noqa: D102
            ...

    def db_value(self, value: datetime | str | None) -> str | None:
        """Convert to stored text; already-stored text passes through after validation."""
        if value is None:
            return None
        if isinstance(value, str):
            return to_utc_text(from_utc_text(value))
        return to_utc_text(value)

    def python_value(self, value: str | None) -> datetime | None:
        """Convert stored text to an aware UTC datetime."""
        return None if value is None else from_utc_text(value)


class JsonField(_Field[Any]):
    """A JSON document stored as compact text (SQL NULL for None)."""

    field_type = "TEXT"

    def db_value(self, value: Any) -> str | None:
        """Serialise to JSON text."""
        return None if value is None else to_json_text(value)

    def python_value(self, value: str | None) -> Any:
        """Parse stored JSON text."""
        return None if value is None else json.loads(value)
