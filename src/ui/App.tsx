// The app shell: one worker (through its hook), the scene, and the panels around it.
import { useRef } from 'react';
import { useExplainerWorker } from './hooks/useExplainerWorker';
import { useUrlHashSync } from './hooks/useUrlHashSync';
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts';
import { useImagePaste } from './hooks/useImagePaste';
import { SceneCanvas } from './app/SceneCanvas';
import { ToolsPanel } from './app/ToolsPanel';
import { ExplainPanel } from './app/ExplainPanel';
import { LayerStripPanel } from './app/LayerStripPanel';
import { AlphaContainer, LegendContainer, ViewPanel } from './app/SidePanels';
import { ExportPanel, exportAlpha } from './app/ExportPanel';
import { StatusPanel } from './app/StatusPanel';
import { SourcePanel } from './app/SourcePanel';
import { EvidencePanel } from './app/EvidencePanel';
import './styles.css';

export function App(): React.JSX.Element {
  useUrlHashSync();
  const commands = useExplainerWorker();
  const sceneRef = useRef<HTMLCanvasElement>(null);
  useKeyboardShortcuts();
  useImagePaste(commands.openImage);
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Seg-Grad-CAM Explorer</h1>
        <StatusPanel />
      </header>
      <aside className="app-toolbar">
        <ToolsPanel />
        <SourcePanel commands={commands} />
      </aside>
      <main className="app-scene">
        <SceneCanvas canvasRef={sceneRef} onDropImage={commands.openImage} />
      </main>
      <div className="app-strip">
        <LayerStripPanel />
      </div>
      <aside className="app-panels">
        <ExplainPanel />
        <EvidencePanel commands={commands} />
        <ViewPanel />
        <ExportPanel sceneRef={sceneRef} />
        <AlphaContainer onExport={exportAlpha} />
        <LegendContainer />
      </aside>
    </div>
  );
}
