"""Voice calls in the lobby: a chime, then the call in each configured language, one at a time."""

from __future__ import annotations

import logging
from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl, Signal, Slot

from counterdesk.resources import resource
from counterdesk.services.state import CallView

logger = logging.getLogger(__name__)

# QtTextToSpeech and QtMultimedia need system libraries (libpulse0) that a lobby PC may lack:
# without them the announcer still works, silently, and the display still shows the calls.
try:
    from PySide6.QtTextToSpeech import QTextToSpeech
except ImportError as error:  # pragma: no cover - depends on the machine
    QTextToSpeech = None  # type: ignore[assignment,misc]
    _TTS_IMPORT_ERROR: str | None = str(error)
else:
    _TTS_IMPORT_ERROR = None
try:
    from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
except ImportError as error:  # pragma: no cover - depends on the machine
    QMediaDevices = None  # type: ignore[assignment,misc]
    QSoundEffect = None  # type: ignore[assignment,misc]
    _MULTIMEDIA_IMPORT_ERROR: str | None = str(error)
else:
    _MULTIMEDIA_IMPORT_ERROR = None

#: Languages the announcer can speak, in the order used when both are wanted.
LANGUAGES = ("zh_CN", "en")
#: Longest wait for the chime and for one sentence before the step is cut off.
CHIME_TIMEOUT_MS = 3_000
SENTENCE_TIMEOUT_MS = 15_000

_CHINESE_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")
_CHIME = "chime"


def spoken_ticket(ticket_label: str, language: str) -> str:
    """The ticket number as a voice should read it: digit by digit, never as a number.

    ``A012`` must not become "A twelve" or "A十二". Chinese gets the digits as Chinese
    characters (``A零一二``): every Chinese voice reads 零一二 one by one, whatever its
    number rules, and this is how queue numbers are called out in Chinese branches (零 for
    0, not 洞 or 幺). English gets the characters separated by spaces (``A 0 1 2``), read
    "A zero one two".

    Args:
        ticket_label: the printed number, e.g. ``A012``.
        language: ``zh_CN`` or ``en``.

    Returns:
        The text to hand to the speech engine.
    """
    if language.startswith("zh"):
        return ticket_label.translate(_CHINESE_DIGITS)
    return " ".join(ticket_label)


def sentence(call: CallView, language: str) -> str:
    """The sentence spoken for a call in ``zh_CN`` or ``en``.

    These are not window texts: the language comes from the announcer's setting, not from
    the application's translators, so they are fixed here per language. The counter
    number stays in figures: "3 号窗口" and "counter 3" are read as numbers, as said.
    """
    ticket = spoken_ticket(call.ticket_label, language)
    if language.startswith("zh"):
        return f"请 {ticket} 号，到 {call.counter} 号窗口。"
    return f"Ticket {ticket}, please go to counter {call.counter}."


class Announcer(QObject):
    """Announces calls one at a time: chime, then the sentence in each language, then the next.

    Every step waits for the device to report it finished (the sound effect stops playing,
    the speech engine is Ready again) or for its timeout, whichever comes first, so a stuck
    engine (``speechd`` with no audio device stays "Speaking") delays a call by at most the
    timeout and never blocks the queue or the GUI thread. Faults are logged once each and
    never raised: without a speech engine only the chime sounds, without an audio device
    the chime step is silent, and with neither the calls are only logged.

    Signals:
        started(object): the announcement of a ``CallView`` begins (its chime).
        finished(object): the announcement of a ``CallView`` is over (said, skipped or cut
            off).
        idle(): the queue ran empty after announcing.
        speaking(str, str): a sentence is handed to the engine: language and text.
    """

    started = Signal(object)
    finished = Signal(object)
    idle = Signal()
    speaking = Signal(str, str)

    def __init__(
        self,
        languages: tuple[str, ...] = LANGUAGES,
        engine: str | None = None,
        chime: Path | None = None,
        parent: QObject | None = None,
        *,
        rate: float = 0.0,
        chime_timeout_ms: int = CHIME_TIMEOUT_MS,
        sentence_timeout_ms: int = SENTENCE_TIMEOUT_MS,
    ) -> None:
        """Prepare the speech engine and the chime; nothing sounds until :meth:`announce`.

        Args:
            languages: ``zh_CN`` and/or ``en``, in the order they are spoken.
            engine: QtTextToSpeech engine name (``speechd``, ``mock`` in tests); None for the
                system's default.
            chime: the WAV played before each call; ``resources/sounds/chime.wav`` when None.
            parent: the owning object.
            rate: speaking rate from -1.0 (slow, for a hall with many elderly customers) to
                1.0 (fast); 0.0 is the voice's normal rate.
            chime_timeout_ms: longest wait for the chime to finish.
            sentence_timeout_ms: longest wait for one sentence to be spoken.
        """
        super().__init__(parent)
        self.setObjectName("announcer")
        unknown = [lang for lang in languages if not lang.startswith(("zh", "en"))]
        if unknown:
            logger.warning("announcer: no sentence for %s; only zh_CN and en", unknown)
        self._languages = tuple(lang for lang in languages if lang not in unknown)
        self._queue: deque[CallView] = deque()
        self._current: CallView | None = None
        self._steps: deque[str] = deque()
        self._step: str | None = None
        self._saw_speaking = False
        self._faults: set[str] = set()
        self._locales: dict[str, Any] = {}
        self._chime_timeout_ms = chime_timeout_ms
        self._sentence_timeout_ms = sentence_timeout_ms

        # Every step ends by scheduling the next from the event loop, never by calling it:
        # skipped steps must not recurse through a long queue, and device signals may be
        # emitted from inside our own calls to play(), say() or stop().
        self._advance = QTimer(self)
        self._advance.setObjectName("announcer-advance")
        self._advance.setSingleShot(True)
        self._advance.setInterval(0)
        self._advance.timeout.connect(self._next_step)
        self._timeout = QTimer(self)
        self._timeout.setObjectName("announcer-step-timeout")
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._on_timeout)

        self._speech: Any = self._open_speech(engine) if self._languages else None
        if self._speech is not None:
            self._speech.setRate(max(-1.0, min(1.0, rate)))
        self._sound: Any = self._open_chime(chime or resource("sounds", _CHIME + ".wav"))

    # -- public API ---------------------------------------------------------------------

    def announce(self, call: CallView) -> None:
        """Queue a call (a recall too: it is announced again)."""
        self._queue.append(call)
        if self._current is None:
            self._advance.start()

    def pending(self) -> int:
        """Announcements not yet finished: queued ones and the one being made."""
        return len(self._queue) + (self._current is not None)

    def languages(self) -> tuple[str, ...]:
        """The languages spoken, in order."""
        return self._languages

    def has_speech(self) -> bool:
        """Whether calls are spoken (False: chime only, or silent)."""
        return self._speech is not None

    def has_chime(self) -> bool:
        """Whether a chime can be played (False: silent chime step)."""
        return self._sound is not None

    # -- setting up ---------------------------------------------------------------------

    def _open_speech(self, engine: str | None) -> Any:
        if QTextToSpeech is None:
            self._fault("tts-import", "QtTextToSpeech cannot be loaded (%s); calls are not spoken",
                        _TTS_IMPORT_ERROR)  # fmt: skip
            return None
        available = QTextToSpeech.availableEngines()
        # Asking Qt for an engine it does not have makes it log a critical message; check.
        if engine is not None and engine not in available:
            self._fault("tts-engine", "speech engine %r is not available (have %s); chime only",
                        engine, available)  # fmt: skip
            return None
        if not available:
            self._fault("tts-engine", "no speech engine installed; chime only")
            return None
        speech = QTextToSpeech(self) if engine is None else QTextToSpeech(engine, self)
        speech.setObjectName("announcer-speech")
        if speech.state() == QTextToSpeech.State.Error:
            self._fault("tts-error", "speech engine %r failed to start (%s); chime only",
                        speech.engine(), speech.errorString())  # fmt: skip
            speech.deleteLater()
            return None
        speech.stateChanged.connect(self._on_speech_state)
        return speech

    def _open_chime(self, path: Path) -> Any:
        if QSoundEffect is None:
            self._fault("mm-import", "QtMultimedia cannot be loaded (%s); no chime",
                        _MULTIMEDIA_IMPORT_ERROR)  # fmt: skip
            return None
        if not path.is_file():
            self._fault("chime-file", "chime %s is missing; no chime", path)
            return None
        sound = QSoundEffect(self)
        sound.setObjectName("announcer-chime")
        sound.setSource(QUrl.fromLocalFile(str(path)))
        sound.playingChanged.connect(self._on_chime_playing)
        sound.statusChanged.connect(self._on_chime_status)
        return sound

    def _fault(self, key: str, message: str, *args: object) -> None:
        # Once per kind of fault: a lobby announces hundreds of calls a day.
        if key not in self._faults:
            self._faults.add(key)
            logger.warning("announcer: " + message, *args)

    # -- the steps ----------------------------------------------------------------------

    @Slot()
    def _next_step(self) -> None:
        if self._current is not None and not self._steps:
            done, self._current = self._current, None
            self.finished.emit(done)
            if not self._queue:
                self.idle.emit()
        if self._current is None:
            if not self._queue:
                return
            self._current = self._queue.popleft()
            self._steps = deque((_CHIME, *self._languages))
            if self._speech is None:
                self._steps = deque((_CHIME,))
                logger.info("announcer: %s to counter %d (not spoken)",
                            self._current.ticket_label, self._current.counter)  # fmt: skip
            self.started.emit(self._current)
        step = self._steps.popleft()
        if step == _CHIME:
            self._play_chime()
        else:
            self._say(step)

    def _end_step(self) -> None:
        self._timeout.stop()
        self._step = None
        self._advance.start()

    def _play_chime(self) -> None:
        sound = self._sound
        if sound is None:
            self._end_step()
            return
        if not QMediaDevices.audioOutputs():
            self._fault("no-audio", "no audio output device; the chime is silent")
            self._end_step()
            return
        if sound.status() == QSoundEffect.Status.Error:
            self._fault("chime-error", "the chime cannot be played; it is silent")
            self._end_step()
            return
        self._step = _CHIME
        self._timeout.start(self._chime_timeout_ms)
        sound.play()

    def _say(self, language: str) -> None:
        speech = self._speech
        if speech is None or self._current is None:
            self._end_step()
            return
        state = speech.state()
        if state == QTextToSpeech.State.Error:
            self._speech_failed()
            self._end_step()
            return
        if state != QTextToSpeech.State.Ready:
            # Still busy with a sentence that was cut off: skip rather than wait again.
            self._fault("tts-busy", "speech engine still busy after a timeout; sentence skipped")
            speech.stop()
            self._end_step()
            return
        self._use_language(language)
        text = sentence(self._current, language)
        self._step = language
        self._saw_speaking = False
        self._timeout.start(self._sentence_timeout_ms)
        self.speaking.emit(language, text)
        speech.say(text)

    def _use_language(self, language: str) -> None:
        speech = self._speech
        if language not in self._locales:
            wanted = QLocale(language)
            found = None
            for locale in speech.availableLocales():
                if locale.name() == wanted.name():
                    found = locale
                    break
                if found is None and locale.language() == wanted.language():
                    found = locale
            if found is None:
                self._fault(f"no-voice-{language}", "speech engine has no %s voice; using %s",
                            language, speech.locale().name())  # fmt: skip
            self._locales[language] = found
        locale = self._locales[language]
        if locale is not None and speech.locale() != locale:
            speech.setLocale(locale)

    def _speech_failed(self) -> None:
        speech = self._speech
        self._fault("tts-error", "speech engine error (%s); chime only from now on",
                    speech.errorString())  # fmt: skip
        speech.stateChanged.disconnect(self._on_speech_state)
        self._speech = None
        # What is left of this call: no more sentences.
        self._steps.clear()
        speech.deleteLater()

    # -- device reports -----------------------------------------------------------------

    @Slot(object)
    def _on_speech_state(self, state: object) -> None:
        if self._step is None or self._step == _CHIME:
            return
        if state == QTextToSpeech.State.Error:
            self._speech_failed()
            self._end_step()
        elif state == QTextToSpeech.State.Ready:
            # A Ready left over from an earlier sentence must not end this one.
            if self._saw_speaking:
                self._end_step()
        else:
            self._saw_speaking = True

    @Slot()
    def _on_chime_playing(self) -> None:
        if self._step == _CHIME and not self._sound.isPlaying():
            self._end_step()

    @Slot()
    def _on_chime_status(self) -> None:
        if self._sound.status() != QSoundEffect.Status.Error:
            return
        self._fault("chime-error", "the chime cannot be played; it is silent")
        if self._step == _CHIME:
            self._end_step()

    @Slot()
    def _on_timeout(self) -> None:
        step = self._step
        # End the step before stopping the device: stopping reports back at once.
        self._end_step()
        if step == _CHIME:
            self._fault("chime-timeout", "the chime did not finish in %d ms; cut off",
                        self._chime_timeout_ms)  # fmt: skip
            if self._sound is not None:
                self._sound.stop()
        elif step is not None and self._speech is not None:
            self._fault("tts-timeout", "a sentence was not spoken within %d ms; cut off",
                        self._sentence_timeout_ms)  # fmt: skip
            self._speech.stop()
