"""The room engine: clock, scheduling, the reconciler that drives devices, the studio, the device factory.

Imports ``ambience.devices``, ``ambience.config`` and ``ambience.session``. The UI, the journal
and the headless runner import it; it re-exports the device reading types they show
(``ambience.engine.readings``), so nothing above it needs ``ambience.devices``.
"""
