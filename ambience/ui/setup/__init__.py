"""The owner's Devices page: the page, its device list, a device's details, the music choice, the account."""
