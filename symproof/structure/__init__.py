"""Structure: predicates on weight matrices and layers (zero, row-equal, block-constant, identical neurons), and
the symmetry prediction (which neurons stay interchangeable). Built on the engine only.
"""
