"""The one place the panel imports Qt from, so the binding and its quirks live in one file."""

from __future__ import annotations

import sys
from types import ModuleType

from PySide6.QtCore import (
    QEvent,
    QFileSystemWatcher,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QTimerEvent,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QIntValidator,
    QKeyEvent,
    QKeySequence,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QRadialGradient,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)


def _not_a_feature_user(module: ModuleType) -> bool:
    return False


def _skip_feature_scan() -> None:
    """Spare every later import a read of its source file.

    For its ``from __feature__ import …`` switches, PySide reads the source of each module imported
    after it to see whether it names PySide6 (at start-up some 300 files, a thirtieth of a second).
    The app switches no feature on, so every module can be taken as one that does not: PySide then
    leaves the way attributes are looked up as it is, which is what it does for such a module anyway.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _not_a_feature_user  # type: ignore[attr-defined]


_skip_feature_scan()

__all__ = [
    "QAbstractButton",
    "QAbstractItemView",
    "QAbstractScrollArea",
    "QAbstractSpinBox",
    "QApplication",
    "QBoxLayout",
    "QBrush",
    "QButtonGroup",
    "QCheckBox",
    "QCloseEvent",
    "QColor",
    "QComboBox",
    "QDialog",
    "QDoubleSpinBox",
    "QEvent",
    "QFileDialog",
    "QFileSystemWatcher",
    "QFont",
    "QFontMetrics",
    "QFrame",
    "QGridLayout",
    "QHBoxLayout",
    "QImage",
    "QIntValidator",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLayout",
    "QLayoutItem",
    "QLineEdit",
    "QLinearGradient",
    "QListWidget",
    "QListWidgetItem",
    "QMouseEvent",
    "QObject",
    "QPaintEvent",
    "QPainter",
    "QPainterPath",
    "QPalette",
    "QPen",
    "QPixmap",
    "QPlainTextEdit",
    "QPoint",
    "QPointF",
    "QPushButton",
    "QRadialGradient",
    "QRect",
    "QRectF",
    "QResizeEvent",
    "QScrollArea",
    "QScroller",
    "QScrollerProperties",
    "QShortcut",
    "QShowEvent",
    "QSize",
    "QSizePolicy",
    "QSlider",
    "QSpinBox",
    "QStackedWidget",
    "QStyle",
    "QStyleOptionButton",
    "QStylePainter",
    "QTest",
    "QTimer",
    "QTimerEvent",
    "QToolButton",
    "QToolTip",
    "QUndoCommand",
    "QUndoStack",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "Signal",
]
