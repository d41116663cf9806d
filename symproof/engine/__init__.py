"""The engine: a small NumPy backpropagation network in machine-independent arithmetic (activations, losses,
optimizers, parameters, inits, the network, the training loop). It imports nothing else of symproof.
"""
