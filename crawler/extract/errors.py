"""The one error extraction raises."""


class ExtractionError(ValueError):
    """The page holds no article; the message is the reason, for logs and fetch_errors."""
