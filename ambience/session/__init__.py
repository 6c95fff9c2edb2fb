"""The session model, pure: presets, the plan built from one, the timeline and the room state.

No disk, no clock, no devices: everything here is a function of its arguments. Anything in the
app may import it; it imports nothing of the app.
"""
