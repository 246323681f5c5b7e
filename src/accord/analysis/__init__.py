"""Pure analysis functions over the model: frontier, solutions, diagnosis, proposals."""
