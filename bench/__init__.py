"""Benchmarks (matching quality, load) and their data generator."""
