"""The owner's studio settings screen: every setting declared on the rooms config, with its editor."""
