"""API sync: one module per platform, registered like the importers (core registry)."""
