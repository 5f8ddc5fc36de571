"""The version of the distribution ``governance-tracker``: pyproject.toml reads it from here.

Kept apart, and read without ``importlib.metadata``, so that ``governance --version``
answers at once.
"""

__version__ = "0.1.0"
