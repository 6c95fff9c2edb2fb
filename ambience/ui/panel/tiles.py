"""The preset tiles of a room: name, colour, length and a one-line summary; touch one, then Start.

The chosen tile opens to show the preset's description; presets that could not be read are
named in a notice a finger can open for the reasons. The grid scrolls under a finger.
"""

from __future__ import annotations

from ambience.config.library import LoadedPreset, PresetError
from ambience.ui.describe import length_text, preset_summary
from ambience.ui.qt import (
    QFontMetrics,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QMouseEvent,
    QResizeEvent,
    QScrollArea,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ambience.ui.touch import kinetic
from ambience.ui.widgets import ElidedButton, ElidedLabel, set_role, set_text, text_label, touch_button

TILE_MIN_W = 290
TILE_H = 116


class PresetTile(QFrame):
    """A large tile for one preset; touching it selects it (it grows to fit a long name)."""

    clicked = Signal()

    def __init__(self, loaded: LoadedPreset, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loaded = loaded
        self._checked = False
        preset = loaded.preset
        self.setProperty("role", "tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumHeight(TILE_H)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        stripe = QFrame()
        stripe.setFixedWidth(8)
        stripe.setStyleSheet(f"background: {preset.color}; border-radius: 4px; border: none;")
        self.name = text_label(preset.name, "tile-name", wrap=True)
        self.length = text_label(length_text(preset.minutes), "tile-length")
        self.summary = text_label(preset_summary(loaded), "tile-summary", wrap=True)
        self.description = text_label(preset.description, "tile-description", wrap=True)
        self.description.hide()  # shown while the tile is the chosen one
        for label in (self.name, self.length, self.summary, self.description):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        stripe.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.name, 1)
        top.addWidget(self.length, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        words = QVBoxLayout()
        words.setSpacing(4)
        words.addLayout(top)
        words.addWidget(self.summary)
        words.addWidget(self.description)
        words.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 10, 12, 10)
        layout.setSpacing(12)
        layout.addWidget(stripe)
        layout.addLayout(words, 1)

    @property
    def checked(self) -> bool:
        return self._checked

    def set_checked(self, checked: bool) -> None:
        if checked != self._checked:
            self._checked = checked
            set_role(self, "tile-checked" if checked else "tile")
            self.description.setVisible(checked and bool(self.description.text()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class TilesView(QWidget):
    """Every preset offered in the room, in a grid that reflows with the window's width."""

    selected = Signal(object)  # LoadedPreset

    def __init__(
        self, presets: list[LoadedPreset], errors: list[PresetError], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tiles = [PresetTile(p) for p in presets]
        for tile in self.tiles:
            tile.clicked.connect(lambda tile=tile: self._choose(tile))
        self._current: PresetTile | None = None
        self._columns = 0

        self.heading = ElidedLabel("Choose a preset, then Start", "heading")
        self.errors = errors
        # The files that could not be read, named; a tap shows each one's field and reason.
        self.problems = ElidedButton()
        self.problems.setProperty("role", "notice")
        self.problems.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if errors:
            count = "1 preset file" if len(errors) == 1 else f"{len(errors)} preset files"
            set_text(self.problems, f"⚠ {count} could not be read · why?")
        self.problems.setVisible(bool(errors))
        # The room's music warnings: a tap shows them (set up by the room page).
        self.notice_button = touch_button("", "notice")
        self.notice_button.hide()
        self.empty = text_label(
            "No presets for this room yet. Add preset files to the library folder.", "muted", wrap=True
        )
        self.empty.setVisible(not presets)

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(12)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.grid_host)
        kinetic(scroll)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.heading, 1)
        top.addWidget(self.problems)
        top.addWidget(self.notice_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        self._reflow(3)

    @property
    def current(self) -> LoadedPreset | None:
        return self._current.loaded if self._current is not None else None

    def tile(self, name: str) -> PresetTile:
        return next(t for t in self.tiles if t.loaded.name == name)

    def select(self, loaded: LoadedPreset) -> None:
        for tile in self.tiles:
            if tile.loaded is loaded:
                self._choose(tile)

    def move_selection(self, step: int) -> None:
        """Arrow keys: move the selection through the tiles."""
        if not self.tiles:
            return
        index = self.tiles.index(self._current) + step if self._current is not None else 0
        self._choose(self.tiles[max(0, min(len(self.tiles) - 1, index))])

    def _choose(self, chosen: PresetTile) -> None:
        for tile in self.tiles:
            tile.set_checked(tile is chosen)
        self._current = chosen
        self.scroll_area.ensureWidgetVisible(chosen, 0, 0)
        self.selected.emit(chosen.loaded)

    def problem_text(self) -> str:
        """Every file that could not be read, with its field and reason, one per line."""
        return "\n".join(f"• {error}" for error in self.errors)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A tile needs about 16 lines' height of width to keep the summary on two lines.
        tile_w = max(TILE_MIN_W, 16 * QFontMetrics(self.font()).height())
        self._reflow(max(2, min(4, (self.width() - 32) // (tile_w + 12))))

    def _reflow(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, index // columns, index % columns)
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        rows = -(-len(self.tiles) // columns)
        for row in range(len(self.tiles) + 2):
            self.grid.setRowStretch(row, 1 if row == rows else 0)
