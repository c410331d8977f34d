"""Questions in words (``gradkg ask``): map a Chinese or English question to a named question and its parameters."""
