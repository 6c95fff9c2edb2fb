"""The music backend on pygame's mixer: the player, its crossfading decks, the mixer and track tags."""
