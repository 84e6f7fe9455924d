import type { LayerRole } from './types';

/** A node of the replay graph, reduced to what roles need. */
export interface RoleNode {
  /** h·w of the node's 4-D output; null when it is not explainable. */
  area: number | null;
  /** Indices of the nodes whose outputs this node consumes (earlier in graph order). */
  parents: number[];
  /** Padding and cropping keep the resolution of their input for role purposes. */
  keepsParentResolution?: boolean;
}

/**
 * Roles from the resolution along the paths: bottleneck = layers at the minimum
 * resolution; decoder = larger layers downstream of a bottleneck layer; encoder = the
 * rest (on the way down, including side branches such as input pyramids).
 * Returns a role per node (null for non-explainable ones).
 */
export function assignRoles(nodes: RoleNode[]): (LayerRole | null)[] {
  const scale: (number | null)[] = [];
  nodes.forEach((node, i) => {
    const parentScale = node.parents.length === 1 ? scale[node.parents[0]] : null;
    scale[i] = node.keepsParentResolution && parentScale != null ? parentScale : node.area;
  });
  const known = scale.filter((a, i): a is number => a !== null && nodes[i].area !== null);
  if (known.length === 0) return nodes.map(() => null);
  const minArea = Math.min(...known);
  const belowMin: boolean[] = [];
  return nodes.map((node, i) => {
    const atMin = node.area !== null && scale[i] === minArea;
    belowMin[i] = atMin || node.parents.some((p) => belowMin[p]);
    if (node.area === null) return null;
    if (atMin) return 'bottleneck';
    return node.parents.some((p) => belowMin[p]) ? 'decoder' : 'encoder';
  });
}
