import { describe, expect, it } from 'vitest';
import { TRAIN_ID } from '../datasets/cityscapes';
import { generateScene } from './generate';

const SMALL = { width: 256, height: 128 };

describe('co-occurrence rules', () => {
  it('notNear keeps a class away from its context; near keeps it only beside it', () => {
    let together = 0;
    for (let seed = 0; seed < 10; seed++) {
      const plain = generateScene(seed, SMALL);
      const hasCar = plain.objects.some((o) => o.classId === TRAIN_ID.car);
      if (hasCar && plain.labels.includes(TRAIN_ID.person)) together++;

      const apart = generateScene(seed, {
        ...SMALL,
        cooccurrence: [{ subject: 'person', context: 'car', relation: 'notNear', distance: 1000 }],
      });
      if (apart.objects.some((o) => o.classId === TRAIN_ID.car)) {
        expect(apart.labels.includes(TRAIN_ID.person), `seed ${seed}`).toBe(false);
      }

      // Bicycles only within 1 cm of a bus: in practice, never.
      const never = generateScene(seed, {
        ...SMALL,
        cooccurrence: [{ subject: 'bicycle', context: 'bus', relation: 'near', distance: 0.01 }],
      });
      expect(never.labels.includes(TRAIN_ID.bicycle), `seed ${seed}`).toBe(false);
    }
    // The rule had something to remove.
    expect(together).toBeGreaterThan(3);
  });
});
