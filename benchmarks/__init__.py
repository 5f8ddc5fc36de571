"""Benchmarks of governance against eventsourcing, measured in the same run.

``python -m benchmarks --quick`` (under a minute), ``python -m benchmarks`` (up to 100
thousand events) and ``python -m benchmarks --full`` (up to 1 million); see
``docs/performance.md``. ``benchmarks.region`` generates the synthetic region.
"""
