"""Device capabilities (light, switch, thermostat, music player) and their backends."""
