"""The customer screen: what each page shows and what the customer's taps emit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from counterdesk.core.ratings import RatingScale, Reason
from counterdesk.core.staff import Role, StaffMember
from counterdesk.ui.customer.parts import BigButton, StarRating
from counterdesk.ui.customer.window import SCORE_BUTTON_MIN_HEIGHT, CustomerWindow

STYLESHEET = Path(__file__).resolve().parents[3] / "resources" / "styles" / "customer.qss"
TELLER = StaffMember("100234", "Li Na Zhang", Role.TELLER, stars=4.5)


@pytest.fixture
def window(qtbot: QtBot) -> CustomerWindow:
    w = CustomerWindow(stylesheet=STYLESHEET.read_text(encoding="utf-8"))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    with qtbot.waitExposed(w):
        w.show()
    return w


def text_of(w: QWidget, name: str) -> str:
    label = w.findChild(QLabel, name)
    assert label is not None, name
    return label.text()


def button(w: QWidget, name: str) -> QPushButton:
    found = w.findChild(QPushButton, name)
    assert found is not None, name
    return found


def score_buttons(w: CustomerWindow) -> list[BigButton]:
    buttons = [b for b in w.findChildren(BigButton) if b.objectName().startswith("score")]
    # Left to right, as the customer sees them.
    return sorted(buttons, key=lambda b: b.mapTo(w, b.rect().topLeft()).x())


def reason_buttons(w: CustomerWindow) -> dict[Reason, BigButton]:
    buttons = [b for b in w.findChildren(BigButton) if b.objectName() == "reasonButton"]
    assert len(buttons) == len(Reason)
    english = {reason.label("en"): reason for reason in Reason}
    chinese = {reason.label("zh_CN"): reason for reason in Reason}
    by_reason = {}
    for b in buttons:
        text = b.label_text().removeprefix("✓ ")
        by_reason[english.get(text) or chinese[text]] = b
    return by_reason


def click(qtbot: QtBot, b: QWidget) -> None:
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


# -- the pages -----------------------------------------------------------------------------


def test_idle_shows_branch_and_teller(window: CustomerWindow) -> None:
    window.show_idle("Chaoyang Sub-branch", TELLER)

    assert window.page() == "idle"
    assert text_of(window, "branchName") == "Chaoyang Sub-branch"
    assert text_of(window, "tellerName") == "Li Na Zhang"
    assert "100234" in text_of(window, "staffNumber")
    assert text_of(window, "welcomeLine")
    stars = window.findChild(StarRating, "tellerStars")
    assert stars is not None
    assert stars.value() == 4.5
    assert stars.isVisible()
    # No photo: a drawn placeholder, no initials.
    assert not window.has_photo()
    assert_placeholder(window)


def test_idle_rounds_stars_to_half(window: CustomerWindow) -> None:
    window.show_idle("Branch", StaffMember("1", "A", Role.TELLER, stars=3.8))

    stars = window.findChild(StarRating, "tellerStars")
    assert stars is not None
    assert stars.value() == 4.0


def test_idle_shows_no_stars_for_a_teller_without_a_star_level(window: CustomerWindow) -> None:
    window.show_idle("Branch", StaffMember("100999", "New Teller", Role.TELLER))

    stars = window.findChild(StarRating, "tellerStars")
    assert stars is not None
    assert not stars.isVisible()
    assert text_of(window, "tellerName") == "New Teller"

    # The next teller at the counter has a pulled star level: it shows again.
    window.show_idle("Branch", TELLER)
    assert stars.isVisible()
    assert stars.value() == 4.5


def test_idle_shows_photo_relative_to_photo_dir(qtbot: QtBot, tmp_path: Path) -> None:
    pixmap = QPixmap(30, 40)
    pixmap.fill(QColor("steelblue"))
    assert pixmap.save(str(tmp_path / "li.png"))
    w = CustomerWindow(photo_dir=tmp_path)
    qtbot.addWidget(w)

    w.show_idle("Branch", StaffMember("1", "Li", Role.TELLER, photo="li.png"))
    assert w.has_photo()

    w.show_idle("Branch", StaffMember("1", "Li", Role.TELLER, photo="missing.png"))
    assert not w.has_photo()
    assert_placeholder(w)

    w.show_idle("Branch", StaffMember("1", "Li", Role.TELLER, photo="li.png"))
    assert w.has_photo()
    photo = w.findChild(QLabel, "tellerPhoto")
    assert isinstance(photo, QLabel)
    assert photo.property("placeholder") is False


def assert_placeholder(window: CustomerWindow) -> None:
    """The photo frame shows a drawn figure: no text, a picture, marked as the placeholder."""
    photo = window.findChild(QLabel, "tellerPhoto")
    assert isinstance(photo, QLabel)
    assert photo.text() == ""
    assert photo.property("placeholder") is True
    assert photo.accessibleName() == "No photo"
    image = photo.pixmap().toImage()
    assert not image.isNull()
    # A figure in the middle, the frame's own background showing at the corners.
    assert image.pixelColor(image.width() // 2, int(image.height() * 0.35)).alpha() == 255
    assert image.pixelColor(2, 2).alpha() == 0


def test_a_chinese_name_without_photo_shows_the_figure_not_a_character(
    window: CustomerWindow,
) -> None:
    window.show_idle("Branch", StaffMember("1001", "Li Na 李娜", Role.TELLER))
    assert not window.has_photo()
    assert_placeholder(window)


def test_idle_without_teller_hides_the_teller(window: CustomerWindow) -> None:
    window.show_idle("Chaoyang Sub-branch", TELLER)
    window.show_idle("Chaoyang Sub-branch", None)

    assert window.page() == "idle"
    name = window.findChild(QLabel, "tellerName")
    assert name is not None
    assert not name.isVisible()
    assert text_of(window, "welcomeLine")


def test_serving_shows_ticket_and_business(window: CustomerWindow) -> None:
    window.show_serving("A007", "Personal deposit")

    assert window.page() == "serving"
    assert text_of(window, "nowServingCaption") == "Now serving"
    assert text_of(window, "ticketLabel") == "A007"
    assert text_of(window, "businessName") == "Personal deposit"


def test_paused_shows_the_reason_only_when_given(window: CustomerWindow) -> None:
    window.show_paused("Lunch break")

    assert window.page() == "paused"
    assert text_of(window, "pausedTitle") == "Service paused — please wait"
    reason = window.findChild(QLabel, "pauseReason")
    assert reason is not None
    assert reason.text() == "Lunch break"
    assert reason.isVisible()

    window.show_paused()
    assert not reason.isVisible()


def test_thanks(window: CustomerWindow) -> None:
    window.show_thanks()

    assert window.page() == "thanks"
    assert text_of(window, "thanksTitle") == "Thank you for your feedback"


# -- rating --------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [3, 4, 5])
def test_rating_has_one_big_button_per_level_happiest_first(
    window: CustomerWindow, levels: int
) -> None:
    scale = RatingScale(levels)
    window.show_rating(scale)

    assert window.page() == "rating"
    assert text_of(window, "ratingQuestion") == "How satisfied are you with this service?"
    buttons = score_buttons(window)
    assert [b.label_text() for b in buttons] == [level.label_en for level in scale.levels_desc()]
    assert all(b.height() >= SCORE_BUTTON_MIN_HEIGHT for b in buttons)
    assert [b.property("level") for b in buttons] == [lv.key for lv in scale.levels_desc()]


def test_rating_scale_can_change_between_prompts(window: CustomerWindow) -> None:
    window.show_rating(RatingScale(5))
    window.show_rating(RatingScale(3))

    assert len(score_buttons(window)) == 3


def test_score_click_emits_the_score_once(qtbot: QtBot, window: CustomerWindow) -> None:
    window.show_rating(RatingScale(5))
    buttons = score_buttons(window)

    with qtbot.waitSignal(window.score_chosen) as blocker:
        click(qtbot, buttons[1])  # "satisfied"
    assert blocker.args == [4]

    with qtbot.assertNotEmitted(window.score_chosen), qtbot.assertNotEmitted(window.declined):
        click(qtbot, buttons[1])
        click(qtbot, buttons[4])
        click(qtbot, button(window, "ratingSkipButton"))


def test_next_prompt_accepts_a_score_again(qtbot: QtBot, window: CustomerWindow) -> None:
    window.show_rating(RatingScale(3))
    with qtbot.waitSignal(window.score_chosen):
        click(qtbot, score_buttons(window)[0])

    window.show_rating(RatingScale(3))
    with qtbot.waitSignal(window.score_chosen) as blocker:
        click(qtbot, score_buttons(window)[2])
    assert blocker.args == [1]


def test_rating_skip_declines_once(qtbot: QtBot, window: CustomerWindow) -> None:
    window.show_rating(RatingScale(5))

    with qtbot.waitSignal(window.declined):
        click(qtbot, button(window, "ratingSkipButton"))
    with qtbot.assertNotEmitted(window.score_chosen), qtbot.assertNotEmitted(window.declined):
        click(qtbot, score_buttons(window)[0])
        click(qtbot, button(window, "ratingSkipButton"))


def test_leaving_the_prompt_ignores_late_taps(qtbot: QtBot, window: CustomerWindow) -> None:
    window.show_rating(RatingScale(5))
    buttons = score_buttons(window)
    window.show_serving("A008", "Deposit")

    with qtbot.assertNotEmitted(window.score_chosen):
        buttons[0].click()


# -- reasons -------------------------------------------------------------------------------


def test_reasons_submit_emits_the_ticked_reasons_in_order(
    qtbot: QtBot, window: CustomerWindow
) -> None:
    window.show_reasons()
    assert window.page() == "reasons"
    reasons = reason_buttons(window)
    submit = button(window, "submitButton")
    assert submit.text() == "Submit"
    assert not submit.isEnabled()

    click(qtbot, reasons[Reason.KNOWLEDGE])
    assert submit.isEnabled()
    click(qtbot, reasons[Reason.WAITING])
    click(qtbot, reasons[Reason.OTHER])
    click(qtbot, reasons[Reason.OTHER])  # changed their mind
    assert reasons[Reason.KNOWLEDGE].isChecked()
    assert not reasons[Reason.OTHER].isChecked()

    with qtbot.waitSignal(window.reasons_chosen) as blocker:
        click(qtbot, submit)
    assert blocker.args == [["knowledge", "waiting"]]

    with qtbot.assertNotEmitted(window.reasons_chosen), qtbot.assertNotEmitted(window.declined):
        click(qtbot, submit)
        click(qtbot, button(window, "reasonsSkipButton"))


def test_reasons_submit_needs_a_reason(qtbot: QtBot, window: CustomerWindow) -> None:
    window.show_reasons()
    reasons = reason_buttons(window)
    submit = button(window, "submitButton")

    click(qtbot, reasons[Reason.ATTITUDE])
    click(qtbot, reasons[Reason.ATTITUDE])

    assert not submit.isEnabled()
    with qtbot.assertNotEmitted(window.reasons_chosen):
        click(qtbot, submit)


def test_reasons_skip_declines(qtbot: QtBot, window: CustomerWindow) -> None:
    window.show_reasons()

    with qtbot.waitSignal(window.declined), qtbot.assertNotEmitted(window.reasons_chosen):
        click(qtbot, button(window, "reasonsSkipButton"))


def test_reasons_start_unticked_each_time(qtbot: QtBot, window: CustomerWindow) -> None:
    window.show_reasons()
    click(qtbot, reason_buttons(window)[Reason.WAITING])
    with qtbot.waitSignal(window.reasons_chosen):
        click(qtbot, button(window, "submitButton"))

    window.show_reasons()

    assert not any(b.isChecked() for b in reason_buttons(window).values())
    assert not button(window, "submitButton").isEnabled()


# -- language ------------------------------------------------------------------------------


def test_chinese_labels(window: CustomerWindow) -> None:
    window.set_language("zh_CN")
    window.show_rating(RatingScale(5))
    window.show_reasons()

    assert [b.label_text() for b in score_buttons(window)] == [
        "非常满意",
        "满意",
        "一般",
        "不满意",
        "非常不满意",
    ]
    labels = {reason: b.label_text() for reason, b in reason_buttons(window).items()}
    assert labels[Reason.WAITING] == "等候时间过长"
    assert labels[Reason.OTHER] == "其他"


def test_switching_language_relabels_the_open_prompt(window: CustomerWindow) -> None:
    window.show_rating(RatingScale(3))
    window.set_language("zh_CN")

    assert [b.label_text() for b in score_buttons(window)] == ["满意", "一般", "不满意"]

    window.set_language("en")
    assert [b.label_text() for b in score_buttons(window)] == [
        "Satisfied",
        "Neutral",
        "Dissatisfied",
    ]
