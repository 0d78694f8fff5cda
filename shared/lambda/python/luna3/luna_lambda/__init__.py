"""luna3.luna_lambda: not available inside a lambda."""
