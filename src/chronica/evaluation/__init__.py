"""Measure chronica against annotated corpora."""
