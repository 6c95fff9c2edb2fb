"""The editor's tests: a panel on the studio's own library, the owner's folder in a temporary place."""

from __future__ import annotations

import pytest

from tests.ui.conftest import build_panel, tear_down


@pytest.fixture
def studio_panel(loop, qtbot, tmp_path):
    p = build_panel(
        qtbot, tmp_path / "presets", demo=False, config_path=tmp_path / "rooms.toml", studio_library=True
    )
    yield p
    tear_down(p)
