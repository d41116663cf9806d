"""Symbolic proofs with SymPy: the network as expressions, exact structure predicates, the quotient network.

See docs/symbolic.md for what is proven and in which scope.
"""
