"""Head office's rating reasons and lobby notice, as the running program offers and shows them.

Both are read from the journal's reference cache with one cheap version read per use: a pull
that commits while the program runs is seen by the next rating prompt and the display's next
notice check, with no restart. (Business types are overlaid once, at start: see
:func:`counterdesk.app.station.with_pulled_types`.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from counterdesk.core.errors import DomainError
from counterdesk.core.ratings import SHIPPED_REASONS, ReasonChoice
from counterdesk.storage.reference import ReferenceCache


@dataclass(frozen=True)
class LobbyNotice:
    """The notice head office set for the lobby display.

    Attributes:
        text_en: the English text ('' when none).
        text_zh: the Chinese text ('' when none).
    """

    text_en: str
    text_zh: str

    def text(self, language: str) -> str:
        """Both languages, the display's first; one when the other is missing or the same."""
        pair = (self.text_en, self.text_zh)
        texts = [t for t in (pair[::-1] if language.startswith("zh") else pair) if t]
        if len(texts) == 2 and texts[0] == texts[1]:
            texts = texts[:1]
        return "   ·   ".join(texts)


def _language_texts(texts: Mapping[str, str]) -> tuple[str, str]:
    """The English and Chinese texts of a ``{language: text}`` object."""
    en = zh = ""
    for language, text in texts.items():
        if language.startswith("zh"):
            zh = zh or text.strip()
        elif language.startswith("en"):
            en = en or text.strip()
    return en, zh


class PulledReference:
    """The rating reasons and lobby notice in force, re-read when a pull has committed.

    Args:
        cache: the journal's reference cache; None: only the shipped reasons and no notice.
        branch_code: this branch (its own notice wins over the all-branches one).
    """

    def __init__(self, cache: ReferenceCache | None, branch_code: str) -> None:
        self._cache = cache
        self._branch = branch_code
        self._version: int | None = None
        self._reasons: tuple[ReasonChoice, ...] = SHIPPED_REASONS
        self._notice: LobbyNotice | None = None

    def _fresh(self) -> None:
        if self._cache is None:
            return
        version = self._cache.applied_version()
        if version == self._version:
            return
        reasons: list[ReasonChoice] = []
        for code, texts, _order in self._cache.rating_reasons():
            en, zh = _language_texts(texts)
            try:
                reasons.append(ReasonChoice(code, en, zh))
            except DomainError:
                continue  # validated by the pull; a damaged row is left out
        notices = self._cache.lobby_notices()
        notice: LobbyNotice | None = None
        for scope in (self._branch, ""):
            en, zh = _language_texts(notices.get(scope, {}))
            if en or zh:
                notice = LobbyNotice(en, zh)
                break
        self._reasons = tuple(r for r in reasons if r.text_en or r.text_zh) or SHIPPED_REASONS
        self._notice = notice
        self._version = version

    def rating_reasons(self) -> tuple[ReasonChoice, ...]:
        """The reasons a rating prompt offers: head office's, else the shipped ones."""
        self._fresh()
        return self._reasons

    def lobby_notice(self) -> LobbyNotice | None:
        """The branch's own notice, else the all-branches one; None when neither is set."""
        self._fresh()
        return self._notice
