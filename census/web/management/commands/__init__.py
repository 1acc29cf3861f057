"""`census manage <command>`: createuser, sync_units, load_demo."""
