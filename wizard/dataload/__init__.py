"""Reference data in data/: read with line numbers, validate, load into the database, export back."""
