"""Roles: finding them, their cards, comparisons side by side, pay figures and the pay chart;
`commands` answers /compare and /role."""
