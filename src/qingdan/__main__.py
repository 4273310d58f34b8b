"""`python -m qingdan`."""

from qingdan.cli import main

main()
