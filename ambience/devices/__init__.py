"""Device capabilities (light, switch, thermostat, music player), readings, errors and the simulated twin.

Backends live in subpackages: ``kasa`` (python-kasa) and ``audio`` (pygame's mixer). Imports
nothing of the app; only ``ambience.engine`` and ``ambience.setup`` import it.
"""
