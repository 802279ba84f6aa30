"""File formats: reading and writing spreadsheets and project files. No database, no Qt."""
