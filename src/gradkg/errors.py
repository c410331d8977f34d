"""One error type for every failure a user must read: it carries the exit code the CLI returns."""

EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2


class GradkgError(Exception):
    """A failure explained to the user; ``exit_code`` 2 means bad input, 1 a failed check."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code
