"""Django management commands of the portal."""
