class ServiceError(Exception):
    """A domain rule refused the action. ``message`` is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
