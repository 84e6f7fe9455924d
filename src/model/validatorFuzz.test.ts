// Seeded fuzz of model.json validation: mutated copies of a real model.json (values replaced,
// keys dropped, inbound nodes rewired into dangling names, wrong node indices and cycles).
// No exception other than ModelLoadError escapes, and every mutation the validator accepts
// is then built by tfjs-layers, which would loop forever on a graph it should have refused.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel, ModelLoadError } from './loadModel';
import { parseModelJson } from './loadModelFiles';
import { serializeModel, tinySegModel, type SerializedModel } from './loadTestModels';
import { seededRandom } from '../metrics/seededRandom';

let tiny: SerializedModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = tinySegModel();
  tiny = await serializeModel(model);
  model.dispose();
});

type Json = unknown;
const ODD_VALUES: Json[] = [null, 0, -1, 1.5, 1e12, '', 'ghost', [], {}, [[]], true, 'InputLayer', [['image', 0, 0]], 'dec', 2 ** 31];

/** Every [container, key] pair in the JSON tree, to pick a place to mutate. */
function places(root: Json): [Record<string, Json> | Json[], string | number][] {
  const out: [Record<string, Json> | Json[], string | number][] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        out.push([node, i]);
        walk(v);
      });
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        out.push([node as Record<string, Json>, k]);
        walk(v);
      }
    }
  };
  walk(root);
  return out;
}

function mutate(json: Record<string, Json>, next: () => number): void {
  const layers = ((json.modelTopology as Record<string, Json>).config as { layers: { name: string; inbound_nodes: Json }[] }).layers;
  const names = layers.map((l) => l.name);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const kind = next();
  if (kind < 0.45) {
    // Rewire an inbound reference: any layer, any node index (dangling names, cycles, bad nodes).
    const layer = pick(layers.slice(1));
    const name = next() < 0.85 ? pick(names) : 'ghost';
    const node = next() < 0.8 ? 0 : Math.floor(next() * 3);
    layer.inbound_nodes = [[[name, node, 0, {}]]];
  } else if (kind < 0.85) {
    const all = places(json);
    const [container, key] = pick(all);
    (container as Record<string | number, Json>)[key] = pick(ODD_VALUES);
  } else {
    const all = places(json).filter(([c]) => !Array.isArray(c));
    const [container, key] = pick(all);
    delete (container as Record<string, Json>)[key as string];
  }
}

describe('model.json validator fuzz', () => {
  it('2,000 seeded mutations: only ModelLoadError escapes, and what passes builds in tfjs without hanging', async () => {
    const next = seededRandom(1202);
    let accepted = 0;
    let refused = 0;
    const started = performance.now();
    for (let i = 0; i < 2000; i++) {
      const json = JSON.parse(JSON.stringify(tiny.modelJson)) as Record<string, Json>;
      const rounds = 1 + Math.floor(next() * 3);
      for (let r = 0; r < rounds; r++) {
        try {
          mutate(json, next);
        } catch {
          break; // a mutation removed what the next one walks: test what we have
        }
      }
      const text = JSON.stringify(json);
      let parts;
      try {
        parts = parseModelJson(text, 'model.json');
      } catch (e) {
        expect(e, text).toBeInstanceOf(ModelLoadError);
        for (const p of (e as ModelLoadError).problems) expect(p).not.toMatch(/\n/);
        refused++;
        continue;
      }
      accepted++;
      // tfjs sees only what the validator let through; a loop here would hang the test run.
      try {
        const loaded = await assembleModel({ modelSource: 'model.json', parts, shards: [tiny.weights] });
        loaded.model.dispose();
      } catch (e) {
        expect(e, text).toBeInstanceOf(ModelLoadError);
      }
    }
    expect(refused).toBeGreaterThan(500);
    expect(accepted).toBeGreaterThan(50);
    expect(performance.now() - started).toBeLessThan(120_000);
  });
});
