"""Database migrations of the portal (committed; `census manage migrate` applies them)."""
