import type { ClassInfo } from './classes';

/** The 19 Cityscapes train classes in train-id order, with the official palette. */
export const CITYSCAPES_CLASSES: readonly ClassInfo[] = [
  { name: 'road', color: [128, 64, 128] },
  { name: 'sidewalk', color: [244, 35, 232] },
  { name: 'building', color: [70, 70, 70] },
  { name: 'wall', color: [102, 102, 156] },
  { name: 'fence', color: [190, 153, 153] },
  { name: 'pole', color: [153, 153, 153] },
  { name: 'traffic light', color: [250, 170, 30] },
  { name: 'traffic sign', color: [220, 220, 0] },
  { name: 'vegetation', color: [107, 142, 35] },
  { name: 'terrain', color: [152, 251, 152] },
  { name: 'sky', color: [70, 130, 180] },
  { name: 'person', color: [220, 20, 60] },
  { name: 'rider', color: [255, 0, 0] },
  { name: 'car', color: [0, 0, 142] },
  { name: 'truck', color: [0, 0, 70] },
  { name: 'bus', color: [0, 60, 100] },
  { name: 'train', color: [0, 80, 100] },
  { name: 'motorcycle', color: [0, 0, 230] },
  { name: 'bicycle', color: [119, 11, 32] },
];

export const CITYSCAPES_IGNORE_LABEL = 255;

/** Train id by class name, e.g. TRAIN_ID.car === 13. */
export const TRAIN_ID: Readonly<Record<string, number>> = Object.fromEntries(
  CITYSCAPES_CLASSES.map((c, i) => [c.name, i]),
);
