"""Benchmarks of the directory server; see bench/README.md."""
