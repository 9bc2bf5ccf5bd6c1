"""The directory's rules: every change to its data goes through here."""
