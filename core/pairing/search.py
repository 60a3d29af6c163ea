"""The cheapest grouping of members 0..n-1 in pairs, with one trio when n is odd, given what
each pair costs and what each member adds when in the trio.

When n is odd the trio is chosen first, cheapest first (among the members adding least to
it, for a large group). The pairs then follow depth first: the hardest member (whose cheapest
partner left costs most) is placed first, with its cheapest partner first, and a branch is
dropped once even its cheapest completion (each member left with their cheapest partner
left, halved) costs as much as the best grouping found. The first grouping reached is
improved by swapping members between groups while a swap makes it cheaper, which gives the
search a good bound early; the best one found when the search ends or spends its budget is
improved the same way. Exact for a study group of up to about sixteen, close beyond."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

Grouping = list[tuple[int, ...]]

BUDGET = 200_000  # members looked at before settling for the best grouping found
TRIO_POOL = 24  # a larger group seeks its trio among this many members adding least to it


class _Costs:
    def __init__(self, pair: Sequence[Sequence[int]], extra: Sequence[int]) -> None:
        self.pair, self.extra = pair, extra
        count = len(pair)
        self.partners = [
            sorted((j for j in range(count) if j != i), key=pair[i].__getitem__)
            for i in range(count)
        ]

    def of(self, group: Sequence[int]) -> int:
        total = sum(self.pair[a][b] for a, b in combinations(group, 2))
        return total + sum(self.extra[m] for m in group) if len(group) == 3 else total

    def total(self, groups: Grouping) -> int:
        return sum(self.of(group) for group in groups)

    def improved(self, groups: Grouping) -> Grouping:
        """Swap members between two groups while a swap makes the grouping cheaper."""
        found = [list(group) for group in groups]
        cost = [self.of(group) for group in found]
        better = True
        while better:
            better = False
            for i, j in combinations(range(len(found)), 2):
                g, h = found[i], found[j]
                for x in range(len(g)):
                    for y in range(len(h)):
                        g[x], h[y] = h[y], g[x]
                        after = (self.of(g), self.of(h))
                        if sum(after) < cost[i] + cost[j]:
                            cost[i], cost[j] = after
                            better = True
                        else:
                            g[x], h[y] = h[y], g[x]
        return [tuple(group) for group in found]


def cheapest(pair: Sequence[Sequence[int]], extra: Sequence[int]) -> Grouping:
    """`pair[i][j]`: what putting i and j together costs; `extra[i]`: what i adds in the trio."""
    costs = _Costs(pair, extra)
    best: Grouping = []
    best_cost = -1
    steps = 0

    def walk(left: set[int], chosen: Grouping, spent: int) -> None:
        nonlocal best, best_cost, steps
        steps += len(left) + 1
        if best_cost >= 0 and steps > BUDGET:
            return
        floor, hardest, first = 0, -1, -1
        for member in left:
            least = 0
            for other in costs.partners[member]:
                if other in left:
                    least = pair[member][other]
                    break
            floor += least
            if least > hardest or (least == hardest and member < first):
                hardest, first = least, member
        if best_cost >= 0 and 2 * spent + floor >= 2 * best_cost:
            return
        if not left:
            best = list(chosen) if best_cost >= 0 else costs.improved(chosen)
            best_cost = costs.total(best)
            return
        for other in [o for o in costs.partners[first] if o in left]:
            left.difference_update((first, other))
            chosen.append((first, other))
            walk(left, chosen, spent + pair[first][other])
            chosen.pop()
            left.update((first, other))

    everyone = range(len(pair))
    if len(pair) % 2 == 0:
        walk(set(everyone), [], 0)
        return costs.improved(best)
    pool = sorted(everyone, key=extra.__getitem__)[:TRIO_POOL]  # stable: ties keep the order
    for trio, cost in sorted(
        ((trio, costs.of(trio)) for trio in combinations(sorted(pool), 3)),
        key=lambda option: option[1],
    ):
        if best_cost >= 0 and (cost >= best_cost or steps > BUDGET):
            break
        walk(set(everyone) - set(trio), [trio], cost)
    return costs.improved(best)
