"""Data rights: retention (``flask purge``), erasing one person, and case export/import."""
