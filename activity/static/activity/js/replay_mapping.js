// How the circuit replay turns a replay answer into node sizes and colours and edge widths and
// colours, frame by frame (spec 6.15). Pure functions of the answer; replay.js draws them.

export const NODE_MODES = {
  activity: "Activity",
  degree_total: "Degree (total)",
  degree_in: "Degree (in)",
  degree_out: "Degree (out)",
  pagerank: "PageRank",
  eigenvector: "Eigenvector centrality",
};
export const EDGE_MODES = { count: "Synapse count", weighted_source: "Source activity × count", source_only: "Source activity" };
const STATIC_FIELD = {
  degree_total: "degree_total_full", degree_in: "degree_in_full", degree_out: "degree_out_full",
  pagerank: "pagerank_centrality", eigenvector: "eigenvector_centrality",
};

/** The node modes of an answer: the fixed ones and one behaviour correlation per channel. */
export function nodeModes(answer) {
  const modes = { ...NODE_MODES };
  for (const [key, c] of Object.entries(answer.behavior?.traces || {})) modes[`behavior_corr__${key}`] = `Correlation with ${c.name.toLowerCase()}`;
  return modes;
}

/** Signed modes are centred on 0 (activity, correlations); the others run from low to high. */
const signed = (mode) => mode === "activity" || mode.startsWith("behavior_corr__");

export function percentile(values, p) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return 0;
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (position - low);
}

/** A node's value in a mode at a frame (activity changes with the frame; the others do not). */
export function nodeValue(node, mode, frame) {
  if (mode === "activity") return node.trace[frame] ?? 0;
  if (mode.startsWith("behavior_corr__")) return node.behavior_correlations[mode.slice(15)] ?? 0;
  return node[STATIC_FIELD[mode]] ?? 0;
}

/**
 * The scale of a mode over the nodes (activity pooled over every frame): {min, max} for
 * colours (5th to 95th percentile; symmetric around 0 for signed modes) and size(v) in [0, 1]
 * (|v| / p95(|v|) for signed modes, else (v - p5) / (p95 - p5)), clamped.
 */
export function nodeScale(nodes, mode) {
  const values = mode === "activity" ? nodes.filter((n) => n.has_activity).flatMap((n) => n.trace) : nodes.map((n) => nodeValue(n, mode, 0));
  const clamp = (v) => Math.min(1, Math.max(0, v));
  if (signed(mode)) {
    const top = percentile(values.map(Math.abs), 0.95) || 1;
    return { min: -top, max: top, size: (v) => clamp(Math.abs(v) / top) };
  }
  const [low, high] = [percentile(values, 0.05), percentile(values, 0.95)];
  return { min: low, max: high > low ? high : low + 1, size: (v) => clamp((v - low) / ((high - low) || 1)) };
}

/** An edge's value in a mode at a frame: its count, or its source's |activity| (times the count). */
export function edgeValue(edge, mode, frame, activityOf) {
  const source = Math.abs(activityOf(edge.source)?.[frame] ?? 0);
  if (mode === "weighted_source") return source * edge.weight;
  if (mode === "source_only") return source;
  return edge.weight;
}

/** The scale of an edge mode (activity modes pooled over frames, sampled every 10th frame). */
export function edgeScale(edges, mode, activityOf, frames) {
  const values = mode === "count" ? edges.map((e) => e.weight)
    : edges.flatMap((e) => Array.from({ length: Math.ceil(frames / 10) }, (_, i) => edgeValue(e, mode, i * 10, activityOf)));
  const [low, high] = [percentile(values, 0.05), percentile(values, 0.95)];
  const span = high > low ? high - low : 1;
  return { min: low, max: high > low ? high : low + 1, size: (v) => Math.min(1, Math.max(0, (v - low) / span)) };
}

/** "mm:ss (t=frame+1)" of a 0-based frame. */
export function timeLabel(frame, minutesPerFrame) {
  const seconds = Math.round(frame * minutesPerFrame * 60);
  return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")} (t=${frame + 1})`;
}
