"""The owner's device set-up without Qt: discover and identify Kasa devices, the TP-Link account,
where each room's music plays, and placing devices in the rooms config.

Imports ``ambience.devices`` and ``ambience.config``; the UI's set-up screens import it.
"""
