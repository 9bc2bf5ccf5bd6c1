"""The directory's public API: a code-first Strawberry schema."""
