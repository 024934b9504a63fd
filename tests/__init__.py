"""The atlas's tests: a package, so `tests.*` is never an installed package's `tests` (libcovebods ships one)."""
