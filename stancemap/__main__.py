"""``python -m stancemap`` runs the command line."""

from .cli import main

main()
