"""The calendars screen."""
