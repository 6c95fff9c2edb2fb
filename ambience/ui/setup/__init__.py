"""The owner's screens: the Devices page (the device list, a device's details, where the music plays)."""
