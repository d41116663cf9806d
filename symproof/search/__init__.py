"""Search: the space of training scenarios a claim is searched over (Hypothesis strategies, init shorthands,
`scenarios()`), and the `Scenario` record that replays one of them.
"""
