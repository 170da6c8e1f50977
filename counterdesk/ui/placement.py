"""Where the demo's windows go: the screens' areas in, one rectangle per window out (no Qt).

The demo runs every role on one PC. Its windows must neither open on top of each other nor be
larger than the screen they get, so they are tiled: with one screen all of them share it, with
more the teller keeps the primary screen and the others spread over the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: The demo's windows, most important first (the teller works in the first one).
DEMO_WINDOWS = ("teller", "customer", "kiosk", "display")
#: On a shared screen the main window takes this share of the width (the teller needs room).
MAIN_SHARE = 0.58
#: ... and of the height, above the second window of its column.
TOP_SHARE = 0.6


@dataclass(frozen=True)
class Rect:
    """A rectangle in the desktop's pixel coordinates."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        """One past the last column."""
        return self.x + self.width

    @property
    def bottom(self) -> int:
        """One past the last row."""
        return self.y + self.height

    def contains(self, other: Rect) -> bool:
        """Whether ``other`` lies wholly inside this rectangle."""
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def overlaps(self, other: Rect) -> bool:
        """Whether the two rectangles share a pixel."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


def demo_rects(
    screens: Sequence[Rect],
    windows: Sequence[str] = DEMO_WINDOWS,
    minimum: Mapping[str, tuple[int, int]] | None = None,
) -> dict[str, Rect]:
    """Place the demo's windows on the screens that exist.

    Args:
        screens: each screen's available area, the primary screen first.
        windows: the windows to place, most important first.
        minimum: the smallest (width, height) a window can take; a window missing is
            taken to fit any rectangle.

    Returns:
        A rectangle for every window, each inside one screen. One screen: all share it;
        two: the first window has the primary screen, the rest share the second; three:
        the first and second have a screen each, the rest share the third; four or more:
        one window per screen. Windows sharing a screen do not overlap unless their minimum
        sizes cannot all fit; then a window takes its minimum size and is moved back inside
        the screen, over its neighbour (the caller raises the more important window).
    """
    if not windows:
        return {}
    if not screens:
        raise ValueError("no screen to place the windows on")
    minimum = minimum or {}
    rects: dict[str, Rect] = {}
    for screen, group in zip(screens, _share_out(list(windows), len(screens)), strict=False):
        mins = [minimum.get(name, (0, 0)) for name in group]
        rects.update(zip(group, tile(screen, mins), strict=True))
    return rects


def _share_out(windows: list[str], screens: int) -> list[list[str]]:
    """Windows per screen: one each while screens last, the rest with the last screen."""
    if screens <= 1:
        return [windows]
    alone = min(screens - 1, len(windows))
    return [[name] for name in windows[:alone]] + [windows[alone:]]


def tile(area: Rect, minimum: Sequence[tuple[int, int]]) -> list[Rect]:
    """Split ``area`` into one rectangle per entry of ``minimum``, the first the largest.

    One fills the area; two sit side by side (the first wider); three: the first on the left,
    the others stacked on the right; four: two columns, the left one wider, filled clockwise
    (top left, top right, bottom right, bottom left), the top row taller. More than four: the
    bottom-left quarter is stacked. Columns and rows widen for a window's minimum size while
    the others keep theirs; what still does not fit is grown to its minimum and kept inside
    the area.
    """
    count = len(minimum)
    if count == 0:
        return []
    if count == 1:
        return [_fit(area, area, minimum[0])]
    left_mins = [minimum[0], *minimum[3:]]
    right_mins = list(minimum[1:3]) if count >= 3 else [minimum[1]]
    left_width = _split(
        area.width, MAIN_SHARE, max(w for w, _ in left_mins), max(w for w, _ in right_mins)
    )
    left = Rect(area.x, area.y, left_width, area.height)
    right = Rect(area.x + left_width, area.y, area.width - left_width, area.height)
    if count == 2:
        cells = [left, right]
    elif count == 3:
        cells = [left, *_rows(right, minimum[1][1], minimum[2][1])]
    else:
        bottom_mins = max(h for _, h in minimum[3:])
        top_left, bottom_left = _rows(left, minimum[0][1], bottom_mins)
        top_right, bottom_right = _rows(right, minimum[1][1], minimum[2][1])
        cells = [top_left, top_right, bottom_right, *_stack(bottom_left, count - 3)]
    return [_fit(cell, area, size) for cell, size in zip(cells, minimum, strict=True)]


def _split(length: int, share: float, first_min: int, second_min: int) -> int:
    """Where to cut ``length``: near ``share``, moved to respect both minimums if it can."""
    cut = round(length * share)
    if length - cut < second_min:
        cut = length - second_min
    return max(cut, min(first_min, length))


def _rows(column: Rect, top_min: int, bottom_min: int) -> list[Rect]:
    top = _split(column.height, TOP_SHARE, top_min, bottom_min)
    return [
        Rect(column.x, column.y, column.width, top),
        Rect(column.x, column.y + top, column.width, column.height - top),
    ]


def _stack(area: Rect, count: int) -> list[Rect]:
    """``count`` rows of equal height (the last takes the remainder)."""
    height = area.height // count
    rows = [Rect(area.x, area.y + i * height, area.width, height) for i in range(count)]
    last = rows[-1]
    rows[-1] = Rect(last.x, last.y, last.width, area.bottom - last.y)
    return rows


def _fit(cell: Rect, area: Rect, minimum: tuple[int, int]) -> Rect:
    """``cell`` grown to ``minimum`` (never beyond ``area``) and moved back inside ``area``."""
    width = min(max(cell.width, minimum[0]), area.width)
    height = min(max(cell.height, minimum[1]), area.height)
    x = max(area.x, min(cell.x, area.right - width))
    y = max(area.y, min(cell.y, area.bottom - height))
    return Rect(x, y, width, height)
