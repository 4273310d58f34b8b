"""Expected failures that stop a command: the CLI prints the message and exits 2."""

from __future__ import annotations


class QingdanError(Exception):
    """A failure with a user-facing Chinese message; never shown as a traceback."""
