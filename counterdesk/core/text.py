"""Small rules for texts shown to people, shared by every window and the command line."""

from __future__ import annotations


def sentence(text: str) -> str:
    """Start a message with a capital letter, as a sentence does; the rest stays as it is.

    Messages are built from pieces that also appear mid-sentence (a refusal inside another,
    a reason from head office), so the pieces stay in lower case and the whole message gets
    its capital where it is shown. Text that starts with a digit, a symbol or a script
    without case (Chinese) is returned unchanged.
    """
    for index, char in enumerate(text):
        if char.isspace():
            continue
        if char.islower():
            return text[:index] + char.upper() + text[index + 1 :]
        return text
    return text
