"""Allows `python -m ambience`."""

from ambience.launch import main

raise SystemExit(main())
