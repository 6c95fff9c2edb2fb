"""The TP-Link Kasa/Tapo backend on python-kasa: lights, plugs and thermostats, their links and errors."""
