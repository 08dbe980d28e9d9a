"""Small typed declarations of what the API takes, each both a check and a description.

A request body or a query parameter is declared once, as a tree of these nodes; the
same node refuses what breaks it (`check`, `check_query`: an InputError naming the
field) and writes itself out as JSON Schema (`schema`) for /api/openapi.json. So the
description cannot promise a limit the server does not hold, or the other way round.

Only what the API needs of JSON Schema is here: strings with lengths, a pattern or a
closed list; whole numbers with bounds; booleans; lists with counts; objects with
required fields. The checks follow JSON Schema's meaning of each keyword (lengths in code
points, a pattern found anywhere, 1.0 a whole number, unknown fields allowed), and no
validator library is loaded to serve a request. No pydantic: start-up time matters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from quotesdb.errors import InputError

_INTEGER = re.compile(r"[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Node(Protocol):
    def schema(self) -> dict[str, Any]: ...

    def check(self, value: Any, where: str) -> None: ...

    def check_query(self, value: str, where: str) -> None: ...


def _described(schema: dict[str, Any], description: str | None) -> dict[str, Any]:
    return {**schema, "description": description} if description else schema


def _raised_by(setting: str | None) -> str:
    return f" (set {setting} to allow more)" if setting else ""


def _type(name: str, nullable: bool) -> str | list[str]:
    return [name, "null"] if nullable else name


@dataclass(frozen=True, slots=True)
class Text:
    max_length: int | None = None
    min_length: int = 0
    pattern: str | None = None
    choices: tuple[str, ...] | None = None  # `enum`
    format: str | None = None  # `date` is checked; others (`uri`) only described
    nullable: bool = False
    description: str | None = None
    setting: str | None = None  # the environment variable that raises `max_length`

    def schema(self) -> dict[str, Any]:
        found: dict[str, Any] = {"type": _type("string", self.nullable)}
        if self.choices is not None:
            found["enum"] = list(self.choices)
        if self.min_length:
            found["minLength"] = self.min_length
        if self.max_length is not None:
            found["maxLength"] = self.max_length
        if self.pattern is not None:
            found["pattern"] = self.pattern
        if self.format is not None:
            found["format"] = self.format
        return _described(found, self.description)

    def check(self, value: Any, where: str) -> None:
        if value is None and self.nullable:
            return
        if not isinstance(value, str):
            raise InputError(f"{where}: must be text{' or null' if self.nullable else ''}")
        self.check_query(value, where)

    def check_query(self, value: str, where: str) -> None:
        if self.choices is not None and value not in self.choices:
            raise InputError(f"{where}: must be one of {', '.join(self.choices)}")
        if len(value) < self.min_length:
            raise InputError(f"{where}: must have at least {self.min_length} character(s)")
        if self.max_length is not None and len(value) > self.max_length:
            raise InputError(
                f"{where}: has {len(value):,} characters, more than the {self.max_length:,} "
                f"allowed{_raised_by(self.setting)}"
            )
        if self.pattern is not None and not re.search(self.pattern, value):
            raise InputError(f"{where}: does not match {self.pattern}")
        if self.format == "date" and not _DATE.fullmatch(value):
            raise InputError(f"{where}: must be a date, YYYY-MM-DD")


@dataclass(frozen=True, slots=True)
class Integer:
    minimum: int
    maximum: int
    description: str | None = None

    def schema(self) -> dict[str, Any]:
        found = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        return _described(found, self.description)

    def _refuse(self, where: str) -> InputError:
        return InputError(f"{where}: must be a whole number from {self.minimum} to {self.maximum}")

    def check(self, value: Any, where: str) -> None:
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        if isinstance(value, bool) or not whole or not self.minimum <= value <= self.maximum:
            raise self._refuse(where)

    def check_query(self, value: str, where: str) -> None:
        if not _INTEGER.fullmatch(value) or not self.minimum <= int(value) <= self.maximum:
            raise self._refuse(where)


@dataclass(frozen=True, slots=True)
class Boolean:
    description: str | None = None
    default: bool | None = None

    def schema(self) -> dict[str, Any]:
        found: dict[str, Any] = {"type": "boolean"}
        if self.default is not None:
            found["default"] = self.default
        return _described(found, self.description)

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, bool):
            raise InputError(f"{where}: must be true or false")

    def check_query(self, value: str, where: str) -> None:
        if value not in ("true", "false"):
            raise InputError(f"{where}: must be true or false")


@dataclass(frozen=True, slots=True)
class Array:
    items: Node
    max_items: int
    min_items: int = 0
    description: str | None = None
    setting: str | None = None  # the environment variable that raises `max_items`

    def schema(self) -> dict[str, Any]:
        found: dict[str, Any] = {"type": "array", "items": self.items.schema()}
        if self.min_items:
            found["minItems"] = self.min_items
        found["maxItems"] = self.max_items
        return _described(found, self.description)

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise InputError(f"{where}: must be a list")
        self.check_count(len(value), where)
        for n, item in enumerate(value):
            self.items.check(item, f"{where}/{n}")

    def check_count(self, count: int, where: str) -> None:
        if count < self.min_items:
            raise InputError(f"{where}: give at least {self.min_items}")
        if count > self.max_items:
            raise InputError(
                f"{where}: give at most {self.max_items}, not {count}{_raised_by(self.setting)}"
            )

    def check_query(self, value: str, where: str) -> None:
        self.items.check_query(value, where)


@dataclass(frozen=True, slots=True)
class Object:
    properties: dict[str, Node]
    required: tuple[str, ...] = ()
    description: str | None = None

    def schema(self) -> dict[str, Any]:
        found: dict[str, Any] = {"type": "object"}
        if self.required:
            found["required"] = list(self.required)
        found["properties"] = {name: node.schema() for name, node in self.properties.items()}
        return _described(found, self.description)

    def check(self, value: Any, where: str = "") -> None:
        """Fields it does not declare are let through, as JSON Schema lets them."""
        at = f"{where}/" if where else ""
        if not isinstance(value, dict):
            raise InputError(f"{where or 'the body'}: must be a JSON object")
        for name in self.required:
            if name not in value:
                raise InputError(f"{at}{name}: is required")
        for name, node in self.properties.items():
            if name in value:
                node.check(value[name], f"{at}{name}")

    def check_query(self, value: str, where: str) -> None:
        raise InputError(f"{where}: not a query value")


@dataclass(frozen=True, slots=True)
class Param:
    """A query-string parameter: given once, or up to `maxItems` times if an Array."""

    name: str
    node: Node
    description: str

    def schema(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": "query",
            "required": False,
            "schema": self.node.schema(),
            "description": self.description,
        }

    def check(self, values: list[str]) -> None:
        if isinstance(self.node, Array):
            self.node.check_count(len(values), self.name)
        elif len(values) > 1:
            raise InputError(f"{self.name}: give it once, not {len(values)} times")
        for value in values:
            self.node.check_query(value, self.name)


@dataclass(frozen=True, slots=True)
class Query:
    """The parameters an operation's query string may have. Any others are ignored, as
    the pages ignore them."""

    params: tuple[Param, ...] = field(default_factory=tuple)

    def check(self, given: Any) -> None:
        for param in self.params:
            values = given.getlist(param.name)
            if values:
                param.check(values)

    def schema(self) -> list[dict[str, Any]]:
        return [param.schema() for param in self.params]
