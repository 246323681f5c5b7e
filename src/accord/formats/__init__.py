"""File formats: accord scenario v1, GENIUS XML, GeniusWeb JSON (file <-> model)."""
