"""``python -m governance``: the same as the ``governance`` command."""

from governance.cli import main

main()
