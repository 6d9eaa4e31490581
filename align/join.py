"""Join pairwise alignments that share documents into rows across all languages."""

from __future__ import annotations

import heapq

from .model import Bead, Row


def join_pairwise(sizes: list[int], pairwise: dict[tuple[int, int], list[Bead]]) -> list[Row]:
    """Rows over len(sizes) documents from beads between document pairs (x, y).

    Sentences linked through any bead land in one row; the rows come out in
    document order. A row's score is the lowest confidence among its beads.
    """
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    for doc, size in enumerate(sizes):
        for index in range(size):
            find((doc, index))
    score: dict[tuple[int, int], float] = {}
    for (x, y), beads in pairwise.items():
        for bead in beads:
            nodes = [(x, i) for i in bead.src] + [(y, j) for j in bead.tgt]
            for node in nodes[1:]:
                union(nodes[0], node)
            for node in nodes:
                score[node] = min(score.get(node, 1.0), bead.score)
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for doc, size in enumerate(sizes):
        for index in range(size):
            members.setdefault(find((doc, index)), []).append((doc, index))
    return [_row(members[root], len(sizes), score) for root in _document_order(sizes, find, members)]


def _document_order(sizes, find, members):
    """Topological order of the groups: each follows its predecessors in every document."""
    successors: dict = {root: set() for root in members}
    indegree = {root: 0 for root in members}
    for doc, size in enumerate(sizes):
        for index in range(size - 1):
            a, b = find((doc, index)), find((doc, index + 1))
            if a != b and b not in successors[a]:
                successors[a].add(b)
                indegree[b] += 1
    key = {root: min((index / max(sizes[doc], 1), doc) for doc, index in nodes) for root, nodes in members.items()}
    ready = [(key[r], r) for r, d in indegree.items() if d == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, root = heapq.heappop(ready)
        order.append(root)
        for nxt in successors[root]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(ready, (key[nxt], nxt))
    if len(order) != len(members):  # crossing links cannot come from monotone beads
        raise ValueError("pairwise alignments cross each other")
    return order


def _row(nodes, n_docs, score) -> Row:
    spans = tuple(tuple(sorted(i for d, i in nodes if d == doc)) for doc in range(n_docs))
    linked = sum(1 for s in spans if s) > 1
    value = min(score.get(node, 1.0) for node in nodes) if linked else min(score.get(node, 0.0) for node in nodes)
    return Row(spans, value)
