from __future__ import annotations


class IngestError(Exception):
    """A document could not be read; ``str()`` names the file and says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
