"""Benchmarks, run on demand (never by the test suite); figures go in the README."""
