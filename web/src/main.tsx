// The web app's entry: render the app into #root, and register the service worker that keeps the app's files
// for offline opening (web/src/pwa).

import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { registerServiceWorker } from './pwa/register-service-worker.ts';
import './app/app.css';

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<App />);
registerServiceWorker();
