"""Reports: what users run and read (the `@claim` decorator and `check`, the pytest plugin, the CLI, the ledger,
figures). The top layer: nothing else of symproof imports it.
"""
