"""The owner's preset editor: the library list, a form for every field, the timeline chart, try in room."""
