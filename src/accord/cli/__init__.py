"""The ``accord`` command line (Typer): parse, call the library, render."""
