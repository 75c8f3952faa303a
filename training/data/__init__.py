"""Offline training data: clean prose sources, synthetic corruption, task mixing."""
