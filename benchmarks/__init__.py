"""Performance benchmarks, run with `make bench`; figures are ratios against a floor."""
