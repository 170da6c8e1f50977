"""What a branch code may be: the config's ``[branch] code`` and head office's branch registry."""

from __future__ import annotations

import re

#: Letters, digits, ``_`` and ``-``, 1 to 16 of them (the config's rule since the first release).
BRANCH_CODE_PATTERN = r"[A-Za-z0-9_-]{1,16}"


def is_branch_code(code: str) -> bool:
    """Whether ``code`` is a valid branch code."""
    return re.fullmatch(BRANCH_CODE_PATTERN, code) is not None
