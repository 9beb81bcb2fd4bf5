"""Speed figures against the issue's targets: `make bench` or `python -m benchmarks`."""
