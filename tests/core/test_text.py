"""Messages start as sentences: a capital first letter, the rest untouched."""

from __future__ import annotations

import pytest

from counterdesk.core.text import sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wrong staff number or PIN; try again", "Wrong staff number or PIN; try again"),
        (
            "a supervisor other than 1001 must authorise",
            "A supervisor other than 1001 must authorise",
        ),
        ("Already a sentence.", "Already a sentence."),
        ("  leading space", "  Leading space"),
        ("3 tickets waiting", "3 tickets waiting"),
        ("工号或密码错误", "工号或密码错误"),
        ("ticket A007 is waiting; cannot finish", "Ticket A007 is waiting; cannot finish"),
        ("", ""),
        ("élan", "Élan"),
    ],
)
def test_sentence(text: str, expected: str) -> None:
    assert sentence(text) == expected
