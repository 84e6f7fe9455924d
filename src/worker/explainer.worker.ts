// The Web Worker: all tfjs work happens here, behind a Comlink RPC surface (see protocol.ts).
import * as Comlink from 'comlink';
import { ExplainerService } from './explainerService';

Comlink.expose(new ExplainerService());
