"""Scripts that measure ambience and print figures."""
