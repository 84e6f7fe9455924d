// The app shell: one worker (through its hook), the scene, and the panels around it.
import { useExplainerWorker } from './hooks/useExplainerWorker';
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts';
import { SceneCanvas } from './app/SceneCanvas';
import { ToolsPanel } from './app/ToolsPanel';
import { LayerPanel } from './app/LayerPanel';
import { ViewPanel } from './app/ViewPanel';
import { StatusPanel } from './app/StatusPanel';
import { SourcePanel } from './app/SourcePanel';
import './app/app.css';

export function App(): React.JSX.Element {
  const commands = useExplainerWorker();
  useKeyboardShortcuts();
  return (
    <div className="app">
      <header className="app-header">
        <h1>Seg-Grad-CAM Explorer</h1>
        <StatusPanel />
      </header>
      <main className="app-main">
        <aside className="side left">
          <ToolsPanel />
        </aside>
        <div className="centre">
          <SceneCanvas />
          <LayerPanel />
        </div>
        <aside className="side right">
          <ViewPanel />
          <SourcePanel commands={commands} />
        </aside>
      </main>
    </div>
  );
}
