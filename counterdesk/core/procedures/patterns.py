r"""The bounded subset of regular expressions a procedure template may use for a text capture.

Python's ``re`` backtracks, so a pattern such as ``(a+)+$`` takes exponential time on a value
that almost matches. Rather than bring in another regex engine, templates are limited to a
subset whose matching time is bounded by the pattern and value lengths:

* no backreferences (``\1``, ``(?P=name)``), lookarounds or other ``(?...)`` constructs
  except non-capturing ``(?:...)`` and named ``(?P<name>...)`` groups;
* no quantifier on a group that itself holds a quantifier or an alternative (``|``): that
  nesting is what makes backtracking exponential;
* at most :data:`MAX_CHOICES` variable quantifiers (``*``, ``+``, ``?``, ``{m,n}``) and at most
  :data:`MAX_CHOICES` alternatives, so the ways to split a value are polynomial of low degree;
* at most :data:`MAX_PATTERN_LENGTH` characters of pattern, and the value checked against it at
  most :data:`MAX_VALUE_LENGTH` characters (refused before matching when longer).

With these limits one match tries at most about ``(MAX_VALUE_LENGTH + 1) ** MAX_CHOICES``
splits times ``2 ** MAX_CHOICES`` alternatives: well under a second in the worst case.
"""

from __future__ import annotations

import re

MAX_PATTERN_LENGTH = 200
MAX_VALUE_LENGTH = 64
MAX_CHOICES = 3

_COUNTED = re.compile(r"\{(\d*)(,?)(\d*)\}")


class _Group:
    """What one open group of the pattern holds so far."""

    def __init__(self) -> None:
        self.repeats = False
        self.branches = False


def pattern_problem(pattern: str) -> str | None:
    """Tell why a (compilable) pattern is outside the bounded subset, or None when it is inside.

    Args:
        pattern: a regular expression that ``re.compile`` accepts.

    Returns:
        A one-line reason for a procedure file's problem list, or None.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"a pattern may have at most {MAX_PATTERN_LENGTH} characters"
    stack = [_Group()]
    last: _Group | None = None  # the group just closed, when the next token may quantify it
    quantifiers = 0
    alternatives = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        closed, last = last, None
        if char == "\\":
            if pattern[i + 1 : i + 2] in set("123456789"):
                return "backreferences are not allowed in a pattern"
            i += 2
            continue
        if char == "[":
            i = _skip_class(pattern, i)
            continue
        if char == "(":
            rest = pattern[i + 1 : i + 4]
            if rest.startswith("?") and not (rest.startswith("?:") or rest == "?P<"):
                return "lookarounds, backreferences and inline flags are not allowed in a pattern"
            stack.append(_Group())
            # Step over the group's "?:" or "?P<name>" so its '?' is not read as a quantifier.
            i = (
                pattern.index(">", i) + 1
                if rest == "?P<"
                else i + (3 if rest.startswith("?") else 1)
            )
            continue
        if char == ")":
            inner = stack.pop()
            stack[-1].repeats |= inner.repeats
            stack[-1].branches |= inner.branches
            last = inner
            i += 1
            continue
        if char == "|":
            alternatives += 1
            stack[-1].branches = True
            i += 1
            continue
        counted = _COUNTED.match(pattern, i) if char == "{" else None
        if char in "*+?" or counted is not None:
            if closed is not None and (closed.repeats or closed.branches):
                return "a quantified group must not hold a quantifier or '|' (nested quantifier)"
            exact = counted is not None and not counted.group(2)
            if not exact:
                quantifiers += 1
                stack[-1].repeats = True
            i = counted.end() if counted is not None else i + 1
            if pattern[i : i + 1] in ("?", "+"):  # lazy or possessive form of the same quantifier
                i += 1
            continue
        i += 1
    if quantifiers > MAX_CHOICES:
        return f"a pattern may have at most {MAX_CHOICES} variable quantifiers (*, +, ?, {{m,n}})"
    if alternatives > MAX_CHOICES:
        return f"a pattern may have at most {MAX_CHOICES} alternatives ('|')"
    return None


def _skip_class(pattern: str, start: int) -> int:
    """Return the index just past the character class opening at ``start``."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":  # a leading ']' is a literal
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1
