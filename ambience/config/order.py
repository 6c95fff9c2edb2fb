"""The tiles' order and the bundled presets the owner hides: ``library.toml`` in the owner's folder.

Kept beside the owner's presets, so several computers sharing a presets folder show the same
tiles in the same order. Names are compared without regard to case; a name that no preset has
(any more) is harmless and kept, so a preset that comes back takes its old place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Final, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field

from ambience.config.reading import read_model_if_there
from ambience.config.storage import atomic_write_text

ORDER_FILE: Final = "library.toml"
MAX_NAMES: Final = 1000

Names = Annotated[tuple[Annotated[str, Field(max_length=200)], ...], Field(max_length=MAX_NAMES)]


class LibraryOrder(BaseModel):
    """Preset names in the order their tiles come, and the names hidden from the panel."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: Literal[1] = Field(1, alias="schema")
    order: Names = ()
    hidden: Names = ()

    def rank(self, name: str) -> int:
        """Where ``name`` comes (names not in the order come after all of them)."""
        keys = [n.casefold() for n in self.order]
        key = name.casefold()
        return keys.index(key) if key in keys else len(keys)

    def is_hidden(self, name: str) -> bool:
        return name.casefold() in {n.casefold() for n in self.hidden}

    def with_order(self, names: Sequence[str]) -> LibraryOrder:
        """``names`` first, in that order; names known before but not given keep their place after."""
        given = {n.casefold() for n in names}
        rest = [n for n in self.order if n.casefold() not in given]
        return self.model_copy(update={"order": (*names, *rest)})

    def with_hidden(self, name: str, hidden: bool) -> LibraryOrder:
        names = [n for n in self.hidden if n.casefold() != name.casefold()]
        if hidden:
            names.append(name)
        return self.model_copy(update={"hidden": tuple(names)})

    def renamed(self, old: str, new: str) -> LibraryOrder:
        """The same places for a preset that changed its name."""

        def swap(names: Iterable[str]) -> tuple[str, ...]:
            return tuple(new if n.casefold() == old.casefold() else n for n in names)

        return self.model_copy(update={"order": swap(self.order), "hidden": swap(self.hidden)})


def order_path(folder: Path) -> Path:
    return Path(folder) / ORDER_FILE


def load_order(folder: Path | None) -> LibraryOrder:
    """The order kept in ``folder``; none kept (or no folder) is the default order.

    Raises InvalidFile for a file that cannot be read: the panel then keeps the default order
    and says why, and saving a new order never overwrites it unasked.
    """
    if folder is None:
        return LibraryOrder()
    return read_model_if_there(order_path(folder), LibraryOrder)


def save_order(order: LibraryOrder, folder: Path) -> None:
    data = order.model_dump(mode="json", by_alias=True)
    text = "# The order of the preset tiles, and the bundled presets hidden from the panel.\n"
    atomic_write_text(order_path(folder), text + tomli_w.dumps(data))
