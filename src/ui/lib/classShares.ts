// Which classes a segmentation contains, and how much of it: the legend's data.

export interface ClassShare {
  classIndex: number;
  pixels: number;
  /** pixels / all labelled pixels, 0..1 */
  share: number;
}

/**
 * Classes present in `labels` (values ≥ numClasses, e.g. ignore 255, are skipped), largest
 * share first (ties: lower index first).
 */
export function classShares(labels: ArrayLike<number>, numClasses: number): ClassShare[] {
  const counts = new Array<number>(numClasses).fill(0);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c >= 0 && c < numClasses) {
      counts[c]++;
      total++;
    }
  }
  const present: ClassShare[] = [];
  counts.forEach((pixels, classIndex) => {
    if (pixels > 0) present.push({ classIndex, pixels, share: pixels / total });
  });
  return present.sort((a, b) => b.pixels - a.pixels || a.classIndex - b.classIndex);
}
