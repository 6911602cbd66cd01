// Continuous colour scales (spec 7.8) for counts: the development heatmap and its networks.
// Colours are evenly spaced stops; a value is looked up by linear interpolation in RGB.

export const SCALES = {
  Viridis: ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"],
  Cividis: ["#00224e", "#123570", "#3b496c", "#575d6d", "#707173", "#8a8678", "#a59c74", "#c3b369", "#e1cc55", "#fee838"],
  Plasma: ["#0d0887", "#46039f", "#7201a8", "#9c179e", "#bd3786", "#d8576b", "#ed7953", "#fb9f3a", "#fdca26", "#f0f921"],
  RdBu: ["#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"],
  Spectral: ["#5e4fa2", "#3288bd", "#66c2a5", "#abdda4", "#e6f598", "#ffffbf", "#fee08b", "#fdae61", "#f46d43", "#d53e4f", "#9e0142"],
  PRGn: ["#40004b", "#762a83", "#9970ab", "#c2a5cf", "#e7d4e8", "#f7f7f7", "#d9f0d3", "#a6dba0", "#5aae61", "#1b7837", "#00441b"],
};

/** A scale as Plotly's colorscale: [[0, colour], ..., [1, colour]]. */
export const plotlyScale = (name) => {
  const stops = SCALES[name] || SCALES.Viridis;
  return stops.map((color, i) => [i / (stops.length - 1), color]);
};

/** The colour of value v on a scale spanning [min, max] (clamped), as "rgb(r,g,b)". */
export function colourAt(name, v, min, max) {
  const stops = SCALES[name] || SCALES.Viridis;
  const t = max > min ? Math.min(1, Math.max(0, (v - min) / (max - min))) : 1;
  const position = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(position));
  const f = position - i;
  const [a, b] = [hexRGB(stops[i]), hexRGB(stops[i + 1])];
  return `rgb(${a.map((c, k) => Math.round(c + (b[k] - c) * f)).join(",")})`;
}

const hexRGB = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
