"""Pictures of the graph with matplotlib (Agg backend, no display needed): SVG or PNG by suffix.

* :func:`draw_career` — the career ladder: one row per career level, entry level at the bottom,
  an arrow for every move some document's career path makes.
* :func:`draw_role_tools` — one role's tools, one column per tool category.
* :func:`draw_network` — the role-tool network, tools coloured by Louvain community.

SVG keeps its text as ``<text>`` elements (not outlines), so labels stay searchable and tests can
read them. :func:`draw` is what ``rolegraph draw`` calls: it reads the graphs from a store.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from os import PathLike
from pathlib import Path

from rolegraph.errors import UsageError

__all__ = ["KINDS", "draw", "draw_career", "draw_role_tools", "draw_network", "resolve_role"]

#: The pictures :func:`draw` makes.
KINDS = ("career", "role-tools", "network")

_FORMATS = {".svg": "svg", ".png": "png"}
_ROLE_COLOUR = "#1f4e79"
# dark enough for text on white
_PALETTE = ["#1f77b4", "#c25e00", "#2a8a2a", "#c62828", "#7b4fa8", "#8c564b", "#b5367f", "#0f7f8c",
            "#6b6b00", "#555555"]


def _format(output: str | PathLike) -> str:
    suffix = Path(output).suffix.lower()
    if suffix not in _FORMATS:
        raise UsageError(f"{output}: cannot tell the picture format from the suffix; use .svg or .png")
    return _FORMATS[suffix]


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _save(fig, output: str | PathLike) -> Path:
    import matplotlib

    path = Path(output)
    fmt = _format(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "rolegraph"}):
        fig.savefig(path, format=fmt, bbox_inches="tight", metadata=_metadata(fmt))
    return path


def _metadata(fmt: str) -> dict:
    # no dates in the files: the same graph gives the same picture
    return {"Date": None} if fmt == "svg" else {}


def _wrap(text: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def _box(ax, x, y, text, *, colour="#ffffff", edge="#555555", size=9, weight="normal", colour_text="#111111"):
    return ax.text(x, y, text, ha="center", va="center", fontsize=size, fontweight=weight, color=colour_text,
                   bbox={"boxstyle": "round,pad=0.4", "facecolor": colour, "edgecolor": edge, "linewidth": 0.8},
                   zorder=3)


# --------------------------------------------------------------------------- pictures


def draw_career(career, output: str | PathLike, *, highlight: str | None = None,
                level_labels: dict[str, str] | None = None) -> Path:
    """Draw the career graph as a ladder: rows by level rank (entry at the bottom), arrows for moves.

    ``highlight`` (a career node) is drawn filled; ``level_labels`` maps level IRIs to the names
    shown at the left (default: the IRI's last segment).
    """
    level_labels = level_labels or {}
    rows: dict[int, list[str]] = defaultdict(list)
    names: dict[int, str] = {}
    for node, data in sorted(career.nodes(data=True), key=lambda nd: nd[1].get("label", nd[0]).casefold()):
        rank = data.get("rank") or 0
        rows[rank].append(node)
        level = data.get("level")
        if level:
            names.setdefault(rank, level_labels.get(level) or level.rstrip("/").rsplit("/", 1)[-1])
    ranks = sorted(rows)
    # each row ordered by where its neighbours in the rows around stand (a few barycentre sweeps),
    # so that fewer arrows cross
    order = {node: (i + 0.5) / len(rows[rank]) for rank in ranks for i, node in enumerate(rows[rank])}
    for sweep in range(4):
        for rank in ranks if sweep % 2 == 0 else reversed(ranks):
            def key(node):
                near = [order[n] for n in (*career.predecessors(node), *career.successors(node))
                        if career.nodes[n].get("rank", 0) != rank]
                return (sum(near) / len(near) if near else order[node], career.nodes[node].get("label", node))
            rows[rank].sort(key=key)
            for i, node in enumerate(rows[rank]):
                order[node] = (i + 0.5) / len(rows[rank])
    widest = max((len(r) for r in rows.values()), default=1)
    fig = _figure(max(6.0, 2.3 * widest + 2), max(3.0, 1.5 * len(ranks) + 1))
    ax = fig.add_subplot()
    ax.set_axis_off()
    where: dict[str, tuple[float, float]] = {}
    for y, rank in enumerate(ranks):
        for node in rows[rank]:
            where[node] = (order[node] * widest, float(y))
        ax.text(-0.4, y, names.get(rank, "level unknown"), ha="right", va="center", fontsize=10,
                fontweight="bold", color="#333333")
    for a, b in career.edges():
        (x1, y1), (x2, y2) = where[a], where[b]
        half = 0.2  # about half a box's height, in rows
        if y1 == y2:  # a move within one level arcs over the boxes between
            start, end, bend = (x1, y1 + half), (x2, y2 + half), -0.35 if x2 > x1 else 0.35
        else:
            up = 1 if y2 > y1 else -1
            start, end, bend = (x1, y1 + up * half), (x2, y2 - up * half), 0.05
        ax.annotate("", xy=end, xytext=start, zorder=2,
                    arrowprops={"arrowstyle": "-|>", "color": "#555555", "mutation_scale": 14, "shrinkA": 0,
                                "shrinkB": 0, "connectionstyle": f"arc3,rad={bend}", "linewidth": 1.1})
    for node, (x, y) in where.items():
        data = career.nodes[node]
        marked = node == highlight
        _box(ax, x, y, _wrap(data.get("label", node)), colour=_ROLE_COLOUR if marked else "#eef3f8",
             colour_text="#ffffff" if marked else "#111111", weight="bold" if marked else "normal")
    ax.set_xlim(-1.6, widest + 0.2)
    ax.set_ylim(-0.7, max(len(ranks) - 0.3, 0.7))
    ax.set_title("Career paths across all documents", fontsize=12)
    return _save(fig, output)


def draw_role_tools(role_tools, role: str, output: str | PathLike, *, category_labels: dict[str, str] | None = None
                    ) -> Path:
    """Draw one role's tools grouped by category: the role on top, a column per category.

    A tool the documents file under two categories stands in both columns; tools without a
    category stand under "other". ``category_labels`` maps category IRIs to names.
    """
    if role not in role_tools:
        raise UsageError(f"{role}: the documents name no tools for this role")
    category_labels = category_labels or {}
    columns: dict[str, list[str]] = defaultdict(list)
    for tool in role_tools.neighbors(role):
        name = role_tools.nodes[tool].get("label", tool)
        cats = role_tools.edges[role, tool].get("categories") or [None]
        for cat in cats:
            title = category_labels.get(cat) or (cat.rstrip("/").rsplit("/", 1)[-1] if cat else "other")
            columns[title].append(name)
    titles = sorted(columns, key=lambda t: (t == "other", t.casefold()))
    tallest = max((len(v) for v in columns.values()), default=1)
    fig = _figure(max(6.0, 2.0 * len(titles)), max(3.0, 0.45 * tallest + 2.2))
    ax = fig.add_subplot()
    ax.set_axis_off()
    top = tallest + 1.6
    _box(ax, (len(titles) - 1) / 2, top, role_tools.nodes[role].get("label", role), colour=_ROLE_COLOUR,
         colour_text="#ffffff", size=12, weight="bold")
    for x, title in enumerate(titles):
        colour = _PALETTE[x % len(_PALETTE)]
        ax.text(x, tallest + 0.5, _wrap(title, 16), ha="center", va="center", fontsize=10, fontweight="bold",
                color=colour)
        for y, name in enumerate(sorted(columns[title], key=str.casefold)):
            _box(ax, x, tallest - 0.4 - y * 0.9, name, edge=colour)
    ax.set_xlim(-0.7, len(titles) - 0.3)
    ax.set_ylim(tallest - 0.9 * tallest - 0.6, top + 0.6)
    return _save(fig, output)


def draw_network(role_tools, output: str | PathLike, *, communities=(), seed: int = 42) -> Path:
    """Draw the role-tool network: roles as large dark boxes, tools as small dots coloured by
    community (``communities``: :class:`~rolegraph.graph.analyze.Community` objects), every node
    labelled. The layout is a spring layout with a fixed ``seed``."""
    import networkx as nx

    colour_of = {}
    for n, community in enumerate(communities):
        for member in community.members:
            colour_of[member] = _PALETTE[n % len(_PALETTE)]
    size = max(6.0, 1.1 * role_tools.number_of_nodes() ** 0.5 * 2)
    fig = _figure(size, size * 0.8)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if role_tools.number_of_nodes():
        pos = _layout(role_tools, seed)
        for a, b in role_tools.edges():
            (x1, y1), (x2, y2) = pos[a], pos[b]
            ax.plot([x1, x2], [y1, y2], color="#cccccc", linewidth=0.6, zorder=1)
        for node, data in role_tools.nodes(data=True):
            x, y = pos[node]
            if data.get("kind") == "role":
                _box(ax, x, y, _wrap(data.get("label", node), 20), colour=_ROLE_COLOUR, colour_text="#ffffff",
                     weight="bold", size=9)
            else:
                ax.scatter([x], [y], s=40, color=colour_of.get(node, "#999999"), zorder=2)
                ax.text(x, y + 0.03, data.get("label", node), ha="center", va="bottom", fontsize=7, zorder=3)
    ax.set_title("Roles and the tools they use", fontsize=12)
    return _save(fig, output)


def _layout(graph, seed: int) -> dict:
    """A spring layout per connected component, largest first, side by side, each as wide as its
    share of the nodes (networkx would push small components to the far edges)."""
    import networkx as nx

    pos = {}
    x = 0.0
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    biggest = len(parts[0])
    for part in parts:
        sub = graph.subgraph(part)
        radius = max(0.25, (len(part) / biggest) ** 0.5)
        layout = nx.spring_layout(sub, seed=seed, k=2.2 / max(len(part), 1) ** 0.5, scale=radius) if len(part) > 1 \
            else {next(iter(part)): (0.0, 0.0)}
        for node, (nx_, ny_) in layout.items():
            pos[node] = (x + radius + nx_, ny_)
        x += 2 * radius + 0.3
    return pos


# --------------------------------------------------------------------------- from a store


def resolve_role(store, role: str) -> str:
    """The IRI of a role given by label (any language, any case) or IRI, as the queries resolve it."""
    from rolegraph.queries import Parameter, resolve

    return str(resolve(store, Parameter("role", "rg:Role", "a role"), role))


def draw(store, kind: str, *, output: str | PathLike, role: str | None = None, analysis=None) -> Path:
    """Draw picture ``kind`` (``career``, ``role-tools`` or ``network``) of ``store`` into ``output``.

    ``role`` (label or IRI) is required for ``role-tools`` and marks the role's node in
    ``career``. ``analysis`` (from :func:`~rolegraph.graph.analyze.analyze`) is computed without
    writing when not given.
    """
    if kind not in KINDS:
        raise UsageError(f"unknown picture {kind!r}; choose one of: {', '.join(KINDS)}")
    _format(output)
    if kind == "role-tools" and not role:
        raise UsageError("role-tools needs a ROLE: rolegraph draw role-tools ROLE -o FILE")
    from rolegraph.graph import nx as conv

    role_iri = resolve_role(store, role) if role else None
    if analysis is None:
        from rolegraph.graph.analyze import analyze

        analysis = analyze(store, write=False)
    found = conv.labels(store)

    def names(prefix: str) -> dict[str, str]:
        return {iri: conv.display_label(iri, found) for iri in found if iri.startswith(prefix)}

    from rolegraph.namespaces import RGID

    if kind == "career":
        highlight = conv.career_node(role_iri, conv.occupations(store)) if role_iri else None
        return draw_career(analysis.career, output, highlight=highlight, level_labels=names(str(RGID["level/"])))
    if kind == "role-tools":
        return draw_role_tools(analysis.role_tools, role_iri, output, category_labels=names(str(RGID["category/"])))
    return draw_network(analysis.role_tools, output, communities=analysis.communities)
