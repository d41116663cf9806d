"""Verdicts: the claim records, how each is decided (search, measurement, proof), the efforts, and the snapshot
files that hold what each claim is expected to get.
"""
