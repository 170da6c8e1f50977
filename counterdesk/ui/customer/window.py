"""The customer-facing touch screen: welcome, now serving, pause and the rating prompt."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QPixmap,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.core.ratings import SHIPPED_REASONS, RatingScale, ReasonChoice
from counterdesk.core.staff import StaffMember
from counterdesk.ui.customer.parts import BigButton, FitLabel, StarRating, silhouette_pixmap
from counterdesk.ui.widgets.style import repolish

if TYPE_CHECKING:
    from counterdesk.ui.widgets.out_of_order import OutOfOrderPage

#: Smallest height of a score button: a comfortable target for a finger.
SCORE_BUTTON_MIN_HEIGHT = 120
REASON_BUTTON_MIN_HEIGHT = 96
SKIP_BUTTON_MIN_HEIGHT = 64
PHOTO_SIZE = QSize(220, 280)
_REASON_COLUMNS = 3
#: The pages' text sizes in pixels when they fit; on a narrow window they shrink (FitLabel).
TEXT_SIZES = {
    "welcome": 44,
    "title": 48,
    "ticket": 220,
    "business": 44,
    "reason": 34,
    "thanks": 60,
}
_PAGES = ("idle", "serving", "paused", "rating", "reasons", "thanks")


class CustomerWindow(QWidget):
    """The screen the customer sees and taps; it shows and emits, nothing more.

    Texts of the rating levels and reasons come from the core in the language set with
    :meth:`set_language`; the window's own texts go through Qt's translators.

    Signals:
        score_chosen(int): the customer tapped a score (once per :meth:`show_rating`).
        reasons_chosen(list): the customer submitted reasons for a low score: the codes of
            the reasons offered, in the order they were ticked (once per :meth:`show_reasons`).
        declined(): the customer pressed "Skip" on the score or the reasons page.
    """

    score_chosen = Signal(int)
    reasons_chosen = Signal(list)
    declined = Signal()

    def __init__(
        self,
        stylesheet: str = "",
        photo_dir: Path | None = None,
        language: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        """Build all pages and show the welcome page.

        Args:
            stylesheet: QSS text (``resources/styles/customer.qss``, read by the caller).
            photo_dir: where relative teller photo paths are resolved (the data dir).
            language: ``en`` or ``zh_CN``, for the rating level and reason labels.
            parent: the parent widget, normally None (a top-level window).
        """
        super().__init__(parent)
        self.setObjectName("CustomerWindow")
        # A top-level widget paints its QSS background only with this attribute.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._photo_dir = photo_dir
        self._language = language
        self._branch_name = ""
        self._teller: StaffMember | None = None
        self._scale: RatingScale | None = None
        self._score_open = False
        self._reasons_open = False
        self._ticked: list[str] = []
        self._reasons: tuple[ReasonChoice, ...] = ()
        self._score_buttons: dict[int, BigButton] = {}
        self._reason_buttons: dict[str, BigButton] = {}
        self._has_photo = False

        self._stack = QStackedWidget(self)
        self._pages: dict[str, QWidget] = {}
        self._build_idle()
        self._build_serving()
        self._build_paused()
        self._build_rating()
        self._build_reasons()
        self._build_thanks()
        for name in _PAGES:
            self._stack.addWidget(self._pages[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The window's size is the screen's: pages must not push a minimum size on it
        # (that also makes platforms without size hints warn).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self._stack)
        # Built on the first error: most days it is never shown.
        self._out_of_order: OutOfOrderPage | None = None

        if stylesheet:
            self.setStyleSheet(stylesheet)
        self._retranslate()
        self.show_idle("", None)

    # -- public API ---------------------------------------------------------------------

    def page(self) -> str:
        """Name of the visible page: idle, serving, paused, rating, reasons or thanks."""
        return _PAGES[self._stack.currentIndex()]

    def language(self) -> str:
        """The language of the rating level and reason labels."""
        return self._language

    def set_language(self, lang: str) -> None:
        """Show rating levels and reasons in ``en`` or ``zh_CN``."""
        self._language = lang
        self._label_score_buttons()
        self._label_reason_buttons()

    def show_idle(self, branch_name: str, teller: StaffMember | None) -> None:
        """Show the welcome page with the branch and the teller at this counter."""
        self._branch_name = branch_name
        self._teller = teller
        self._branch_label.setText(branch_name)
        self._branch_label.setVisible(bool(branch_name))
        self._teller_card.setVisible(teller is not None)
        if teller is not None:
            self._teller_name.setText(teller.name)
            # No star level yet (0 or none, as ``staff add`` leaves it): no stars, since a row
            # of empty stars reads as a bad rating to the customer.
            self._stars.set_value(teller.stars or 0.0)
            self._stars.setVisible(bool(teller.stars))
            self._show_photo(teller)
        self._retranslate_idle()
        self._set_page("idle")

    def show_serving(self, ticket_label: str, business_name: str) -> None:
        """Show the ticket being served and its business type."""
        self._ticket_label.setText(ticket_label)
        self._business_label.setText(business_name)
        self._set_page("serving")

    def show_paused(self, reason: str = "") -> None:
        """Ask customers to wait, with the pause reason when there is one."""
        self._pause_reason.setText(reason)
        self._pause_reason.setVisible(bool(reason))
        self._set_page("paused")

    def show_rating(self, scale: RatingScale) -> None:
        """Ask for a score: one big button per level of ``scale``, happiest first."""
        if scale != self._scale:
            self._scale = scale
            self._rebuild_score_buttons(scale)
        self._set_page("rating")
        self._score_open = True

    def show_reasons(self, reasons: Sequence[ReasonChoice] = SHIPPED_REASONS) -> None:
        """Ask why the score was low: a toggle per reason, submit once one is ticked.

        Args:
            reasons: the reasons the prompt offers, in order (head office's or the shipped).
        """
        if tuple(reasons) != self._reasons:
            self._rebuild_reason_buttons(tuple(reasons))
        self._ticked.clear()
        for button in self._reason_buttons.values():
            button.setChecked(False)
        self._label_reason_buttons()
        self._submit_button.setEnabled(False)
        self._set_page("reasons")
        self._reasons_open = True

    def show_thanks(self) -> None:
        """Thank the customer for the feedback."""
        self._set_page("thanks")

    def show_out_of_order(self) -> None:
        """Cover the pages with "please ask a member of staff" (after an error)."""
        if self._out_of_order is None:
            from counterdesk.ui.widgets.out_of_order import OutOfOrderPage

            self._out_of_order = OutOfOrderPage(self._stack)
        self._out_of_order.show_over()

    def clear_out_of_order(self) -> None:
        """Uncover the pages: the page of the desk's latest state shows again."""
        if self._out_of_order is not None:
            self._out_of_order.hide()

    def out_of_order(self) -> bool:
        """Whether the "please ask a member of staff" page covers the screen."""
        return self._out_of_order is not None and self._out_of_order.isVisibleTo(self)

    def has_photo(self) -> bool:
        """Whether the welcome page shows a real teller photo (not the placeholder)."""
        return self._has_photo

    def _set_page(self, name: str) -> None:
        # Leaving a question closes it: a late tap on a hidden button must not count.
        self._score_open = False
        self._reasons_open = False
        self._stack.setCurrentWidget(self._pages[name])

    # -- slots --------------------------------------------------------------------------

    @Slot(int)
    def _on_score_clicked(self, score: int) -> None:
        if not self._score_open:
            return
        self._score_open = False
        self.score_chosen.emit(score)

    @Slot()
    def _on_score_skipped(self) -> None:
        if not self._score_open:
            return
        self._score_open = False
        self.declined.emit()

    @Slot(int, bool)
    def _on_reason_toggled(self, index: int, checked: bool) -> None:
        reason = self._reasons[index].code
        if checked and reason not in self._ticked:
            self._ticked.append(reason)
        elif not checked and reason in self._ticked:
            self._ticked.remove(reason)
        self._label_reason_buttons()
        self._submit_button.setEnabled(bool(self._ticked))

    @Slot()
    def _on_reasons_submitted(self) -> None:
        if not self._reasons_open or not self._ticked:
            return
        self._reasons_open = False
        self.reasons_chosen.emit([str(reason) for reason in self._ticked])

    @Slot()
    def _on_reasons_skipped(self) -> None:
        if not self._reasons_open:
            return
        self._reasons_open = False
        self.declined.emit()

    # -- Qt overrides -------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Translate the window's own texts again when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # -- building the pages -------------------------------------------------------------

    def _new_page(self, name: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self)
        page.setObjectName(f"{name}Page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(24)
        self._pages[name] = page
        return page, layout

    @staticmethod
    def _label(object_name: str, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(object_name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    @staticmethod
    def _text(
        object_name: str, parent: QWidget, role: str, *, bold: bool = False, wrap: bool = True
    ) -> FitLabel:
        return FitLabel(object_name, TEXT_SIZES[role], bold=bold, wrap=wrap, parent=parent)

    def _build_idle(self) -> None:
        page, layout = self._new_page("idle")
        layout.setContentsMargins(0, 0, 0, 32)
        self._branch_label = self._label("branchName", page)
        self._branch_label.setWordWrap(False)
        layout.addWidget(self._branch_label)
        layout.addStretch(1)
        self._welcome_label = self._text("welcomeLine", page, "welcome", bold=True)
        # The page has no side margins (the branch band is full width); the text needs some.
        self._welcome_label.setContentsMargins(48, 0, 48, 0)
        layout.addWidget(self._welcome_label)
        layout.addStretch(1)

        self._teller_card = QWidget(page)
        self._teller_card.setObjectName("tellerCard")
        card = QHBoxLayout(self._teller_card)
        card.setSpacing(40)
        card.addStretch(1)
        self._photo = QLabel(self._teller_card)
        self._photo.setObjectName("tellerPhoto")
        self._photo.setFixedSize(PHOTO_SIZE)
        self._photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card.addWidget(self._photo)
        details = QVBoxLayout()
        details.setSpacing(16)
        details.addStretch(1)
        self._teller_name = QLabel(self._teller_card)
        self._teller_name.setObjectName("tellerName")
        details.addWidget(self._teller_name)
        self._staff_number = QLabel(self._teller_card)
        self._staff_number.setObjectName("staffNumber")
        details.addWidget(self._staff_number)
        self._stars = StarRating(self._teller_card)
        self._stars.setObjectName("tellerStars")
        details.addWidget(self._stars)
        details.addStretch(1)
        card.addLayout(details)
        card.addStretch(1)
        layout.addWidget(self._teller_card)
        layout.addStretch(2)

    def _build_serving(self) -> None:
        page, layout = self._new_page("serving")
        layout.addStretch(1)
        self._serving_caption = self._text("nowServingCaption", page, "title", bold=True)
        layout.addWidget(self._serving_caption)
        self._ticket_label = self._text("ticketLabel", page, "ticket", bold=True, wrap=False)
        layout.addWidget(self._ticket_label)
        self._business_label = self._text("businessName", page, "business")
        layout.addWidget(self._business_label)
        layout.addStretch(1)

    def _build_paused(self) -> None:
        page, layout = self._new_page("paused")
        layout.addStretch(1)
        self._paused_title = self._text("pausedTitle", page, "title", bold=True)
        layout.addWidget(self._paused_title)
        self._pause_reason = self._text("pauseReason", page, "reason")
        layout.addWidget(self._pause_reason)
        layout.addStretch(1)

    def _build_rating(self) -> None:
        page, layout = self._new_page("rating")
        layout.addStretch(1)
        self._rating_question = self._text("ratingQuestion", page, "title", bold=True)
        layout.addWidget(self._rating_question)
        layout.addSpacing(16)
        self._score_row = QHBoxLayout()
        self._score_row.setSpacing(20)
        layout.addLayout(self._score_row, 2)
        self._score_group = QButtonGroup(page)
        self._score_group.idClicked.connect(self._on_score_clicked)
        layout.addStretch(1)
        self._rating_skip = self._skip_button("ratingSkipButton", page)
        self._rating_skip.clicked.connect(self._on_score_skipped)
        layout.addWidget(self._rating_skip, 0, Qt.AlignmentFlag.AlignRight)

    def _build_reasons(self) -> None:
        page, layout = self._new_page("reasons")
        self._reasons_question = self._text("reasonsQuestion", page, "title", bold=True)
        layout.addWidget(self._reasons_question)
        grid = QGridLayout()
        grid.setSpacing(20)
        self._reason_group = QButtonGroup(page)
        self._reason_group.setExclusive(False)
        self._reason_grid = grid
        self._rebuild_reason_buttons(SHIPPED_REASONS, page)
        self._reason_group.idToggled.connect(self._on_reason_toggled)
        layout.addLayout(grid, 1)
        row = QHBoxLayout()
        row.setSpacing(24)
        self._reasons_skip = self._skip_button("reasonsSkipButton", page)
        self._reasons_skip.clicked.connect(self._on_reasons_skipped)
        row.addWidget(self._reasons_skip)
        row.addStretch(1)
        self._submit_button = QPushButton(page)
        self._submit_button.setObjectName("submitButton")
        self._submit_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._submit_button.setMinimumSize(280, REASON_BUTTON_MIN_HEIGHT)
        self._submit_button.clicked.connect(self._on_reasons_submitted)
        row.addWidget(self._submit_button)
        layout.addLayout(row)

    def _build_thanks(self) -> None:
        page, layout = self._new_page("thanks")
        layout.addStretch(1)
        self._thanks_title = self._text("thanksTitle", page, "thanks", bold=True)
        layout.addWidget(self._thanks_title)
        layout.addStretch(1)

    @staticmethod
    def _skip_button(object_name: str, parent: QWidget) -> QPushButton:
        button = QPushButton(parent)
        button.setObjectName(object_name)
        button.setProperty("skip", True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumSize(200, SKIP_BUTTON_MIN_HEIGHT)
        return button

    # -- filling in ---------------------------------------------------------------------

    def _rebuild_score_buttons(self, scale: RatingScale) -> None:
        for button in self._score_buttons.values():
            self._score_group.removeButton(button)
            self._score_row.removeWidget(button)
            # Detach now: deleteLater alone leaves the old buttons among the children until
            # the event loop runs.
            button.setParent(None)
            button.deleteLater()
        self._score_buttons.clear()
        page = self._pages["rating"]
        for level in scale.levels_desc():
            button = BigButton(f"score{level.score}Button", 36, bold=True, parent=page)
            button.setProperty("scoreButton", True)
            button.setProperty("level", level.key)
            button.label.setProperty("level", level.key)
            button.label.setProperty("levelText", True)
            button.setMinimumHeight(SCORE_BUTTON_MIN_HEIGHT)
            button.setMaximumHeight(SCORE_BUTTON_MIN_HEIGHT * 2)
            self._score_group.addButton(button, level.score)
            self._score_buttons[level.score] = button
            self._score_row.addWidget(button)
        peers = list(self._score_buttons.values())
        for button in peers:
            button.peers = peers
        self._label_score_buttons()

    def _label_score_buttons(self) -> None:
        if self._scale is None:
            return
        for score, button in self._score_buttons.items():
            button.set_label_text(self._scale.label(score, self._language))

    def _rebuild_reason_buttons(
        self, reasons: tuple[ReasonChoice, ...], page: QWidget | None = None
    ) -> None:
        for button in self._reason_buttons.values():
            self._reason_group.removeButton(button)
            self._reason_grid.removeWidget(button)
            # Detach now: deleteLater alone leaves the old buttons among the children.
            button.setParent(None)
            button.deleteLater()
        self._reason_buttons.clear()
        self._reasons = reasons
        page = page or self._pages["reasons"]
        for index, reason in enumerate(reasons):
            button = BigButton("reasonButton", 32, parent=page)
            self._reason_buttons[reason.code] = button
            button.label.setObjectName("reasonText")
            button.setCheckable(True)
            button.setMinimumHeight(REASON_BUTTON_MIN_HEIGHT)
            self._reason_group.addButton(button, index)
            self._reason_grid.addWidget(button, index // _REASON_COLUMNS, index % _REASON_COLUMNS)
            if page.isVisible():
                button.show()  # a child added to a shown page stays hidden otherwise
        peers = list(self._reason_buttons.values())
        for button in peers:
            button.peers = peers
        self._label_reason_buttons()

    def _label_reason_buttons(self) -> None:
        for reason in self._reasons:
            button = self._reason_buttons[reason.code]
            text = reason.label(self._language)
            # A tick as well as the colour, so the choice does not rely on colour alone.
            button.set_label_text(f"✓ {text}" if button.isChecked() else text)

    def _show_photo(self, teller: StaffMember) -> None:
        pixmap = QPixmap()
        if teller.photo:
            path = Path(teller.photo)
            if not path.is_absolute() and self._photo_dir is not None:
                path = self._photo_dir / path
            pixmap = QPixmap(str(path))
        self._has_photo = not pixmap.isNull()
        self._photo.ensurePolished()  # the style sheet's border narrows the contents
        frame = self._photo.contentsRect().size()
        if not self._has_photo:
            # A drawn figure, not initials: "L李" or "LN" reads as a fault, a silhouette as
            # "no photo on file".
            pixmap = silhouette_pixmap(frame, ratio=self.devicePixelRatioF())
            self._photo.setAccessibleName(self.tr("No photo"))
        else:
            pixmap = pixmap.scaled(
                frame,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            self._photo.setAccessibleName(self.tr("Photo of %1").replace("%1", teller.name))
        self._photo.setText("")
        self._photo.setPixmap(pixmap)
        self._photo.setProperty("placeholder", not self._has_photo)
        repolish(self._photo)

    def _retranslate_idle(self) -> None:
        if self._teller is None:
            self._welcome_label.setText(self.tr("Welcome! Please wait for your number."))
            self._staff_number.clear()
        else:
            self._welcome_label.setText(self.tr("Welcome! I am glad to serve you today."))
            self._staff_number.setText(
                self.tr("Staff No. {number}").format(number=self._teller.staff_no)
            )

    def _retranslate(self) -> None:
        self._retranslate_idle()
        self._serving_caption.setText(self.tr("Now serving"))
        self._paused_title.setText(self.tr("Service paused — please wait"))
        self._rating_question.setText(self.tr("How satisfied are you with this service?"))
        self._reasons_question.setText(self.tr("What could we do better? Tap all that apply."))
        self._submit_button.setText(self.tr("Submit"))
        self._rating_skip.setText(self.tr("Skip"))
        self._reasons_skip.setText(self.tr("Skip"))
        self._thanks_title.setText(self.tr("Thank you for your feedback"))
        if self._out_of_order is not None:
            self._out_of_order.retranslate()
