// Worker threads cannot load TypeScript by themselves; tsx compiles gradientWorker.ts on the fly.
import { tsImport } from 'tsx/esm/api';

await tsImport('./gradientWorker.ts', import.meta.url);
