"""Benchmarks: generated evidence databases at named sizes and a suite timing every operation on them.

``python -m benchmarks --help`` runs the suite; :func:`benchmarks.generate.generate` builds a database;
see ``benchmarks/README.md`` for what each figure means and the latest results.
"""
