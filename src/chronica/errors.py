"""Errors that carry a short reason code and a message meant for a person."""


class InputError(Exception):
    """An input that cannot become a document; ``reason`` is stable for tooling."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message
