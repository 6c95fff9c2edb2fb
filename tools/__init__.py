"""Developer tools: the bundled music generator and the screenshot maker (not shipped in the wheel)."""
