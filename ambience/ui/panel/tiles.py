"""The preset tiles of a room: name, colour, length and a one-line summary; touch one, then Start.

The chosen tile opens to show the preset's description, and its detail under the grid draws the
whole session small (the timeline chart) with each phase's levels. A preset file that is broken
has a tile too, under its own name, that says it cannot start and why (a touch shows every
reason). The tiles follow the library: a preset saved, changed on disk or deleted shows within
seconds, in the owner's order. The grid scrolls under a finger.
"""

from __future__ import annotations

from ambience.config.catalog import LibraryEntry, Source
from ambience.config.library import LoadedPreset, PresetError
from ambience.session.plan import SessionPlan
from ambience.session.profile import session_profile
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
from ambience.ui.timeline_chart import TimelineChart
from ambience.ui.touch import kinetic
from ambience.ui.widgets import ElidedButton, ElidedLabel, set_role, set_text, text_label, touch_button

TILE_MIN_W = 290
TILE_H = 116


class PresetTile(QFrame):
    """A large tile for one preset; touching it selects it (it grows to fit a long name)."""

    clicked = Signal()

    def __init__(self, loaded: LoadedPreset, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._begin(loaded, None, "tile")
        preset = loaded.preset
        self.setCursor(Qt.CursorShape.PointingHandCursor)

        stripe = QFrame()
        stripe.setFixedWidth(8)
        stripe.setStyleSheet(f"background: {preset.color}; border-radius: 4px; border: none;")
        self.name = text_label(preset.name, "tile-name", wrap=True)
        self.length = text_label(length_text(preset.minutes), "tile-length")
        summary = preset_summary(loaded)
        if preset.diffuser.enabled and preset.diffuser.blend:
            summary += f" · {preset.diffuser.blend}"
        self.summary = text_label(summary, "tile-summary", wrap=True)
        self.description = text_label(preset.description, "tile-description", wrap=True)
        self.description.hide()  # shown while the tile is the chosen one
        stripe.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 10, 12, 10)
        layout.setSpacing(12)
        layout.addWidget(stripe)
        layout.addLayout(self._words(self.description), 1)

    def _begin(self, loaded: LoadedPreset | None, entry: LibraryEntry | None, role: str) -> None:
        """What every tile is: what it stands for, not chosen, as tall as a touch needs."""
        self.loaded = loaded
        self.entry = entry
        self._checked = False
        self.setProperty("role", role)
        self.setMinimumHeight(TILE_H)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def _words(self, *under: QWidget) -> QVBoxLayout:
        """The name, the length at its right, the summary and ``under`` below; touches go to the tile."""
        for label in (self.name, self.length, self.summary, *under):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.name, 1)
        top.addWidget(self.length, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        words = QVBoxLayout()
        words.setSpacing(4)
        words.addLayout(top)
        for widget in (self.summary, *under):
            words.addWidget(widget)
        words.addStretch(1)
        return words

    @property
    def name_text(self) -> str:
        return self.name.text()

    @property
    def checked(self) -> bool:
        return self._checked

    def set_checked(self, checked: bool) -> None:
        if checked != self._checked:
            self._checked = checked
            set_role(self, self._role(checked))
            description = getattr(self, "description", None)
            if description is not None:
                description.setVisible(checked and bool(description.text()))

    def _role(self, checked: bool) -> str:
        return "tile-checked" if checked else "tile"

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class BrokenTile(PresetTile):
    """A preset file that cannot be used: its name, "cannot start", and the first reason."""

    def __init__(self, entry: LibraryEntry, parent: QWidget | None = None) -> None:
        QFrame.__init__(self, parent)
        self._begin(None, entry, "tile-broken")
        self.name = text_label(entry.name, "tile-name", wrap=True)
        self.length = text_label("⚠ Can't start", "tile-broken-mark")
        reasons = entry.reasons()
        more = f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""
        where = "your" if entry.source is Source.OWNER else "the bundled"
        self.summary = text_label(
            f"This file of {where} presets has a problem: {reasons[0] if reasons else '?'}{more}. "
            "Touch to read why; the owner fixes it in Presets.",
            "tile-summary",
            wrap=True,
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 12, 10)
        layout.addLayout(self._words(), 1)

    def _role(self, checked: bool) -> str:
        return "tile-broken-checked" if checked else "tile-broken"


class TileDetail(QFrame):
    """The chosen preset, before Start: the whole session small, and each phase's levels."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.chart = TimelineChart(compact=True)
        self.chart.setMinimumHeight(70)
        self.phases = text_label("", "faint", wrap=True)
        self.about = text_label("", "faint", wrap=True)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.phases)
        words.addWidget(self.about)
        words.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(12)
        layout.addWidget(self.chart, 3)
        layout.addLayout(words, 2)

    def show_preset(self, loaded: LoadedPreset | None) -> None:
        self.setVisible(loaded is not None)
        if loaded is None:
            return
        preset = loaded.preset
        plan = SessionPlan.from_preset(preset, tracks=lambda entries: entries)
        self.chart.set_profile(session_profile(plan))
        lines = []
        for phase in preset.resolved_phases():
            parts = [f"{phase.name} {phase.seconds / 60:g}′", f"{phase.lighting.level:g} %"]
            parts.append(f"{phase.climate.target_c:g} °C")
            music = phase.music.enabled and bool(phase.music.playlist)
            parts.append(f"♪ {phase.music.volume:g} %" if music else "silent")
            if phase.diffuser.enabled:
                parts.append("scent")
            lines.append(" · ".join(parts))
        set_text(self.phases, "\n".join(lines))
        blend = preset.diffuser.blend if preset.diffuser.enabled else ""
        set_text(self.about, f"Essential oil: {blend}" if blend else "")
        self.about.setVisible(bool(blend))


class TilesView(QWidget):
    """Every preset offered in the room, in a grid that reflows with the window's width."""

    selected = Signal(object)  # LoadedPreset, or None for a broken preset
    broken_touched = Signal(object)  # LibraryEntry: a broken tile touched while chosen

    def __init__(
        self,
        presets: list[LoadedPreset],
        errors: list[PresetError],
        parent: QWidget | None = None,
        *,
        entries: list[LibraryEntry] | None = None,
    ) -> None:
        super().__init__(parent)
        if entries is not None:
            errors = []  # a broken file has its own tile
        self.tiles = self._make_tiles(presets, entries)
        self._current: PresetTile | None = None
        self._columns = 0
        self.detail = TileDetail()
        self.detail.hide()

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
        self.empty.setVisible(not self.tiles)

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
        layout.addWidget(self.detail)
        self._reflow(3)

    def _make_tiles(
        self, presets: list[LoadedPreset], entries: list[LibraryEntry] | None
    ) -> list[PresetTile]:
        tiles: list[PresetTile] = []
        if entries is None:
            tiles = [PresetTile(p) for p in presets]
        else:
            for entry in entries:
                tile = PresetTile(entry.loaded) if entry.loaded is not None else BrokenTile(entry)
                tile.entry = entry
                tiles.append(tile)
        for tile in tiles:
            tile.clicked.connect(lambda tile=tile: self._touched(tile))
        return tiles

    def set_entries(self, entries: list[LibraryEntry]) -> None:
        """The library changed: new tiles, in its order, the same one chosen if it is still there."""
        chosen = self._current.name_text if self._current is not None else None
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = self._make_tiles([], entries)
        self._current = None
        self.empty.setVisible(not self.tiles)
        columns, self._columns = self._columns, 0
        self._reflow(columns or 3)
        again = next((t for t in self.tiles if t.name_text == chosen), None)
        if again is not None:
            self._choose(again)
        else:
            self.detail.show_preset(None)
            self.selected.emit(None)

    @property
    def current(self) -> LoadedPreset | None:
        return self._current.loaded if self._current is not None else None

    @property
    def current_entry(self) -> LibraryEntry | None:
        return self._current.entry if self._current is not None else None

    def tile(self, name: str) -> PresetTile:
        return next(t for t in self.tiles if t.name_text == name)

    def names(self) -> list[str]:
        """The tiles' names, in their order."""
        return [t.name_text for t in self.tiles]

    def select(self, loaded: LoadedPreset) -> None:
        for tile in self.tiles:
            if tile.loaded is loaded:
                self._choose(tile)

    def _touched(self, tile: PresetTile) -> None:
        if tile is self._current and isinstance(tile, BrokenTile):
            self.broken_touched.emit(tile.entry)
            return
        self._choose(tile)
        if isinstance(tile, BrokenTile):
            self.broken_touched.emit(tile.entry)

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
        self.detail.show_preset(chosen.loaded)
        self.selected.emit(chosen.loaded)

    def problem_text(self) -> str:
        """Every file that could not be read, with its field and reason, one per line."""
        return "\n".join(f"• {error}" for error in self.errors)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The detail never takes more than about a quarter of the view from the tiles.
        self.detail.setMaximumHeight(max(84, self.height() // 4))
        self.detail.chart.setMinimumHeight(max(70, min(220, self.height() // 5)))
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
