"""On-demand benchmarks: ``python -m bench`` prints every figure as a table (see bench/README.md)."""
