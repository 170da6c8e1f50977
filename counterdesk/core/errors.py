"""Domain errors raised by the core and the layers above it, with translatable message templates.

A :class:`DomainError` keeps the English template of its message and the values that fill it,
so that the window can show the message in the teller's language. Templates are marked with
:func:`QT_TRANSLATE_NOOP` in context ``"domain"``; ``pyside6-lupdate`` finds them in the source,
and the UI looks them up with ``QCoreApplication.translate("domain", template)``. The core
itself never imports Qt: the marker is a plain function that returns its text.

Values in a message follow a few conventions the UI relies on:

* a ``str`` value registered with :func:`domain_words` (a ticket state such as ``waiting``, an
  action such as ``finish``) is a word of the bank's vocabulary and is translated too;
* a :class:`Text` value is a translatable piece of its own (the reason inside a refusal), and
  so is a nested :class:`DomainError`;
* a :class:`Bilingual` value is a name from a data file, shown in the teller's language;
* a ``datetime`` is shown in local time;
* a value shown with ``!r`` (``{text!r}``) is what somebody typed and is shown as it is;
* values named ``step`` or ``steps`` are step ids, which the window may replace by step texts.
"""

from __future__ import annotations

from collections.abc import Mapping

# The context of every template and word marked in the core and the layers above it (a plain
# comment: lupdate would attach a "#:" comment to the next marked text as a translator note).
DOMAIN_CONTEXT = "domain"

_WORDS: set[str] = set()


# The upper-case name is the one lupdate looks for; keep it.
def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` and return it unchanged.

    ``pyside6-lupdate`` extracts every call of a function with this name, so the text lands in
    the ``.ts`` files although the core never imports Qt.
    """
    del context
    return text


def domain_words(*words: str) -> tuple[str, ...]:
    """Register words that may appear as values in messages, so the UI translates them too.

    Args:
        words: the words, each marked with ``QT_TRANSLATE_NOOP("domain", ...)`` by the caller
            so that lupdate finds them.

    Returns:
        The words, in the order given.
    """
    _WORDS.update(words)
    return words


def is_domain_word(value: str) -> bool:
    """Whether ``value`` was registered with :func:`domain_words`."""
    return value in _WORDS


def render(template: str, params: Mapping[str, object]) -> str:
    """Fill a template with its values (``str.format``); without values, return it as it is.

    Templates without values may be plain messages that contain braces of their own.
    """
    return template.format(**params) if params else template


class Text:
    """A translatable piece of a message, such as the reason inside a refusal.

    ``str()`` gives the English text, so a :class:`Text` can be a value of another template.

    Attributes:
        template: the English template, marked with ``QT_TRANSLATE_NOOP("domain", ...)``.
        params: the values that fill it.
    """

    __slots__ = ("params", "template")

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params: dict[str, object] = params

    def __str__(self) -> str:
        return render(self.template, self.params)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Text({self.template!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return (self.template, self.params) == (other.template, other.params)

    def __hash__(self) -> int:
        return hash(self.template)


class Bilingual:
    """A name taken from a data file in English and Simplified Chinese (a field label).

    ``str()`` and formatting give the English name; the UI picks the teller's language.

    Attributes:
        en: the English name.
        zh: the Simplified Chinese name.
    """

    __slots__ = ("en", "zh")

    def __init__(self, en: str, zh: str) -> None:
        self.en = en
        self.zh = zh

    def text(self, language: str) -> str:
        """Return the name in ``en`` or ``zh_CN``."""
        return self.zh if language.startswith("zh") and self.zh else self.en

    def __str__(self) -> str:
        return self.en

    def __format__(self, spec: str) -> str:
        return format(self.en, spec)

    def __repr__(self) -> str:
        return f"Bilingual({self.en!r}, {self.zh!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Bilingual):
            return NotImplemented
        return (self.en, self.zh) == (other.en, other.zh)

    def __hash__(self) -> int:
        return hash((self.en, self.zh))


class DomainError(Exception):
    """A rule of the bank was broken; the message is fit to show an operator.

    Args:
        template: the English message, or a template marked with
            ``QT_TRANSLATE_NOOP("domain", ...)`` whose ``{name}`` fields ``params`` fill.
        params: the values of the template's fields.

    Attributes:
        template: as given.
        params: as given; ``str(error)`` is the template filled with them.
    """

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params: dict[str, object] = params
        super().__init__(render(template, params))


class TransitionError(DomainError):
    """A ticket was asked to do something its state does not allow.

    Attributes:
        label: the ticket as the customer sees it (e.g. ``A007``).
        state: the state the ticket was in.
        action: the refused action.
        why: the reason beyond the state, or None.
    """

    def __init__(self, label: str, state: str, action: str, why: Text | None = None) -> None:
        self.label = label
        self.state = state
        self.action = action
        self.why = why
        if why is None:
            super().__init__(
                QT_TRANSLATE_NOOP("domain", "ticket {label} is {state}; cannot {action}"),
                label=label,
                state=state,
                action=action,
            )
        else:
            super().__init__(
                QT_TRANSLATE_NOOP("domain", "ticket {label} is {state}; cannot {action}: {why}"),
                label=label,
                state=state,
                action=action,
                why=why,
            )


class NotFoundError(DomainError):
    """A ticket, business type or record that was asked for does not exist."""


class QueueEmptyError(DomainError):
    """No ticket waits for the counter that asked for one."""


class ConflictError(DomainError):
    """Another counter changed the ticket first (compare-and-set lost)."""
