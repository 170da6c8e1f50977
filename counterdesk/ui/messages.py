"""Error messages for the teller: domain refusals in the teller's language, anything else generic.

The core raises :class:`~counterdesk.core.errors.DomainError` with an English template marked for
translation in context ``"domain"`` and the values that fill it. Here the template is looked up
in the installed translations and filled with the values, each shown the way the teller reads
it (see :mod:`counterdesk.core.errors` for the conventions): vocabulary words translated, nested
pieces translated, names from data files in the teller's language, times in local time, typed
text as it was typed.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Callable, Mapping
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from counterdesk.core.errors import (
    DOMAIN_CONTEXT,
    Bilingual,
    DomainError,
    Text,
    is_domain_word,
    render,
)
from counterdesk.core.text import sentence

logger = logging.getLogger(__name__)

_FORMATTER = string.Formatter()


def generic_failure_text() -> str:
    """The text shown when something other than a rule of the bank stopped an action."""
    # Literal contexts: lupdate only extracts calls whose context is a string literal.
    return QCoreApplication.translate(
        "messages", "Something went wrong; the action was not done. Details are in the log."
    )


def error_text(
    error: object,
    *,
    language: str = "en",
    step_name: Callable[[str], str] | None = None,
) -> str:
    """Return what to show the teller about an error.

    Args:
        error: the exception that stopped the action (any object is accepted: the controller
            passes errors through a signal typed ``object``).
        language: the teller's language (``en`` or ``zh_CN``), for names from data files such
            as a step's field label.
        step_name: turns a step id into the text the teller sees in the checklist; values
            named ``step``, ``*_step`` and ``steps`` (comma-separated ids) are step ids. Without
            it, the ids are shown.

    Returns:
        For a :class:`DomainError`, its message translated in context ``"domain"`` and filled
        with its values, starting with a capital letter as a sentence does (the templates stay
        in lower case: a refusal is also a piece inside another); for anything else a generic
        translated sentence (the details belong in the log, not in front of the customer).
    """
    if isinstance(error, DomainError):
        return sentence(_render(error.template, error.params, language, step_name))
    return generic_failure_text()


def words_text(words: Text | DomainError, *, language: str = "en") -> str:
    """A translatable piece (or a refusal) in the installed language, filled with its values."""
    return _render(words.template, words.params, language, None)


def _render(
    template: str,
    params: Mapping[str, object],
    language: str,
    step_name: Callable[[str], str] | None,
) -> str:
    translated = QCoreApplication.translate(DOMAIN_CONTEXT, template)
    if not params:
        # Not a template: an untranslated plain message may contain braces of its own.
        return translated
    verbatim = _verbatim_fields(template)
    values = {
        name: _value(name, value, name in verbatim, language, step_name)
        for name, value in params.items()
    }
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        # A broken translation must not hide the refusal: fall back to English.
        logger.warning("translation of %r does not fit its values", template, exc_info=True)
        return render(template, params)


def _verbatim_fields(template: str) -> frozenset[str]:
    """The fields shown with ``!r``: typed text, shown as it is, never translated."""
    try:
        return frozenset(
            field for _, field, _, conversion in _FORMATTER.parse(template)
            if field and conversion == "r"
        )  # fmt: skip
    except ValueError:
        return frozenset()


def _value(
    name: str,
    value: object,
    verbatim: bool,
    language: str,
    step_name: Callable[[str], str] | None,
) -> object:
    if isinstance(value, Text | DomainError):
        return _render(value.template, value.params, language, step_name)
    if isinstance(value, Bilingual):
        return value.text(language)
    if isinstance(value, datetime):
        return value.astimezone() if value.tzinfo is not None else value
    if not isinstance(value, str):
        return value
    if name == "step" or name.endswith("_step"):
        return step_name(value) if step_name is not None else value
    if name == "steps":
        if step_name is None:
            return value
        separator = QCoreApplication.translate("messages", ", ", "between the items of a list")
        return separator.join(step_name(part) for part in value.split(", ") if part)
    if not verbatim and is_domain_word(value):
        return QCoreApplication.translate(DOMAIN_CONTEXT, value)
    return value


#: Why a counter pauses: the key stored in the journal, and its label (context "pause").
PAUSE_REASONS: tuple[tuple[str, object], ...] = (
    ("lunch", QT_TRANSLATE_NOOP("pause", "Lunch")),
    ("meeting", QT_TRANSLATE_NOOP("pause", "Meeting")),
    ("cash", QT_TRANSLATE_NOOP("pause", "Cash replenishment")),
    ("training", QT_TRANSLATE_NOOP("pause", "Training")),
    ("other", QT_TRANSLATE_NOOP("pause", "Other")),
)


def pause_reasons() -> list[tuple[str, str]]:
    """The pause reasons offered to the teller, labels in the current language."""
    return [(key, QCoreApplication.translate("pause", str(label))) for key, label in PAUSE_REASONS]


def pause_reason_text(reason: str) -> str:
    """A stored pause reason as people read it: a known key's label, else the teller's words."""
    for key, label in PAUSE_REASONS:
        if reason == key:
            return QCoreApplication.translate("pause", str(label))
    return reason
