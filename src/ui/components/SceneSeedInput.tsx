// Generate a synthetic street scene from a seed, or pick a featured one.
import { useState } from 'react';
import { parseSeed } from '../lib/seed';

export interface FeaturedScene {
  seed: number;
  title: string;
}

export interface SceneSeedInputProps {
  /** The seed on screen, or null when the image is not a scene. */
  seed: number | null;
  featured: readonly FeaturedScene[];
  onSeed(seed: number): void;
}

export function SceneSeedInput({ seed, featured, onSeed }: SceneSeedInputProps) {
  const [text, setText] = useState(seed === null ? '' : String(seed));
  const [invalid, setInvalid] = useState(false);
  return (
    <div className="scene-seed">
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = parseSeed(text);
          setInvalid(parsed === null);
          if (parsed !== null) onSeed(parsed);
        }}
      >
        <input
          type="text"
          inputMode="numeric"
          aria-label="Scene seed"
          aria-invalid={invalid}
          placeholder="seed"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setInvalid(false);
          }}
        />
        <button type="submit">Go</button>
      </form>
      {invalid && <p className="field-error">A seed is a whole number ≥ 0.</p>}
      {featured.length > 0 && (
        <ul className="featured-scenes" aria-label="Featured scenes">
          {featured.map((f) => (
            <li key={f.seed}>
              <button
                type="button"
                className={f.seed === seed ? 'link-button is-current' : 'link-button'}
                aria-current={f.seed === seed ? 'true' : undefined}
                onClick={() => {
                  setText(String(f.seed));
                  setInvalid(false);
                  onSeed(f.seed);
                }}
              >
                {f.title} <span className="muted">#{f.seed}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
