"""The demo province generator: realistic, deterministic roster workbooks, exports and fixtures."""
