"""The lobby announcer: one call at a time, every language in order, and never stuck."""

from __future__ import annotations

import logging
import wave
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counterdesk.services.state import CallView
from counterdesk.ui.display import announcer as announcer_module
from counterdesk.ui.display.announcer import Announcer, sentence, spoken_ticket
from counterdesk.ui.display.chime import DURATION, SAMPLE_RATE, write_chime

CHIME = Path(__file__).resolve().parents[3] / "resources" / "sounds" / "chime.wav"
AT = datetime(2026, 11, 30, 2, 15, tzinfo=UTC)

# Loading QtMultimedia on a machine with no sound server or GPU video libraries makes Qt warn
# about each library it looks for, and a sound effect with no audio device warns once more.
# These are the conditions the announcer must survive, not faults of the test.
pytestmark = pytest.mark.qt_log_ignore(
    r"^Couldn't (load|resolve) ",
    r"^PulseAudioService: ",
    r"^QSoundEffect(\(\w+\))?: ",
    extend=True,
)


def call(seq: int, ticket: str, counter: int, recall: bool = False) -> CallView:
    return CallView(seq, ticket, counter, "DEP", AT, recall)


Event = tuple[str, ...]


def record(announcer: Announcer) -> list[Event]:
    events: list[Event] = []
    announcer.started.connect(lambda c: events.append(("started", c.ticket_label)))
    announcer.finished.connect(lambda c: events.append(("finished", c.ticket_label)))
    announcer.speaking.connect(lambda lang, text: events.append(("speaking", lang, text)))
    return events


def assert_one_at_a_time(events: list[Event]) -> None:
    """No announcement starts, and nothing is said, outside its own started/finished pair."""
    current: str | None = None
    for event in events:
        if event[0] == "started":
            assert current is None, f"{event[1]} started before {current} finished: {events}"
            current = event[1]
        elif event[0] == "finished":
            assert current == event[1], events
            current = None
        else:
            assert current is not None, f"spoke outside an announcement: {events}"
    assert current is None


def announce_all(qtbot: QtBot, announcer: Announcer, calls: list[CallView]) -> None:
    with qtbot.waitSignal(announcer.idle, timeout=10_000):
        for item in calls:
            announcer.announce(item)
        assert announcer.pending() == len(calls)
    assert announcer.pending() == 0


MakeAnnouncer = Callable[..., Announcer]


@pytest.fixture
def make(qtbot: QtBot) -> Iterator[MakeAnnouncer]:
    created: list[Announcer] = []

    def factory(languages: tuple[str, ...] = ("en",), engine: str | None = "mock",
                **kwargs: object) -> Announcer:  # fmt: skip
        # The fastest rate keeps the mock engine's word timer short.
        announcer = Announcer(languages, engine, rate=1.0, **kwargs)  # type: ignore[arg-type]
        created.append(announcer)
        return announcer

    yield factory
    for announcer in created:
        announcer.deleteLater()


def test_three_quick_calls_are_announced_whole_and_in_order(
    make: MakeAnnouncer, qtbot: QtBot
) -> None:
    announcer = make(("en",))
    assert announcer.has_speech()
    events = record(announcer)

    announce_all(qtbot, announcer, [call(1, "A012", 3), call(2, "B003", 5), call(3, "A013", 1)])

    assert_one_at_a_time(events)
    assert events == [
        ("started", "A012"),
        ("speaking", "en", "Ticket A 0 1 2, please go to counter 3."),
        ("finished", "A012"),
        ("started", "B003"),
        ("speaking", "en", "Ticket B 0 0 3, please go to counter 5."),
        ("finished", "B003"),
        ("started", "A013"),
        ("speaking", "en", "Ticket A 0 1 3, please go to counter 1."),
        ("finished", "A013"),
    ]


def test_a_call_made_while_announcing_waits_its_turn(make: MakeAnnouncer, qtbot: QtBot) -> None:
    announcer = make(("zh_CN",))
    events = record(announcer)
    with qtbot.waitSignal(announcer.speaking):
        announcer.announce(call(1, "A012", 3))
    # The engine is speaking the first call now.
    with qtbot.waitSignal(announcer.idle, timeout=10_000):
        announcer.announce(call(2, "A013", 4))
        assert announcer.pending() == 2

    assert_one_at_a_time(events)
    assert [e[1] for e in events if e[0] == "finished"] == ["A012", "A013"]


def test_a_recall_is_announced_again(make: MakeAnnouncer, qtbot: QtBot) -> None:
    announcer = make(("zh_CN",))
    events = record(announcer)

    announce_all(qtbot, announcer, [call(1, "A012", 3), call(2, "A012", 3, recall=True)])

    assert_one_at_a_time(events)
    said = [e[2] for e in events if e[0] == "speaking"]
    assert said == ["请 A零一二 号，到 3 号窗口。"] * 2


@pytest.mark.parametrize("languages", [("zh_CN", "en"), ("en", "zh_CN")])
def test_both_languages_give_two_sentences_per_call_in_order(
    make: MakeAnnouncer, qtbot: QtBot, languages: tuple[str, str]
) -> None:
    announcer = make(languages)
    events = record(announcer)

    announce_all(qtbot, announcer, [call(1, "A012", 3), call(2, "C007", 12)])

    assert_one_at_a_time(events)
    spoken = [(e[1], e[2]) for e in events if e[0] == "speaking"]
    assert [lang for lang, _ in spoken] == list(languages) * 2
    first, second = languages
    assert spoken[0][1] == sentence(call(1, "A012", 3), first)
    assert spoken[1][1] == sentence(call(1, "A012", 3), second)
    assert "C零零七" in dict(spoken[2:])["zh_CN"]
    assert "12 号窗口" in dict(spoken[2:])["zh_CN"]


def test_an_unknown_engine_falls_back_to_the_chime_only(
    make: MakeAnnouncer, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="counterdesk.ui.display.announcer"):
        announcer = make(("zh_CN", "en"), "nonexistent")
        events = record(announcer)
        announce_all(qtbot, announcer, [call(1, "A012", 3), call(2, "A013", 4), call(3, "A014", 5)])

    assert not announcer.has_speech()
    assert_one_at_a_time(events)
    assert [e[0] for e in events].count("finished") == 3
    assert not [e for e in events if e[0] == "speaking"]
    engine_warnings = [r for r in caplog.records if "nonexistent" in r.getMessage()]
    assert len(engine_warnings) == 1  # once, not once per call


def test_a_stuck_sentence_is_cut_off_by_the_timeout(
    make: MakeAnnouncer, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    # The mock engine takes tens of milliseconds per word: a 1 ms limit always runs out first.
    with caplog.at_level(logging.WARNING, logger="counterdesk.ui.display.announcer"):
        announcer = make(("en", "zh_CN"), sentence_timeout_ms=1)
        events = record(announcer)
        announce_all(qtbot, announcer, [call(1, "A012", 3), call(2, "A013", 4), call(3, "A014", 5)])

    assert_one_at_a_time(events)
    assert [e[1] for e in events if e[0] == "finished"] == ["A012", "A013", "A014"]
    cut_off = [r for r in caplog.records if "cut off" in r.getMessage()]
    assert len(cut_off) == 1


def test_without_speech_and_multimedia_modules_it_is_silent_but_finishes(
    make: MakeAnnouncer,
    qtbot: QtBot,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What happens when libpulse0 is missing and the imports failed.
    monkeypatch.setattr(announcer_module, "QTextToSpeech", None)
    monkeypatch.setattr(announcer_module, "QSoundEffect", None)
    with caplog.at_level(logging.WARNING, logger="counterdesk.ui.display.announcer"):
        announcer = make(("zh_CN",))
        events = record(announcer)
        announce_all(qtbot, announcer, [call(1, "A012", 3), call(2, "A013", 4)])

    assert not announcer.has_speech()
    assert not announcer.has_chime()
    assert_one_at_a_time(events)
    assert [e[0] for e in events].count("finished") == 2
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "QtTextToSpeech cannot be loaded" in messages
    assert "QtMultimedia cannot be loaded" in messages


def test_idle_is_not_emitted_while_calls_remain(make: MakeAnnouncer, qtbot: QtBot) -> None:
    announcer = make(("zh_CN",), "nonexistent")
    idles: list[int] = []
    announcer.idle.connect(lambda: idles.append(announcer.pending()))
    announce_all(qtbot, announcer, [call(1, "A012", 3), call(2, "A013", 4)])
    assert idles == [0]


@pytest.mark.parametrize(
    ("label", "language", "spoken"),
    [
        ("A012", "zh_CN", "A零一二"),
        ("V100", "zh_CN", "V一零零"),
        ("A012", "en", "A 0 1 2"),
    ],
)
def test_ticket_numbers_are_spelled_digit_by_digit(label: str, language: str, spoken: str) -> None:
    assert spoken_ticket(label, language) == spoken


def test_sentences() -> None:
    assert sentence(call(1, "A012", 3), "zh_CN") == "请 A零一二 号，到 3 号窗口。"
    assert sentence(call(1, "A012", 3), "en") == "Ticket A 0 1 2, please go to counter 3."


def test_the_shipped_chime_is_what_the_script_writes(tmp_path: Path) -> None:
    written = write_chime(tmp_path / "chime.wav")
    assert written.read_bytes() == CHIME.read_bytes()
    assert CHIME.stat().st_size < 100_000


def test_the_chime_is_short_cd_quality_mono_and_starts_and_ends_quietly() -> None:
    with wave.open(str(CHIME), "rb") as chime:
        assert chime.getnchannels() == 1
        assert chime.getsampwidth() == 2
        assert chime.getframerate() == SAMPLE_RATE
        frames = chime.getnframes()
        data = chime.readframes(frames)
    assert frames == int(DURATION * SAMPLE_RATE)
    samples = memoryview(data).cast("h")
    assert abs(samples[0]) < 200
    assert abs(samples[-1]) < 200
    assert max(abs(s) for s in samples) > 16_000
