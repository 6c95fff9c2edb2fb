"""Allows `python -m ambience`."""

from ambience.cli import main

raise SystemExit(main())
