"""The kernel every layer may use: errors, the clock, platforms and identities, the neutral reply,
mention safety, text fitted to a size and counting in words."""
