"""Generates the lobby's chime (``python -m counterdesk.ui.display.chime``), stdlib only."""

from __future__ import annotations

import argparse
import math
import struct
import wave
from pathlib import Path

from counterdesk.resources import resource

SAMPLE_RATE = 44_100
#: Length of the whole chime in seconds.
DURATION = 0.8
#: The "ding" and the "dong": E5 then C5, a falling major third like a doorbell.
TONES: tuple[tuple[float, float], ...] = ((659.25, 0.0), (523.25, 0.28))
#: Overtones of a soft bell: (multiple of the fundamental, relative loudness).
PARTIALS: tuple[tuple[float, float], ...] = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12), (4.2, 0.05))
#: Peak level as a share of full scale: loud enough in a lobby, with headroom against clipping.
PEAK = 0.7
ATTACK = 0.006
RELEASE = 0.06
DECAY_PER_SECOND = 4.5


def chime_samples(sample_rate: int = SAMPLE_RATE) -> list[float]:
    """The chime as samples between -1 and 1.

    Each tone is a bell-like sum of partials with an exponential decay; a short fade in
    and out at every edge keeps the speaker from clicking.

    Args:
        sample_rate: samples per second.

    Returns:
        ``DURATION * sample_rate`` samples, peaking at ``PEAK``.
    """
    count = int(DURATION * sample_rate)
    samples = [0.0] * count
    for frequency, start in TONES:
        first = int(start * sample_rate)
        for i in range(first, count):
            t = (i - first) / sample_rate
            envelope = math.exp(-DECAY_PER_SECOND * t) * min(1.0, t / ATTACK)
            value = sum(
                loudness * math.sin(2 * math.pi * frequency * multiple * t)
                for multiple, loudness in PARTIALS
            )
            samples[i] += envelope * value
    release = int(RELEASE * sample_rate)
    for i in range(release):
        samples[count - 1 - i] *= i / release
    peak = max(abs(s) for s in samples) or 1.0
    return [s * PEAK / peak for s in samples]


def write_chime(path: Path, sample_rate: int = SAMPLE_RATE) -> Path:
    """Write the chime as a 16-bit mono WAV file.

    Args:
        path: the file to write (its folder is created).
        sample_rate: samples per second.

    Returns:
        ``path``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = b"".join(struct.pack("<h", round(s * 32767)) for s in chime_samples(sample_rate))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(frames)
    return path


def main(argv: list[str] | None = None) -> int:
    """Write ``resources/sounds/chime.wav`` (or the given file)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=resource("sounds", "chime.wav"))
    args = parser.parse_args(argv)
    written = write_chime(args.path)
    print(written)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
