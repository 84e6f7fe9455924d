import type { ModelProto, NodeProto } from './proto';
import { ONNX_OPS } from './ops';

// Structural checks before anything runs: opset, operators, tensors every node reads, cycles.

export const MIN_OPSET = 7;
export const MAX_OPSET = 18;

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);

export function defaultOpset(model: ModelProto): number {
  const entry = model.opsetImport.find((o) => DEFAULT_DOMAINS.has(o.domain ?? ''));
  if (!entry) throw new Error('the model imports no default-domain (ai.onnx) opset');
  return Number(entry.version ?? 0);
}

/** One message naming every operator we cannot run and how many nodes use it. */
export function unsupportedOperators(nodes: NodeProto[], opset: number): string | null {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const domain = node.domain ?? '';
    const key = DEFAULT_DOMAINS.has(domain) ? node.opType : `${domain}.${node.opType}`;
    if (DEFAULT_DOMAINS.has(domain) && ONNX_OPS[node.opType]) continue;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  const list = [...counts].map(([op, n]) => `${op} (${n} node${n === 1 ? '' : 's'})`).join(', ');
  return `the model uses operators this explorer cannot run (opset ${opset}): ${list}`;
}

/** The nodes the output depends on, in an order where every node follows its producers. */
export function orderNodes(nodes: NodeProto[], available: Set<string>, output: string): NodeProto[] {
  const producer = new Map<string, NodeProto>();
  for (const node of nodes) for (const o of node.output) if (o !== '') producer.set(o, node);
  const missing = new Set<string>();
  const needed = new Set<NodeProto>();
  const stack = [output];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (available.has(name)) continue;
    const node = producer.get(name);
    if (!node) {
      missing.add(name);
      continue;
    }
    if (needed.has(node)) continue;
    needed.add(node);
    for (const i of node.input) if (i !== '') stack.push(i);
  }
  if (missing.size > 0) {
    const readers = nodes.filter((n) => n.input.some((i) => missing.has(i))).map((n) => `${n.name || n.output[0]} (${n.opType})`);
    throw new Error(
      `tensor${missing.size > 1 ? 's' : ''} ${[...missing].map((m) => `"${m}"`).join(', ')} ` +
        `${missing.size > 1 ? 'are' : 'is'} read by ${readers.join(', ') || 'the graph output'} but no node, input or initialiser provides ${missing.size > 1 ? 'them' : 'it'} (a missing initialiser?)`,
    );
  }
  const order: NodeProto[] = [];
  const done = new Set<string>(available);
  let pending = nodes.filter((n) => needed.has(n));
  while (pending.length > 0) {
    const ready = pending.filter((n) => n.input.every((i) => i === '' || done.has(i)));
    if (ready.length === 0) {
      const names = pending.slice(0, 5).map((n) => `${n.name || n.output[0]} (${n.opType})`);
      throw new Error(`the graph has a cycle: ${names.join(', ')}${pending.length > 5 ? ', …' : ''} depend on each other`);
    }
    for (const n of ready) {
      order.push(n);
      n.output.forEach((o) => done.add(o));
    }
    const readySet = new Set(ready);
    pending = pending.filter((n) => !readySet.has(n));
  }
  return order;
}
