"""The owner's device set-up without Qt: ``service.DeviceSetup`` holds the rooms config being
edited and what was found, and carries out the Devices page's intents; ``placement`` edits the
rooms config, ``kasa`` talks to Kasa/Tapo devices, ``account`` keeps the TP-Link account,
``music`` chooses where each room's music plays.

Imports ``ambience.devices``, ``ambience.engine`` and ``ambience.config``; the UI's set-up
screens import it, never ``ambience.devices`` themselves.
"""
