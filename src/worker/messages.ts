// Messages the worker posts beside the Comlink traffic. No tfjs here: the page imports it.

/** The worker's WebGL context was lost: the page's watchdog restarts the worker. */
export const CONTEXT_LOST_MESSAGE = 'segcam-webgl-context-lost';
