// The floors of the house, enforced: which room may import which (see ARCHITECTURE.md).
// Rooms are matched by a path segment of the import string, so '../../engine/x' and
// '../engine/x' both name the engine; tests (*.test.ts) may reach across rooms.

/** An import whose path has the folder `name` as one of its segments. */
const room = (name) => `(^|/)${name}(/|$)`;

const NODE = { regex: '^(node:|pngjs$|jpeg-js$)', message: 'Node APIs belong in src/files, src/cli, src/training or src/model/loadModelNode.ts.' };
const TFJS = { regex: '^@tensorflow/', message: 'tfjs runs in the worker (and the CLI), never in the UI.' };
const UI_LIBS = { regex: '^(react|react-dom|zustand)(/|$)', message: 'React and the store belong to src/ui and src/state.' };

const no = (names, why) => names.map((name) => ({ regex: room(name), message: `${why} (${name})` }));

const PURE = [
  NODE,
  TFJS,
  UI_LIBS,
  { regex: '^comlink', message: 'Pure rooms know nothing of workers.' },
  ...no(['engine', 'ui', 'state', 'worker', 'model', 'scenes', 'cli', 'training', 'files', 'bench'], 'a pure room (imaging, mask, datasets, formats, metrics) imports only other pure rooms'),
];

/** [files, restricted patterns] per room. */
export const BOUNDARIES = [
  [['src/imaging/**', 'src/mask/**', 'src/datasets/**', 'src/formats/**', 'src/metrics/**'], PURE],
  [['src/engine/**', 'src/scenes/**'], [NODE, UI_LIBS, ...no(['ui', 'state', 'worker', 'cli', 'training', 'files'], 'the engine and the scenes run anywhere: no UI, store, worker or Node tools')]],
  [['src/worker/**'], [NODE, UI_LIBS, ...no(['ui', 'state', 'cli', 'training', 'files'], 'the worker serves the app: no UI, store or Node tools')]],
  [['src/model/**'], [UI_LIBS, ...no(['ui', 'state', 'worker', 'cli', 'training'], 'models are loaded by the worker and the Node tools: no UI, store or worker')]],
  [['src/state/**'], [NODE, TFJS, ...no(['ui', 'cli', 'training', 'files'], 'the store and the bridge run on the main thread: no UI, tfjs or Node tools')]],
  [
    ['src/ui/**', 'src/main.tsx'],
    [
      NODE,
      TFJS,
      ...no(['cli', 'training', 'files', 'model'], 'the UI never imports Node tools, training or model loading'),
      // The localisation metrics and baseline maps are plain arithmetic on arrays (no tfjs): the
      // evidence panel computes them on the main thread as the slider moves.
      { regex: `${room('engine')}(?!types$|metrics/localisation$|metrics/baselines$)`, message: "the UI may use the engine's types (engine/types) and its pure localisation metrics, never its runtime" },
      { regex: '(^|/)worker/(?!protocol$|backendParam$|opening$|wireExplanation$|messages$)', message: "the UI talks to the worker through state/bridge and worker/protocol, never its runtime" },
    ],
  ],
  [['src/evaluation/**'], [UI_LIBS, ...no(['ui', 'state', 'worker', 'cli'], 'the evaluation is a Node room: no UI, store, worker or CLI')]],
  [['src/training/**'], [UI_LIBS, ...no(['ui', 'state', 'worker', 'cli'], 'training is a Node room: no UI, store, worker or CLI')]],
  [['src/cli/**'], [UI_LIBS, ...no(['ui', 'state'], 'the CLI runs in Node: no UI or store')]],
  [['bench/**'], [...no(['cli', 'training'], 'the bench page measures the engine: no CLI or training')]],
];

export function boundaryConfigs() {
  return BOUNDARIES.map(([files, patterns]) => ({
    files: files.map((f) => (f.endsWith('**') ? `${f}/*.{ts,tsx}` : f)),
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  }));
}
