"""The kernel every layer may use: errors, the clock, platforms and identities, the neutral reply,
mention safety and counting in words."""
