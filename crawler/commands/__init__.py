"""The ``crawler`` command's subcommands, one module per kind of work; crawler/cli.py gathers them."""
