"""Tests of the session journal and restoring sessions after a restart."""
