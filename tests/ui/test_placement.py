"""Where the demo's windows go: screens in, one rectangle per window out (no Qt)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.ui.placement import DEMO_WINDOWS, Rect, demo_rects, tile

#: The minimum sizes the real windows ask for (teller window, customer screen) at the time.
REAL_MINIMUM = {"teller": (721, 635), "customer": (320, 160), "kiosk": (320, 160),
                "display": (320, 160)}  # fmt: skip


def _screen_of(rect: Rect, screens: list[Rect]) -> Rect:
    return next(screen for screen in screens if screen.contains(rect))


def _no_overlaps(rects: dict[str, Rect]) -> None:
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.overlaps(rb), f"{a} {ra} overlaps {b} {rb}"


def test_one_1280x800_screen_holds_all_four_windows_side_by_side() -> None:
    screen = Rect(0, 0, 1280, 800)
    rects = demo_rects([screen], DEMO_WINDOWS, REAL_MINIMUM)

    assert set(rects) == set(DEMO_WINDOWS)
    assert all(screen.contains(rect) for rect in rects.values())
    _no_overlaps(rects)
    teller = rects["teller"]
    assert (teller.x, teller.y) == (0, 0)
    assert teller.width >= 721
    assert teller.height >= 635
    # Every window gets a usable piece, none a sliver.
    assert all(r.width >= 320 and r.height >= 160 for r in rects.values())
    # The screen is used: the four rectangles cover it.
    assert sum(r.width * r.height for r in rects.values()) == 1280 * 800


def test_the_first_window_is_the_largest_on_a_shared_screen() -> None:
    rects = demo_rects([Rect(0, 0, 1920, 1080)])
    area = {name: r.width * r.height for name, r in rects.items()}
    assert max(area, key=area.__getitem__) == "teller"


def test_two_screens_teller_alone_on_the_primary_the_rest_share_the_second() -> None:
    primary, second = Rect(0, 0, 1280, 800), Rect(1280, 0, 1920, 1080)
    rects = demo_rects([primary, second], DEMO_WINDOWS, REAL_MINIMUM)

    assert rects["teller"] == primary
    assert all(second.contains(rects[name]) for name in ("customer", "kiosk", "display"))
    _no_overlaps(rects)


def test_four_screens_one_window_each_in_order() -> None:
    screens = [Rect(i * 1000, 0, 1000, 700) for i in range(4)]
    rects = demo_rects(screens)
    assert [rects[name] for name in DEMO_WINDOWS] == screens


def test_screens_at_the_same_place_still_give_each_window_its_own() -> None:
    # On X without xinerama both screens sit at (0, 0): a window per screen, not per spot.
    screens = [Rect(0, 0, 1280, 800), Rect(0, 0, 1280, 800), Rect(0, 0, 1280, 800)]
    rects = demo_rects(screens)
    assert rects["teller"] == screens[0]
    assert rects["customer"] == screens[1]
    assert not rects["kiosk"].overlaps(rects["display"])


def test_a_screen_too_small_for_the_minimums_keeps_every_window_on_it() -> None:
    screen = Rect(0, 0, 800, 600)
    rects = demo_rects([screen], DEMO_WINDOWS, REAL_MINIMUM)
    assert all(screen.contains(rect) for rect in rects.values())
    assert rects["teller"].width == 721  # its minimum, not squeezed below it


def test_no_screen_is_an_error_no_window_is_nothing() -> None:
    with pytest.raises(ValueError, match="no screen"):
        demo_rects([])
    assert demo_rects([Rect(0, 0, 10, 10)], ()) == {}


@given(
    sizes=st.lists(
        st.tuples(st.integers(640, 3840), st.integers(480, 2160)), min_size=1, max_size=5
    ),
    origin=st.tuples(st.integers(-3000, 3000), st.integers(-3000, 3000)),
    count=st.integers(1, 6),
)
def test_every_window_lands_inside_one_screen_without_overlap(
    sizes: list[tuple[int, int]], origin: tuple[int, int], count: int
) -> None:
    screens, x = [], origin[0]
    for width, height in sizes:  # side by side, as a desktop arranges them
        screens.append(Rect(x, origin[1], width, height))
        x += width
    names = tuple(f"w{i}" for i in range(count))
    rects = demo_rects(screens, names)
    assert set(rects) == set(names)
    for rect in rects.values():
        assert rect.width > 0
        assert rect.height > 0
        _screen_of(rect, screens)  # inside one screen
    _no_overlaps(rects)


def test_tile_splits_an_area_into_as_many_pieces() -> None:
    area = Rect(100, 50, 1000, 600)
    for count in range(1, 7):
        pieces = tile(area, [(0, 0)] * count)
        assert len(pieces) == count
        assert all(area.contains(piece) for piece in pieces)
        assert sum(p.width * p.height for p in pieces) == area.width * area.height
