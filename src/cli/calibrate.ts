// npm run calibrate -- [--model public/models/unet-streets] [--scenes 200]
// Folds mIoU-maximising logit offsets (chosen on validation scenes) into a trained model, in place.
// `npm run train` does the same at the end of a run; this is for a model trained without it.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initNodeBackend } from '../training/backend';
import { loadModelFromDisk } from '../model/loadModelNode';
import { CALIBRATION_SCENES, calibrateOnValidationScenes } from '../training/logitBiases';
import { saveModelDir } from '../training/saveModel';
import { recordCalibration, SUMMARY_FILE } from '../training/summary';
import { UNET_NUM_CLASSES } from '../model/unet';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'public/models/unet-streets' },
    scenes: { type: 'string', default: String(CALIBRATION_SCENES) },
  },
});

await initNodeBackend('wasm', { native: true }); // native convolutions when built: same logits, faster
const dir = values.model;
const { model, descriptor } = await loadModelFromDisk(join(dir, 'model.json'));
if (descriptor.classes.length !== UNET_NUM_CLASSES) {
  // the validation scenes are labelled in the 19 Cityscapes train classes
  process.stderr.write(`calibrate: ${dir} has ${descriptor.classes.length} classes; the synthetic scenes have ${UNET_NUM_CLASSES}\n`);
  process.exit(2);
}
const started = Date.now();
const record = calibrateOnValidationScenes(model, descriptor.classes.length, Number(values.scenes));
await saveModelDir(model, dir, descriptor);
const recorded = await recordCalibration(dir, record);
process.stdout.write(
  `${record.scenes} validation scenes (seeds ${record.firstSeed}…), ${((Date.now() - started) / 1000).toFixed(0)} s: ` +
    `mIoU ${record.miouBefore.toFixed(3)} → ${record.miouAfter.toFixed(3)}\n` +
    `offsets: ${record.biases.map((b) => b.toFixed(1)).join(' ')}\nwrote ${dir}` +
    (recorded ? '\n' : ` (no ${SUMMARY_FILE} there: the offsets are in the weights only)\n`),
);
