import type { LayerRole } from './types';

/**
 * Roles from the resolution along the graph order: encoder while the resolution falls
 * to its minimum, bottleneck for the run of layers at the minimum before it first rises
 * again, decoder after. Returns the roles and the index of the last bottleneck layer.
 */
export function assignRoles(areas: number[]): { roles: LayerRole[]; lastBottleneck: number } {
  if (areas.length === 0) return { roles: [], lastBottleneck: -1 };
  const minArea = Math.min(...areas);
  const first = areas.indexOf(minArea);
  let end = first;
  while (end < areas.length && areas[end] === minArea) end++;
  const roles = areas.map((_, i): LayerRole => (i < first ? 'encoder' : i < end ? 'bottleneck' : 'decoder'));
  return { roles, lastBottleneck: end - 1 };
}
