"""Step conditions: a small expression language read by our own parser (never ``eval``).

A step may say when it is required (``required_when``) or shown at all (``shown_when``)::

    count_cash >= 5000000
    category == 'corporate'
    direction in ['purchase', 'settlement'] and amount >= 500000

Grammar (``and`` binds tighter than ``or``; parentheses group)::

    expr       := conj ("or" conj)*
    conj       := term ("and" term)*
    term       := "(" expr ")" | comparison
    comparison := STEP_ID ("==" | "!=" | "<" | "<=" | ">" | ">=") literal
                | STEP_ID "in" "[" literal ("," literal)* "]"
    literal    := whole number | 'text' | "text"

A number compares with an ``amount`` (in the smallest unit: fen, cents) or an ``integer``
step; a text literal with a ``text``, ``choice`` or ``id_number`` step. A comparison whose
step has no captured value yet is false.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+)|(?P<str>'[^'\\]*'|\"[^\"\\]*\")|(?P<op><=|>=|==|!=|<|>)"
    r"|(?P<punct>[\[\](),])|(?P<word>[A-Za-z_][A-Za-z0-9_]*))"
)
#: Bounds on an expression's length and nesting, so reading one takes bounded time and stack.
MAX_CONDITION_LENGTH = 500
MAX_NESTING = 10
_KEYWORDS = frozenset({"and", "or", "in"})
_OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in")

Literal = int | str


class ConditionSyntaxError(ValueError):
    """An expression that does not follow the grammar; the message says where."""


@dataclass(frozen=True)
class Comparison:
    """``step op literal`` (``in`` compares with a tuple of literals)."""

    step: str
    op: str
    literal: Literal | tuple[Literal, ...]

    def holds(self, values: Mapping[str, int | str]) -> bool:
        """Whether the comparison is true for the captured values (false while missing)."""
        if self.step not in values:
            return False
        value = values[self.step]
        literal = self.literal
        if self.op == "in":
            return isinstance(literal, tuple) and value in literal
        if isinstance(literal, tuple) or type(value) is not type(literal):
            return False
        if self.op == "==":
            return value == literal
        if self.op == "!=":
            return value != literal
        # Both are int or both str here: ordering is well defined.
        if self.op == "<":
            return value < literal  # type: ignore[operator]
        if self.op == "<=":
            return value <= literal  # type: ignore[operator]
        if self.op == ">":
            return value > literal  # type: ignore[operator]
        return value >= literal  # type: ignore[operator]

    def literals(self) -> tuple[Literal, ...]:
        """The literal(s) compared with."""
        return self.literal if isinstance(self.literal, tuple) else (self.literal,)


@dataclass(frozen=True)
class Junction:
    """``and`` / ``or`` of two or more parts."""

    op: str
    parts: tuple[Condition, ...]

    def holds(self, values: Mapping[str, int | str]) -> bool:
        """Whether the junction is true for the captured values."""
        results = (part.holds(values) for part in self.parts)
        return all(results) if self.op == "and" else any(results)


Condition = Comparison | Junction


def comparisons(condition: Condition) -> tuple[Comparison, ...]:
    """Every comparison of a condition, left to right."""
    if isinstance(condition, Comparison):
        return (condition,)
    return tuple(c for part in condition.parts for c in comparisons(part))


def steps_of(condition: Condition) -> frozenset[str]:
    """The step ids a condition reads."""
    return frozenset(c.step for c in comparisons(condition))


def _tokenise(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None or match.end() == position:
            rest = stripped[position:].lstrip()
            raise ConditionSyntaxError(f"unexpected {rest[:10]!r} at character {position + 1}")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "word" and value in _KEYWORDS:
            kind = value
        tokens.append((kind, value))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, kind: str, what: str) -> str:
        token = self.peek()
        if token[0] != kind:
            found = repr(token[1]) if token[0] != "end" else "the end"
            raise ConditionSyntaxError(f"expected {what}, found {found}")
        self.at += 1
        return token[1]

    def expr(self) -> Condition:
        parts = [self.conj()]
        while self.peek()[0] == "or":
            self.at += 1
            parts.append(self.conj())
        return parts[0] if len(parts) == 1 else Junction("or", tuple(parts))

    def conj(self) -> Condition:
        parts = [self.term()]
        while self.peek()[0] == "and":
            self.at += 1
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else Junction("and", tuple(parts))

    def term(self) -> Condition:
        if self.peek() == ("punct", "("):
            self.at += 1
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise ConditionSyntaxError(f"more than {MAX_NESTING} nested parentheses")
            inner = self.expr()
            self.take_punct(")")
            self.depth -= 1
            return inner
        step = self.take("word", "a step id")
        kind, op = self.peek()
        if kind == "in":
            self.at += 1
            self.take_punct("[")
            items = [self.literal()]
            while self.peek() == ("punct", ","):
                self.at += 1
                items.append(self.literal())
            self.take_punct("]")
            return Comparison(step, "in", tuple(items))
        self.take("op", f"a comparison ({', '.join(_OPERATORS)}) after {step!r}")
        return Comparison(step, op, self.literal())

    def take_punct(self, char: str) -> None:
        token = self.peek()
        if token != ("punct", char):
            found = repr(token[1]) if token[0] != "end" else "the end"
            raise ConditionSyntaxError(f"expected {char!r}, found {found}")
        self.at += 1

    def literal(self) -> Literal:
        kind, value = self.peek()
        if kind == "num":
            self.at += 1
            return int(value)
        if kind == "str":
            self.at += 1
            return value[1:-1]
        found = repr(value) if kind != "end" else "the end"
        raise ConditionSyntaxError(f"expected a number or a quoted text, found {found}")


def parse_condition(text: str) -> Condition:
    """Read a condition expression.

    Raises:
        ConditionSyntaxError: the expression does not follow the grammar.
    """
    if len(text) > MAX_CONDITION_LENGTH:
        raise ConditionSyntaxError(f"longer than {MAX_CONDITION_LENGTH} characters")
    tokens = _tokenise(text)
    if not tokens:
        raise ConditionSyntaxError("empty condition")
    parser = _Parser(tokens)
    condition = parser.expr()
    if parser.at != len(tokens):
        raise ConditionSyntaxError(f"unexpected {parser.peek()[1]!r} after the condition")
    return condition
