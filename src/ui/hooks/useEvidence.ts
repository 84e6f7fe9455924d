// The evidence of the current view when the image is a generated scene (else null), and
// whether its overlay is shown (a UI-only switch, not part of a link).
import { useMemo } from 'react';
import { create } from 'zustand';
import { useAppStore } from '../../state/store';
import { resizeMaskNearest } from '../../mask/mask';
import { evidenceFor, evidenceScene, type Evidence } from '../lib/evidence';

export const useEvidenceOverlay = create<{ shown: boolean; toggle(): void }>((set) => ({
  shown: true,
  toggle: () => set((s) => ({ shown: !s.shown })),
}));

export function useEvidence(): Evidence | null {
  const source = useAppStore((s) => s.source);
  const model = useAppStore((s) => s.model);
  const mask = useAppStore((s) => s.mask);
  const classIndex = useAppStore((s) => s.classIndex);
  return useMemo(() => {
    if (source.kind !== 'scene' || !model || !mask || classIndex === null) return null;
    const scene = evidenceScene(source.seed, source.bias, model.inputSize);
    const atInput = resizeMaskNearest(mask, model.inputSize).bits;
    return evidenceFor(scene, atInput, classIndex, model.descriptor.classes[classIndex]?.name ?? `class ${classIndex}`);
  }, [source, model, mask, classIndex]);
}
