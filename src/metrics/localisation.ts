// How well a relevance map (non-negative, one value per pixel, row-major) points at a known
// evidence region (non-zero = inside). Map and region at the same resolution.

function checkSizes(map: ArrayLike<number>, region: ArrayLike<number>): void {
  if (map.length !== region.length) throw new Error(`map has ${map.length} values, region ${region.length}`);
}

export interface EnergyInRegion {
  /** Share of the map's total (positive) mass inside the region; NaN for an all-zero map. */
  share: number;
  /** Share of the pixels inside the region (what a uniform map would give). */
  areaShare: number;
  /** share / areaShare: 1 = chance, 1/areaShare = all mass inside. */
  ratio: number;
}

/** Energy inside the region, area-normalised. Negative values count as zero (a ReLU'd map has none). */
export function energyInRegion(map: ArrayLike<number>, region: ArrayLike<number>): EnergyInRegion {
  checkSizes(map, region);
  let inside = 0;
  let total = 0;
  let area = 0;
  for (let i = 0; i < map.length; i++) {
    const v = map[i] > 0 ? map[i] : 0;
    total += v;
    if (region[i]) {
      inside += v;
      area++;
    }
  }
  const areaShare = area / map.length;
  const share = total > 0 ? inside / total : NaN;
  return { share, areaShare, ratio: areaShare > 0 ? share / areaShare : NaN };
}

export interface Pointing {
  /** True when the map's maximum lies within `tolerance` pixels of the region; null for an all-zero map. */
  hit: boolean | null;
  /** Where the maximum is (first one in row-major order). */
  peak: { x: number; y: number } | null;
}

/**
 * Pointing game: does the map's peak fall on the region, allowing `tolerance` pixels of slack
 * (Euclidean distance to the nearest region pixel)? Ties: the first maximum in row-major order.
 */
export function pointingGame(map: ArrayLike<number>, region: ArrayLike<number>, width: number, tolerance = 0): Pointing {
  checkSizes(map, region);
  let best = -Infinity;
  let at = -1;
  for (let i = 0; i < map.length; i++) {
    if (map[i] > best) {
      best = map[i];
      at = i;
    }
  }
  if (at < 0 || !(best > 0)) return { hit: null, peak: null };
  const px = at % width;
  const py = Math.floor(at / width);
  const r = Math.floor(tolerance);
  const height = map.length / width;
  for (let y = Math.max(0, py - r); y <= Math.min(height - 1, py + r); y++) {
    for (let x = Math.max(0, px - r); x <= Math.min(width - 1, px + r); x++) {
      if (region[y * width + x] && (x - px) * (x - px) + (y - py) * (y - py) <= tolerance * tolerance) {
        return { hit: true, peak: { x: px, y: py } };
      }
    }
  }
  return { hit: false, peak: { x: px, y: py } };
}

/**
 * Relevance-rank AUC: the chance that a random pixel of the region has more relevance than a
 * random pixel outside it (ties count half): 1 = the region ranks first, 0.5 = chance. Computed
 * from tie-averaged ranks (Mann–Whitney U). NaN when the region is empty or everything.
 */
export function relevanceRankAuc(map: ArrayLike<number>, region: ArrayLike<number>): number {
  checkSizes(map, region);
  const n = map.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => map[a] - map[b]);
  let rankSum = 0;
  let positives = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && map[order[end]] === map[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (region[order[k]]) {
        rankSum += rank;
        positives++;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
