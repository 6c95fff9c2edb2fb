"""The clients screen."""
